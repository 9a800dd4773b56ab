import { freezeDays } from '../domain/freeze-message';
import type { UpgradeWindow } from '../domain/window';
import { card, facts, text, title, type AdaptiveCard, type CardElement } from './adaptive-card';
import { acknowledgeParts, type AcknowledgeState } from './acknowledge';
import { subtle, windowFacts } from './card-parts';
import { contentFreezeMeaning } from './booking-confirmation-card';

/** announced at booking, reminded at T-2 days and on the morning, lifted; corrected when rescheduled or cancelled. */
export type FreezeNoticeVariant = 'announced' | 'reminder_two_days' | 'reminder_morning' | 'lifted' | 'rescheduled' | 'cancelled';

export interface FreezeNoticeView extends AcknowledgeState {
  variant: FreezeNoticeVariant;
  clientName: string;
  version: string;
  timeZone: string;
  /** The window the notice was posted for. */
  window: UpgradeWindow;
  /** rescheduled: the new window, once one is agreed. */
  newWindow?: UpgradeWindow;
}

export { freezeDays } from '../domain/freeze-message';

const whatToDo = 'Please do not upload content or edit workspaces or pages on that day; save that work for another day.';

/** The content-freeze notice to the client's channel, in all its states. */
export function buildFreezeNoticeCard(view: FreezeNoticeView): AdaptiveCard {
  const days = freezeDays(view.window, view.timeZone);
  const active = view.variant !== 'lifted' && view.variant !== 'cancelled' && !(view.variant === 'rescheduled' && !view.newWindow);
  const ack = acknowledgeParts(view, active);
  const current = view.variant === 'rescheduled' && view.newWindow ? view.newWindow : view.window;
  const body: CardElement[] = [
    title(headline(view, days)),
    subtle(`${view.clientName} · upgrade to ${view.version} · times in ${view.timeZone} and UTC`),
    ...explanation(view, days),
    ...(active ? [facts(windowFacts(current, view.timeZone, 'Upgrade')), text(`${contentFreezeMeaning} ${whatToDo}`)] : []),
    ...ack.body,
  ];
  return card(body, ack.actions);
}

function headline(view: FreezeNoticeView, days: string): string {
  switch (view.variant) {
    case 'announced':
      return `Content freeze on ${days}`;
    case 'reminder_two_days':
      return `Reminder: content freeze in two days, on ${days}`;
    case 'reminder_morning':
      return `Today: content freeze for the upgrade (${days})`;
    case 'lifted':
      return 'Content freeze lifted';
    case 'rescheduled':
      return view.newWindow ? `Content freeze moved to ${freezeDays(view.newWindow, view.timeZone)}` : 'Content freeze called off: upgrade rescheduled';
    case 'cancelled':
      return 'Content freeze cancelled';
  }
}

function explanation(view: FreezeNoticeView, days: string): CardElement[] {
  switch (view.variant) {
    case 'lifted':
      return [text('The content freeze is over: you can upload content and edit workspaces and pages again.', { color: 'Good' })];
    case 'cancelled':
      return [text(`The upgrade planned for ${days} was cancelled, so there is no content freeze. Work as normal.`, { color: 'Good' })];
    case 'rescheduled':
      return view.newWindow
        ? [text(`The upgrade was rescheduled: the freeze on ${days} no longer applies, and moves to the new date below.`, { color: 'Warning' })]
        : [text(`The upgrade was rescheduled: there is no content freeze on ${days}. The new date will be announced here.`, { color: 'Warning' })];
    default:
      return [];
  }
}
