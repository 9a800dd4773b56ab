import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Weekday, WindowPolicy } from '../../../bot/src/domain/client';
import type { ReleaseKind } from '../../../bot/src/domain/release';
import {
  defaultVendorWindowRules, effectiveLengthInHours, nextAvailableWindows, Occupancy,
  type NextWindowsInput, type OfferedWindow, type UpgradeWindow,
} from '../../../bot/src/domain/window';
import {
  addDays, datesTouched, dayMs, exactPeak, hhmm, hourMs, minuteMs, offsetAt, resolveWallClock, wallOf, weekdayOf,
} from './support/zone-oracle';

const zones = Intl.supportedValuesOf('timeZone');
const from = Date.UTC(2025, 0, 1);
const to = Date.UTC(2035, 0, 1);

const policyArb: fc.Arbitrary<WindowPolicy> = fc.record({
  days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }) as fc.Arbitrary<Weekday[]>,
  startTime: fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)),
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })),
  ).map(([h, m]) => hhmm(h * 60 + m)),
  lengthInHours: fc.oneof(fc.integer({ min: 1, max: 24 }), fc.double({ min: 0.5, max: 24, noNaN: true })),
  leadTimeInDays: fc.integer({ min: 0, max: 30 }),
});

/** Bookings and blackouts aimed at the windows that would be offered on an empty calendar. */
const pressureArb = fc.record({
  capacity: fc.integer({ min: 1, max: 3 }),
  count: fc.integer({ min: 1, max: 6 }),
  bookOn: fc.array(fc.record({
    pick: fc.nat(7), copies: fc.integer({ min: 1, max: 3 }),
    shiftInMinutes: fc.integer({ min: -480, max: 480 }), lengthInMinutes: fc.integer({ min: 1, max: 24 * 60 }),
  }), { maxLength: 6 }),
  blackOut: fc.array(fc.record({ pick: fc.nat(7), dayShift: fc.integer({ min: -1, max: 1 }) }), { maxLength: 4 }),
  stray: fc.array(fc.record({ offsetInMinutes: fc.integer({ min: 0, max: 60 * 24 * 60 }), lengthInMinutes: fc.integer({ min: 15, max: 24 * 60 }) }), { maxLength: 20 }),
});

type Pressure = typeof pressureArb extends fc.Arbitrary<infer T> ? T : never;

const iso = (t: number) => new Date(t).toISOString();

function buildInput(
  zone: string, now: number, policy: WindowPolicy, kind: ReleaseKind, p: Pressure,
): NextWindowsInput {
  const base = { now: new Date(now), timeZone: zone, policy, kind, blackoutDates: [] as string[], booked: [] as UpgradeWindow[] };
  const empty = nextAvailableWindows({ ...base, count: 8 });
  const booked: UpgradeWindow[] = [];
  for (const b of p.bookOn) {
    const target = empty[b.pick % Math.max(1, empty.length)];
    if (!target) continue;
    const start = Date.parse(target.startsAt) + b.shiftInMinutes * minuteMs;
    for (let i = 0; i < b.copies; i++) booked.push({ startsAt: iso(start), endsAt: iso(start + b.lengthInMinutes * minuteMs) });
  }
  for (const s of p.stray) {
    const start = now + s.offsetInMinutes * minuteMs;
    booked.push({ startsAt: iso(start), endsAt: iso(start + s.lengthInMinutes * minuteMs) });
  }
  const blackoutDates = p.blackOut.flatMap((b) => {
    const target = empty[b.pick % Math.max(1, empty.length)];
    return target ? [addDays(wallOf(Date.parse(target.startsAt), zone).date, b.dayShift)] : [];
  });
  return { ...base, booked, blackoutDates, count: p.count, rules: { ...defaultVendorWindowRules, capacityPerSlot: p.capacity } };
}

/** A second, independent reading of the rules: Intl for wall-clock time, a plain sweep for capacity. */
function reference(input: NextWindowsInput): OfferedWindow[] {
  const rules = input.rules ?? defaultVendorWindowRules;
  const [h, m] = input.policy.startTime.split(':').map(Number) as [number, number];
  const earliest = input.now.getTime() + Math.max(input.policy.leadTimeInDays, rules.minimumLeadTimeInDays) * dayMs;
  const lengthMs = effectiveLengthInHours(input.policy, input.kind, rules) * hourMs;
  const occupancy = new Occupancy(input.booked ?? []);
  const firstDate = wallOf(earliest, input.timeZone).date;
  const out: OfferedWindow[] = [];
  for (let i = 0; i <= (input.horizonInDays ?? 180) && out.length < (input.count ?? 5); i++) {
    const date = addDays(firstDate, i);
    if (!input.policy.days.includes(weekdayOf(date) as Weekday)) continue;
    const start = resolveWallClock(date, h * 60 + m, input.timeZone).instant;
    if (start < earliest) continue;
    if ([...datesTouched(start, start + lengthMs, input.timeZone)].some((d) => input.blackoutDates.includes(d))) continue;
    const window = { startsAt: iso(start), endsAt: iso(start + lengthMs) };
    const placesLeft = rules.capacityPerSlot - occupancy.peak(window);
    if (placesLeft > 0) out.push({ ...window, placesLeft });
  }
  return out;
}

