import { describeOutage, type FeatureOutage } from './release';
import { formatCalendarDate, formatSpan } from './time-format';
import { localDatesOf, type UpgradeWindow } from './window';

/** "Tue 8 Dec 2026", or "Fri 4 Dec 2026 and Sat 5 Dec 2026" when a window crosses midnight. */
export function freezeDays(window: UpgradeWindow, timeZone: string): string {
  return localDatesOf(window, timeZone).map(formatCalendarDate).join(' and ');
}

export interface FreezeMessageInput {
  clientName: string;
  version: string;
  timeZone: string;
  window: UpgradeWindow;
  outages: FeatureOutage[];
}

/** The message a client's owners send their staff before a content freeze (the chat card and the intranet post start from it). */
export function defaultFreezeMessage(input: FreezeMessageInput): string {
  const days = freezeDays(input.window, input.timeZone);
  const span = formatSpan(input.window.startsAt, input.window.endsAt, input.timeZone);
  const outages = input.outages.map((o) => `${describeOutage(o)}.`).join(' ');
  return [
    `Subject: Content freeze on ${days} for the upgrade to version ${input.version}`,
    '',
    'Hello all,',
    '',
    `On ${days} our platform is upgraded to version ${input.version}. The upgrade runs ${span}.`,
    '',
    'So that nothing is lost, please do not upload content or edit workspaces or pages that day. Save any such work for another day.',
    '',
    `During the upgrade you may notice some unexpected behaviour.${outages ? ` ${outages}` : ''} This is expected and temporary.`,
    '',
    'We will let you know when the upgrade is complete and the freeze is lifted.',
    '',
    'Thank you,',
    `The ${input.clientName} platform team`,
  ].join('\n');
}
