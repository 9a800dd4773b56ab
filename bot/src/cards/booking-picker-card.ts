import type { ReleaseKind } from '../domain/release';
import type { OfferedWindow, UpgradeWindow } from '../domain/window';
import { card, facts, text, title, type AdaptiveCard } from './adaptive-card';
import { subtle, windowFacts } from './card-parts';
import { formatSpan } from './format';
import { execute, inputIds } from './verbs';
import type { BookingPickerView } from '../usecases/views/booking-picker-view';

export type { BookingPickerView } from '../usecases/views/booking-picker-view';

const places = (n: number) => (n === 1 ? '1 place left' : `${n} places left`);

/** The CSA ticks one to three of the next windows and sends them to the client's owners. */
export function buildBookingPickerCard(view: BookingPickerView): AdaptiveCard {
  const head = [
    title(`Propose upgrade windows to ${view.clientName}`),
    subtle(`Release ${view.version} (${view.kind}). Times in ${view.timeZone}, with UTC.`),
    ...(view.notice ? [text(view.notice, { color: 'Warning' as const })] : []),
    ...(view.reschedule
      ? [
          text(`${view.reschedule.upgradeId} stays booked until you send new windows; sending them releases this window and offers the new ones to the owners.`),
          ...(view.reschedule.window ? [facts(windowFacts(view.reschedule.window, view.timeZone, 'Booked'))] : []),
        ]
      : []),
  ];
  if (view.windows.length === 0) {
    return card([
      ...head,
      text('No window is free in the next six months. Ask the release manager about capacity or blackout dates.', { color: 'Warning' }),
    ]);
  }
  return card(
    [
      ...head,
      {
        type: 'Input.ChoiceSet',
        id: inputIds.windows,
        label: 'Windows to offer (pick one to three)',
        isMultiSelect: true,
        style: 'expanded',
        isRequired: true,
        errorMessage: 'Pick one to three windows to offer.',
        choices: view.windows.map((w) => ({
          title: `${formatSpan(w.startsAt, w.endsAt, view.timeZone)} · ${formatSpan(w.startsAt, w.endsAt, 'UTC')} · ${places(w.placesLeft)}`,
          value: w.startsAt,
        })),
      },
      subtle("The client's owners get the proposal and accept one window, or ask for others."),
    ],
    [
      execute('Send proposal', {
        verb: 'proposal.send', clientId: view.clientId, version: view.version,
        ...(view.reschedule ? { upgradeId: view.reschedule.upgradeId, rescheduleReason: view.reschedule.reason } : {}),
      }, { style: 'positive' }),
    ],
  );
}
