import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { CalendarItem } from '../usecases/schedule-tab';

/**
 * The schedule as an iCalendar file (RFC 5545) for a download or an Outlook subscription, after
 * the NANOG maintenance-notification practice: one event per upgrade with a stable UID
 * (`<change id>@upgrade-desk`), SEQUENCE raised on every change, STATUS TENTATIVE while windows
 * are proposed (the first proposed window, the others listed in the description), CONFIRMED once
 * booked (and while it runs, and when done), CANCELLED when cancelled. Times are UTC (no calendar
 * time zone is set, so ical-generator writes them with a Z); each client's local time is in the
 * description. Requested upgrades with no date yet have no event.
 */
export const icsUidDomain = 'upgrade-desk';

export function uidOf(changeId: string): string {
  return `${changeId}@${icsUidDomain}`;
}

/** Raised on every change: seconds from the upgrade's creation to its last change (every transition moves updatedAt on). */
export function sequenceOf(item: Pick<CalendarItem, 'createdAt' | 'updatedAt'>): number {
  const s = Math.floor((Date.parse(item.updatedAt) - Date.parse(item.createdAt)) / 1000);
  return Number.isFinite(s) && s > 0 ? s : 0;
}

function statusOf(item: CalendarItem): ICalEventStatus {
  if (item.state === 'cancelled') return ICalEventStatus.CANCELLED;
  if (item.state === 'proposed' || item.state === 'requested') return ICalEventStatus.TENTATIVE;
  return ICalEventStatus.CONFIRMED;
}

function local(instant: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(instant));
  } catch {
    return instant;
  }
}

export function calendarIcs(items: readonly CalendarItem[], options: { name: string; url?: string }): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Upgrade Desk', product: 'schedule', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
    ...(options.url ? { url: options.url } : {}),
  });
  for (const item of items) {
    const window = item.window ?? item.proposedWindows[0];
    if (!window) continue;
    const lines = [
      `${item.clientName}: ${item.fromVersion} to ${item.toVersion} (${item.kind}, ${item.mode === 'self_service' ? 'self-service' : 'managed'})`,
      `State: ${item.stateLabel}`,
      `Client's local time (${item.clientTimeZone}): ${local(window.startsAt, item.clientTimeZone)} to ${local(window.endsAt, item.clientTimeZone)}`,
    ];
    if (!item.window && item.proposedWindows.length > 1)
      lines.push(`Windows proposed: ${item.proposedWindows.map((w) => `${local(w.startsAt, item.clientTimeZone)}`).join('; ')}`);
    if (item.needsAttention) lines.push(`Needs attention: ${item.needsAttention}`);
    calendar.createEvent({
      id: uidOf(item.id),
      sequence: sequenceOf(item),
      stamp: new Date(item.updatedAt),
      start: new Date(window.startsAt),
      end: new Date(window.endsAt),
      summary: `${item.state === 'cancelled' ? 'Cancelled: ' : item.state === 'proposed' ? 'Proposed: ' : ''}${item.clientName} upgrade to ${item.toVersion} (${item.id})`,
      description: lines.join('\n'),
      status: statusOf(item),
    });
  }
  return calendar.toString();
}