function checkOffered(input: NextWindowsInput, offered: OfferedWindow[]): void {
  const rules = input.rules ?? defaultVendorWindowRules;
  const leadDays = Math.max(input.policy.leadTimeInDays, rules.minimumLeadTimeInDays);
  const [h, m] = input.policy.startTime.split(':').map(Number) as [number, number];
  const occupancy = new Occupancy(input.booked ?? []);
  assert.ok(offered.length <= (input.count ?? 5), 'never more than asked');
  let previous = -Infinity;
  for (const w of offered) {
    const start = Date.parse(w.startsAt);
    const end = Date.parse(w.endsAt);
    const wall = wallOf(start, input.timeZone);
    assert.ok(start > previous, 'in increasing order');
    previous = start;
    assert.ok(start >= input.now.getTime() + leadDays * dayMs, `${w.startsAt} respects the ${leadDays}-day lead time`);
    // Within the millisecond Date keeps: a fractional length such as 6.000000000000001 h is truncated.
    assert.ok(Math.abs(end - start - effectiveLengthInHours(input.policy, input.kind, rules) * hourMs) < 1, 'lasts the effective length');
    // The policy day whose start time names this instant: the start's own date, or the day before
    // when that day's start time fell in a clock change that skips past midnight (Nuuk, 23:00 -> 00:00).
    const named = [wall.date, addDays(wall.date, -1)]
      .map((date) => ({ date, ...resolveWallClock(date, h * 60 + m, input.timeZone) }))
      .find((x) => x.instant === start);
    assert.ok(named, `${w.startsAt} starts at ${input.policy.startTime} local (${input.timeZone})`);
    assert.ok(input.policy.days.includes(weekdayOf(named.date) as Weekday), `${w.startsAt} starts on a policy day`);
    if (named.inGap) {
      // The start time does not exist that day: the window starts later by exactly the gap.
      const gap = offsetAt(start, input.timeZone) - offsetAt(start - dayMs, input.timeZone);
      assert.equal(wall.minutes, (h * 60 + m + gap / minuteMs) % 1440);
    } else {
      assert.equal(named.date, wall.date);
      assert.equal(wall.minutes, h * 60 + m);
    }
    for (const d of datesTouched(start, end, input.timeZone)) assert.ok(!input.blackoutDates.includes(d), `${w.startsAt} touches blackout ${d}`);
    assert.ok(w.placesLeft > 0, 'has a place left');
    assert.equal(w.placesLeft, rules.capacityPerSlot - occupancy.peak(w), 'places left agree with the occupancy');
    assert.ok(exactPeak(input.booked ?? [], start, end) + 1 <= rules.capacityPerSlot, 'booking it never exceeds capacity');
  }
}

describe('upgrade windows (properties)', () => {
  it('every offered window respects lead time, days, start, length, capacity, blackouts and order, in any zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones), fc.integer({ min: from, max: to }), policyArb, fc.constantFrom<ReleaseKind>('major', 'minor'), pressureArb,
        (zone, now, policy, kind, pressure) => {
          const input = buildInput(zone, now, policy, kind, pressure);
          const offered = nextAvailableWindows(input);
          checkOffered(input, offered);
          assert.deepEqual(offered, reference(input), 'no candidate is skipped without a reason');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds around clock changes too, including start times inside the gap or the repeated hour', () => {
    const transitionArb = fc
      .record({ zone: fc.constantFrom(...zones), at: fc.integer({ min: from, max: to }) })
      .map(({ zone, at }) => ({ zone, change: nextOffsetChange(zone, at) }))
      .filter((x): x is { zone: string; change: number } => x.change !== undefined);
    fc.assert(
      fc.property(
        transitionArb, fc.integer({ min: -90, max: 90 }), fc.integer({ min: 0, max: 4 * 24 * 60 }), fc.constantFrom<ReleaseKind>('major', 'minor'),
        ({ zone, change }, nearInMinutes, earlierInMinutes, kind) => {
          const local = wallOf(change - minuteMs, zone).minutes + 1 + nearInMinutes;
          const policy: WindowPolicy = { days: [0, 1, 2, 3, 4, 5, 6], startTime: hhmm(((local % 1440) + 1440) % 1440), lengthInHours: 6, leadTimeInDays: 7 };
          const now = change - 7 * dayMs - earlierInMinutes * minuteMs - 2 * dayMs;
          const input: NextWindowsInput = { now: new Date(now), timeZone: zone, policy, kind, booked: [], blackoutDates: [], count: 6 };
          const offered = nextAvailableWindows(input);
          checkOffered(input, offered);
          assert.deepEqual(offered, reference(input));
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** The first instant (to the minute) after `at` when the zone's offset changes, within a year. */
function nextOffsetChange(zone: string, at: number): number | undefined {
  const start = offsetAt(at, zone);
  let t = at;
  for (let i = 0; i < 370; i++, t += dayMs) {
    if (offsetAt(t + dayMs, zone) === start) continue;
    let lo = t;
    let hi = t + dayMs;
    while (hi - lo > minuteMs) {
      const mid = lo + Math.floor((hi - lo) / 2 / minuteMs) * minuteMs;
      if (offsetAt(mid, zone) === start) lo = mid;
      else hi = mid;
    }
    return hi;
  }
  return undefined;
}
