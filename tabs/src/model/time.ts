import type { TimeWindow } from '../api/client';

/** The viewer's IANA time zone. */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "Fri 4 Dec 2026, 18:00 – 00:00 GMT" in a zone (the end's date is added when it differs). */
export function formatWindow(window: TimeWindow, timeZone: string, locale?: string): string {
  const start = new Date(window.startsAt);
  const end = new Date(window.endsAt);
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(start).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  const sameDay = day.format(start) === day.format(end);
  return `${day.format(start)}, ${time.format(start)} – ${sameDay ? '' : `${day.format(end)}, `}${time.format(end)} ${zone}`;
}

export function formatInstant(at: string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(at));
}

export function hoursOf(window: TimeWindow): number {
  return Math.round((Date.parse(window.endsAt) - Date.parse(window.startsAt)) / 360_000) / 10;
}
