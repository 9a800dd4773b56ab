import { contentFreezeApplies } from '../domain/lifecycle';
import { describeOutage, type Release } from '../domain/release';
import type { UpgradeMode } from '../domain/upgrade';
import type { UpgradeWindow } from '../domain/window';
import { card, facts, text, title, type AdaptiveCard, type CardElement } from './adaptive-card';
import { bullets, heading, subtle, windowFacts } from './card-parts';

export interface BookingConfirmationView {
  upgradeId: string;
  clientName: string;
  timeZone: string;
  mode: UpgradeMode;
  window: UpgradeWindow;
  release: Pick<Release, 'version' | 'kind' | 'outages' | 'contentFreezeAdvised' | 'prerequisites'>;
  /** Who accepted the window. */
  bookedBy?: string;
  /** The booking post, corrected in place: the window was given up (rescheduled), cancelled, or rolled back. */
  superseded?: BookingSuperseded;
}

export type BookingSuperseded = 'rescheduled' | 'cancelled' | 'rolled_back';

const supersededText: Record<BookingSuperseded, [string, string]> = {
  rescheduled: ['Upgrade rescheduled', 'Rescheduled: the window below no longer applies. See the ticket for the new windows.'],
  cancelled: ['Upgrade cancelled', 'Cancelled: the window below no longer applies. See the ticket for the reason.'],
  rolled_back: ['Upgrade rolled back', 'Rolled back: the upgrade in the window below was rolled back, and new windows will be proposed. See the ticket.'],
};

export const contentFreezeMeaning =
  'During a content freeze nobody uploads content or edits workspaces or pages on the day of the upgrade, so nothing is lost.';

/** The agreed window, what goes offline and whether content is frozen; for the CSA and the owners. */
export function buildBookingConfirmationCard(view: BookingConfirmationView): AdaptiveCard {
  const { release } = view;
  if (view.superseded) {
    const [heading, says] = supersededText[view.superseded];
    return card([
      title(`${heading}: ${view.upgradeId}`),
      subtle(`${view.clientName} · release ${release.version} (${release.kind})`),
      text(says, { color: 'Warning' }),
      facts(windowFacts(view.window, view.timeZone, 'Was booked')),
    ]);
  }
  const freeze = contentFreezeApplies(release);
  const outages = release.outages.map(describeOutage);
  const body: CardElement[] = [
    title(`Upgrade booked: ${view.upgradeId}`),
    subtle(`${view.clientName} · release ${release.version} (${release.kind})${view.bookedBy ? ` · accepted by ${view.bookedBy}` : ''}`),
    facts([
      ...windowFacts(view.window, view.timeZone),
      ['Run by', view.mode === 'managed' ? 'Vendor engineers' : "Your IT admin, with the release's runbook"],
    ]),
    heading('What will be offline'),
    ...bullets(outages.length ? outages : ['No feature outage is expected.']),
    text('The environment is offline from the upgrade start until the upgrade is complete; each step is posted in the ticket thread.', {
      isSubtle: true,
    }),
    heading(freeze ? 'A content freeze applies' : 'No content freeze is needed'),
    text(
      freeze
        ? `${contentFreezeMeaning} A freeze notice goes to your channel, and owners get a message to send to staff.`
        : 'Content can be worked on as normal; we advise telling users they may notice unexpected behaviour during the window.',
      { spacing: 'None' },
    ),
  ];
  if (release.kind === 'major' && release.prerequisites.length) {
    body.push(heading('Next'), text('Client owners: tick the prerequisites and record the CAB approval on the readiness card.', { spacing: 'None' }));
  }
  return card(body);
}
