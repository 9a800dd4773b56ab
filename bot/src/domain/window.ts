import { TZDate, tzOffset } from '@date-fns/tz';
import { format } from 'date-fns';
import type { WindowPolicy } from './client';
import { fail, ok, type Result } from './errors';
import type { ReleaseKind } from './release';
import { formatInZone } from './time-format';

/** An upgrade window: a span of time stored as UTC instants (ISO 8601, "Z"). */
export interface UpgradeWindow {
  startsAt: string;
  endsAt: string;
}

export interface OfferedWindow extends UpgradeWindow {
  placesLeft: number;
}

/** The vendor's rules that every client's windows obey. */
export interface VendorWindowRules {
  /** Shortest window the vendor will run for each kind of release. */
  minimumLengthInHours: Record<ReleaseKind, number>;
  /** How many upgrades the vendor can run at the same time. */
  capacityPerSlot: number;
  /** Shortest lead time between a request and the window's start. */
  minimumLeadTimeInDays: number;
  /** How many self-service upgrades the vendor can stand by for on one day of its standby rota. */
  standbyCapacityPerDay: number;
  /**
   * The zone of the vendor's standby rota: a self-service upgrade takes a place on the rota's day
   * its start falls on in this zone (the day the vendor's engineer is on call), whatever the
   * client's zone and whatever the UTC date.
   */
  standbyTimeZone: string;
}

export const defaultVendorWindowRules: VendorWindowRules = Object.freeze({
  minimumLengthInHours: Object.freeze({ major: 6, minor: 3 }),
  capacityPerSlot: 2,
  minimumLeadTimeInDays: 7,
  standbyCapacityPerDay: 2,
  standbyTimeZone: 'Europe/London',
});

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const startTimePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Refuses a client policy the vendor cannot honour, naming what to change. */
export function checkWindowPolicy(policy: WindowPolicy, kind: ReleaseKind, rules = defaultVendorWindowRules): Result<WindowPolicy> {
  const minimum = rules.minimumLengthInHours[kind];
  if (policy.days.length === 0 || policy.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6))
    return fail('policy_invalid', 'A window policy needs at least one weekday (0 = Sunday ... 6 = Saturday).');
  if (!startTimePattern.test(policy.startTime))
    return fail('policy_invalid', `Start time "${policy.startTime}" is not a time of day; use HH:mm, e.g. 18:00.`);
  if (!(policy.lengthInHours >= minimum) || policy.lengthInHours > 24)
    return fail('policy_invalid', `A ${kind} upgrade window must last between ${minimum} and 24 hours.`);
  if (!(policy.leadTimeInDays >= rules.minimumLeadTimeInDays))
    return fail('policy_invalid', `The lead time cannot be shorter than ${rules.minimumLeadTimeInDays} days.`);
  return ok(policy);
}

/** The window length actually used: the client's, never below the vendor's minimum for the kind. */
export function effectiveLengthInHours(policy: WindowPolicy, kind: ReleaseKind, rules = defaultVendorWindowRules): number {
  return Math.min(24, Math.max(policy.lengthInHours, rules.minimumLengthInHours[kind]));
}

