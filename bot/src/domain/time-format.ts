import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
/** A window's two instants (UpgradeWindow's shape, without importing window.ts, which formats with this file). */
type Span = { startsAt: string; endsAt: string };

/** "Fri 4 Dec 2026 18:00 GMT" in the given zone. */
export function formatInZone(instant: string | Date, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return `${format(new TZDate(ms, timeZone), 'EEE d MMM yyyy HH:mm')} ${zoneAbbreviation(ms, timeZone)}`;
}

/** "18:00-24:00" style span in a zone; the end shows 24:00 rather than 00:00 of the next day. */
export function formatSpan(startsAt: string, endsAt: string, timeZone: string): string {
  const start = new TZDate(Date.parse(startsAt), timeZone);
  const end = new TZDate(Date.parse(endsAt), timeZone);
  const sameDay = format(start, 'yyyy-MM-dd') === format(new TZDate(Date.parse(endsAt) - 1, timeZone), 'yyyy-MM-dd');
  const endText = sameDay && format(end, 'HH:mm') === '00:00' ? '24:00' : format(end, sameDay ? 'HH:mm' : 'EEE d MMM HH:mm');
  return `${format(start, 'EEE d MMM yyyy HH:mm')}-${endText} ${zoneAbbreviation(Date.parse(startsAt), timeZone)}`;
}

const isUtc = (timeZone: string) => timeZone === 'UTC' || timeZone === 'Etc/UTC';

/** A window as the cards show it, in a sentence: "Fri 4 Dec 2026 13:00-19:00 EST (Fri 4 Dec 2026 18:00-24:00 UTC)". */
export function formatWindowInZoneAndUtc(window: Span, timeZone: string): string {
  const utc = formatSpan(window.startsAt, window.endsAt, 'UTC');
  return isUtc(timeZone) ? utc : `${formatSpan(window.startsAt, window.endsAt, timeZone)} (${utc})`;
}

/** "Mon 2 Nov 2026" for a calendar date written yyyy-MM-dd. */
export function formatCalendarDate(date: string): string {
  const ms = Date.parse(`${date}T12:00:00Z`);
  return Number.isNaN(ms) ? date : format(new TZDate(ms, 'UTC'), 'EEE d MMM yyyy');
}

/** "13 days", "5 h 30 min", "40 min": how long, to the minute (rounded up), for a sentence. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes >= 48 * 60) {
    const days = Math.floor(minutes / (24 * 60));
    return `${days} days`;
  }
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** "GMT", "BST", "GMT+5:30": one formatter per zone, made once (making one costs far more than using it). */
export function zoneAbbreviation(ms: number, timeZone: string): string {
  let formatter = zoneFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
    zoneFormatters.set(timeZone, formatter);
  }
  const part = formatter
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}


/** "Fri 4 Dec 2026 14:30 EST (Fri 4 Dec 2026 19:30 UTC)" */
export function instantInZoneAndUtc(instant: string, timeZone: string): string {
  const utc = formatInZone(instant, 'UTC');
  return isUtc(timeZone) ? utc : `${formatInZone(instant, timeZone)} (${utc})`;
}
