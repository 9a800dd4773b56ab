/**
 * An independent reading of wall-clock time, built on Intl alone (not @date-fns/tz), so the
 * window rules are checked against a second opinion rather than against themselves.
 */
export const minuteMs = 60_000;
export const hourMs = 60 * minuteMs;
export const dayMs = 24 * hourMs;

export interface Wall {
  date: string; // yyyy-MM-dd
  minutes: number; // minutes since local midnight
  weekday: number; // 0 = Sunday
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

function fields(instant: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of format(timeZone).formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The local calendar date, time and weekday of an instant in a zone. */
export function wallOf(instant: number, timeZone: string): Wall {
  const f = fields(instant, timeZone);
  const date = `${f.year}-${pad(f.month!)}-${pad(f.day!)}`;
  return { date, minutes: f.hour! * 60 + f.minute!, weekday: weekdayOf(date) };
}

/** The zone's offset from UTC at an instant, in ms. */
export function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const f = fields(whole, timeZone);
  return Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!) - whole;
}

/** The weekday of a calendar date; it does not depend on any zone. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The instant a local date and time name in a zone. An ambiguous time (clocks going back)
 * is the earlier instant; a time that does not exist (clocks going forward) is moved later by
 * the size of the gap, as most calendars do. `inGap` says which case applied.
 */
export function resolveWallClock(date: string, minutes: number, timeZone: string): { instant: number; inGap: boolean } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, 0, minutes);
  const before = offsetAt(asUtc - dayMs, timeZone);
  const after = offsetAt(asUtc + dayMs, timeZone);
  const matches = [asUtc - before, asUtc - after].filter((t) => {
    const w = wallOf(t, timeZone);
    return w.date === date && w.minutes === minutes;
  });
  if (matches.length > 0) return { instant: Math.min(...matches), inGap: false };
  return { instant: asUtc - before, inGap: true };
}

/** Every local date an instant span [start, end) touches in a zone. */
export function datesTouched(start: number, end: number, timeZone: string): Set<string> {
  const dates = new Set<string>([wallOf(start, timeZone).date, wallOf(end - 1, timeZone).date]);
  // A local day lasts at least 23 hours, so sampling twice a day finds every date in between.
  for (let t = start + 12 * hourMs; t < end; t += 12 * hourMs) dates.add(wallOf(t, timeZone).date);
  return dates;
}

/** The most spans that overlap at any one instant of [start, end): exact, no rounding. */
export function exactPeak(spans: readonly { startsAt: string; endsAt: string }[], start: number, end: number): number {
  const cuts = new Set<number>([start]);
  for (const s of spans) {
    const a = Date.parse(s.startsAt);
    if (a > start && a < end) cuts.add(a);
  }
  let peak = 0;
  for (const t of cuts) {
    const n = spans.filter((s) => Date.parse(s.startsAt) <= t && t < Date.parse(s.endsAt)).length;
    peak = Math.max(peak, n);
  }
  return peak;
}

export function hhmm(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