/** The local calendar date ("yyyy-MM-dd") of an instant in a time zone. */
export function localDate(instant: number | Date, timeZone: string): string {
  const d = new TZDate(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Every local date a window touches, in the client's time zone, in order. Sampled every six
 * hours as well as at both ends: a local date lasts at least 23 hours (a day whose clocks go
 * forward), so a 24-hour window across such a day touches three dates and none is missed.
 */
export function localDatesOf(window: UpgradeWindow, timeZone: string): string[] {
  const start = Date.parse(window.startsAt);
  const last = Math.max(start, Date.parse(window.endsAt) - 1);
  const dates = new Set<string>([localDate(start, timeZone)]);
  for (let t = start + sampleMs; t < last; t += sampleMs) dates.add(localDate(t, timeZone));
  dates.add(localDate(last, timeZone));
  return [...dates];
}

const sampleMs = 6 * hourMs;

/**
 * The instant a local date and time name in a zone, whatever zone the host runs in. A time the
 * clocks skip is read with the offset from before the change (later by the gap); a time they
 * repeat is its first occurrence, as RFC 5545 reads local times. TZDate's constructor is not used
 * for this: in the repeated hour its choice depends on the host's own time zone.
 */
function zonedInstant(year: number, monthIndex: number, day: number, hours: number, minutes: number, timeZone: string): number {
  const asUtc = Date.UTC(year, monthIndex, day, hours, minutes);
  const offsetMs = (t: number) => Math.round(tzOffset(timeZone, new Date(t)) * 60_000);
  const before = asUtc - offsetMs(asUtc - dayMs);
  const after = asUtc - offsetMs(asUtc + dayMs);
  const names = (t: number) => t + offsetMs(t) === asUtc;
  if (names(before)) return names(after) ? Math.min(before, after) : before;
  return names(after) ? after : before;
}

/** Capacity is counted in quarter-hour buckets, so store and rules agree on what "at once" means. */
export const capacityBucketMs = 15 * 60_000;

/** The quarter-hour buckets (by index since the epoch) a window occupies. */
export function capacityBuckets(window: UpgradeWindow): number[] {
  const first = Math.floor(Date.parse(window.startsAt) / capacityBucketMs);
  const last = Math.ceil(Date.parse(window.endsAt) / capacityBucketMs) - 1;
  const buckets: number[] = [];
  for (let b = first; b <= last; b++) buckets.push(b);
  return buckets;
}

/**
 * How many upgrades hold a place in each quarter-hour bucket (by bucket index): the vendor's
 * capacity in use, as the capacity store keeps it. Buckets not in the map are empty.
 */
export type BucketUsage = ReadonlyMap<number, number>;

/** The bucket usage of a set of booked windows, as claiming each of them would leave it. */
export function bucketUsageOf(booked: readonly UpgradeWindow[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const w of booked) for (const b of capacityBuckets(w)) counts.set(b, (counts.get(b) ?? 0) + 1);
  return counts;
}

/** How many booked upgrades run in each bucket: the vendor's capacity in use. */
export class Occupancy {
  private readonly counts: Map<number, number>;

  constructor(booked: readonly UpgradeWindow[], usage?: BucketUsage) {
    this.counts = bucketUsageOf(booked);
    for (const [b, n] of usage ?? []) this.counts.set(b, (this.counts.get(b) ?? 0) + n);
  }

  /** The most upgrades running at once anywhere in the window. */
  peak(window: UpgradeWindow): number {
    let peak = 0;
    for (const b of capacityBuckets(window)) peak = Math.max(peak, this.counts.get(b) ?? 0);
    return peak;
  }
}

export interface NextWindowsInput {
  /** When the request is made. */
  now: Date;
  timeZone: string;
  policy: WindowPolicy;
  kind: ReleaseKind;
  /** Windows already booked across the vendor (they use its capacity). */
  booked?: readonly UpgradeWindow[];
  /**
   * The capacity in use per bucket, as the capacity store holds it (what an acceptance claims
   * against): added to `booked`. It must cover `capacitySearchSpan` of the same input.
   */
  usage?: BucketUsage;
  /** Local dates in the client's zone that no window may touch (vendor holidays, client freezes). */
  blackoutDates: readonly string[];
  rules?: VendorWindowRules;
  count?: number;
  /** How far ahead to look before giving up. */
  horizonInDays?: number;
}

/** The next bookable managed windows: policy days and start, lead time, length, capacity, blackouts. */
export function nextAvailableWindows(input: NextWindowsInput): OfferedWindow[] {
  const rules = input.rules ?? defaultVendorWindowRules;
  const count = input.count ?? 5;
  const horizon = input.horizonInDays ?? 180;
  const [hours, minutes] = input.policy.startTime.split(':').map(Number) as [number, number];
  const lengthMs = effectiveLengthInHours(input.policy, input.kind, rules) * hourMs;
  const leadDays = Math.max(input.policy.leadTimeInDays, rules.minimumLeadTimeInDays);
  const earliest = input.now.getTime() + leadDays * dayMs;
  const blackouts = new Set(input.blackoutDates);
  const occupancy = new Occupancy(input.booked ?? [], input.usage);
  const first = new TZDate(earliest, input.timeZone);
  const offered: OfferedWindow[] = [];

  for (let i = 0; i <= horizon && offered.length < count; i++) {
    const day = new Date(Date.UTC(first.getFullYear(), first.getMonth(), first.getDate() + i));
    if (!input.policy.days.includes(day.getUTCDay() as never)) continue;
    const start = zonedInstant(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hours, minutes, input.timeZone);
    if (start < earliest) continue;
    const window = { startsAt: new Date(start).toISOString(), endsAt: new Date(start + lengthMs).toISOString() };
    if (localDatesOf(window, input.timeZone).some((d) => blackouts.has(d))) continue;
    const placesLeft = rules.capacityPerSlot - occupancy.peak(window);
    if (placesLeft <= 0) continue;
    offered.push({ ...window, placesLeft });
  }
  return offered;
}

/**
 * The span every window `nextAvailableWindows` may consider for these inputs lies in: from the
 * earliest start (the lead time) to the last day of the horizon plus a day-long window and the
 * slack of a clock change. Read the capacity in use over it, no more.
 */
export function capacitySearchSpan(input: Pick<NextWindowsInput, 'now' | 'policy' | 'rules' | 'horizonInDays'>): UpgradeWindow {
  const rules = input.rules ?? defaultVendorWindowRules;
  const leadDays = Math.max(input.policy.leadTimeInDays, rules.minimumLeadTimeInDays);
  const earliest = input.now.getTime() + leadDays * dayMs;
  const horizon = input.horizonInDays ?? 180;
  return { startsAt: new Date(earliest).toISOString(), endsAt: new Date(earliest + (horizon + 3) * dayMs).toISOString() };
}

/** The day of the vendor's standby rota an instant falls on ("yyyy-MM-dd" in its standby zone). */
export function standbyDayOf(instant: number | string, rules = defaultVendorWindowRules): string {
  return localDate(typeof instant === 'string' ? Date.parse(instant) : instant, rules.standbyTimeZone);
}

/** The instants of one day of the vendor's standby rota: from its local midnight to the next. */
export function standbyDaySpan(day: string, rules = defaultVendorWindowRules): UpgradeWindow {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const start = zonedInstant(y, m - 1, d, 0, 0, rules.standbyTimeZone);
  const end = zonedInstant(y, m - 1, d + 1, 0, 0, rules.standbyTimeZone);
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() };
}

export interface SelfServiceSlotInput {
  now: Date;
  timeZone: string;
  startsAt: string;
  lengthInHours: number;
  leadTimeInDays: number;
  blackoutDates: readonly string[];
  /**
   * Start instants of the self-service upgrades the vendor already stands by for: those on the
   * same day of its standby rota count against `standbyCapacityPerDay`.
   */
  standbyStarts: readonly string[];
  rules?: VendorWindowRules;
}

/**
 * Checks a time a client picked for a self-service upgrade: lead time, blackouts (every local
 * date of the client the window touches), and standby capacity on the day of the vendor's standby
 * rota the start falls on (`rules.standbyTimeZone`), which a refusal names, with the client's own
 * date when it differs.
 */
export function checkSelfServiceWindow(input: SelfServiceSlotInput): Result<OfferedWindow> {
  const rules = input.rules ?? defaultVendorWindowRules;
  const start = parseStart(input.startsAt, input.timeZone);
  if (Number.isNaN(start)) return fail('window_invalid', `"${input.startsAt}" is not a date and time; use e.g. 2026-12-08T09:00.`);
  if (!(Number.isFinite(input.lengthInHours) && input.lengthInHours > 0))
    return fail('window_invalid', 'A self-service window needs a length in hours greater than zero.');
  const leadDays = Math.max(input.leadTimeInDays, rules.minimumLeadTimeInDays);
  if (start < input.now.getTime() + leadDays * dayMs)
    return fail('window_unavailable', `The earliest start is ${leadDays} days from now; pick a later date.`);
  const window = { startsAt: new Date(start).toISOString(), endsAt: new Date(start + input.lengthInHours * hourMs).toISOString() };
  const blocked = localDatesOf(window, input.timeZone).find((d) => input.blackoutDates.includes(d));
  if (blocked) return fail('window_unavailable', `${blocked} is a blackout date; pick another day.`);
  const day = standbyDayOf(start, rules);
  const taken = input.standbyStarts.filter((s) => standbyDayOf(s, rules) === day).length;
  const placesLeft = rules.standbyCapacityPerDay - taken;
  if (placesLeft <= 0) return fail('window_unavailable', standbyFullMessage(start, day, input.timeZone, rules));
  return ok({ ...window, placesLeft });
}

/** Says whose day is full: the vendor's standby rota's, and where the client's own date differs, which start falls on it. */
function standbyFullMessage(start: number, day: string, clientZone: string, rules: VendorWindowRules): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const dayName = format(new TZDate(Date.UTC(y, m - 1, d), 'UTC'), 'EEE d MMM yyyy');
  const rota = `on the vendor's standby rota (${rules.standbyTimeZone} time)`;
  const clientDay = localDate(start, clientZone);
  const which = clientDay === day ? '' : `, the rota day your start at ${formatInZone(new Date(start), clientZone)} falls on`;
  return `No standby engineer is free on ${dayName} ${rota}${which}; pick another day.`;
}

const startPattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** An ISO date and time; without an offset it is the client's local time, not the host's. */
function parseStart(text: string, timeZone: string): number {
  const m = startPattern.exec(text.trim());
  if (!m) return Number.NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const date = new Date(Date.UTC(year, month, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return Number.NaN;
  if (m[8]) return Date.parse(text.trim().replace(' ', 'T'));
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return Number.NaN;
  return zonedInstant(year, month, day, Number(m[4]), Number(m[5]), timeZone) + Number(m[6] ?? 0) * 1000 + Number(m[7] ?? 0) * 1000;
}
