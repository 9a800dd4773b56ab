import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Weekday, WindowPolicy } from '../../../bot/src/domain/client';
import type { ReleaseKind } from '../../../bot/src/domain/release';
import {
  bucketUsageOf, capacityBuckets, capacitySearchSpan, defaultVendorWindowRules, nextAvailableWindows, type NextWindowsInput, type UpgradeWindow,
} from '../../../bot/src/domain/window';
import { hhmm, minuteMs } from './support/zone-oracle';

const zones = Intl.supportedValuesOf('timeZone');
const iso = (t: number) => new Date(t).toISOString();

const policyArb: fc.Arbitrary<WindowPolicy> = fc.record({
  days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }) as fc.Arbitrary<Weekday[]>,
  startTime: fc.integer({ min: 0, max: 24 * 60 - 1 }).map(hhmm),
  lengthInHours: fc.integer({ min: 1, max: 24 }),
  leadTimeInDays: fc.integer({ min: 0, max: 30 }),
});

const inputArb = fc
  .record({
    zone: fc.constantFrom(...zones),
    now: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2035, 0, 1) }),
    policy: policyArb,
    kind: fc.constantFrom<ReleaseKind>('major', 'minor'),
    capacity: fc.integer({ min: 1, max: 3 }),
    count: fc.integer({ min: 1, max: 8 }),
    // Booked windows over the next months: dense enough that whole weeks fill up.
    booked: fc.array(
      fc.record({ offsetInMinutes: fc.integer({ min: 0, max: 120 * 24 * 60 }), lengthInMinutes: fc.integer({ min: 15, max: 24 * 60 }), copies: fc.integer({ min: 1, max: 3 }) }),
      { maxLength: 60 },
    ),
  })
  .map(({ zone, now, policy, kind, capacity, count, booked }): NextWindowsInput => ({
    now: new Date(now), timeZone: zone, policy, kind, blackoutDates: [], count,
    rules: { ...defaultVendorWindowRules, capacityPerSlot: capacity },
    booked: booked.flatMap((b) => {
      const start = now + b.offsetInMinutes * minuteMs;
      return Array.from({ length: b.copies }, () => ({ startsAt: iso(start), endsAt: iso(start + b.lengthInMinutes * minuteMs) }));
    }),
  }));

/** The usage over a span only, as the capacity store answers a range query. */
function usageWithin(booked: readonly UpgradeWindow[], span: UpgradeWindow): Map<number, number> {
  const [first] = capacityBuckets(span);
  const last = capacityBuckets(span).at(-1)!;
  return new Map([...bucketUsageOf(booked)].filter(([b]) => b >= first! && b <= last));
}

describe('offered windows from the capacity buckets (properties)', () => {
  it('offers the same windows from the bucket usage, read over the search span only, as from the booked windows', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { booked, ...rest } = input;
        const usage = usageWithin(booked!, capacitySearchSpan(input));
        assert.deepEqual(nextAvailableWindows({ ...rest, usage }), nextAvailableWindows(input));
      }),
      { numRuns: 300 },
    );
  });

  it('offers only windows inside the search span, and a shorter horizon offers a prefix of a longer one', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 179 }), (input, horizonInDays) => {
        const span = capacitySearchSpan({ ...input, horizonInDays });
        const near = nextAvailableWindows({ ...input, horizonInDays });
        for (const w of near) assert.ok(w.startsAt >= span.startsAt && w.endsAt <= span.endsAt, `${w.startsAt}-${w.endsAt} within ${span.startsAt}-${span.endsAt}`);
        const far = nextAvailableWindows({ ...input, horizonInDays: 180 });
        assert.deepEqual(far.slice(0, near.length), near);
      }),
      { numRuns: 300 },
    );
  });

  it('never offers a window one of whose buckets is full: claiming it would succeed', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const usage = bucketUsageOf(input.booked!);
        const capacity = input.rules!.capacityPerSlot;
        for (const w of nextAvailableWindows(input)) {
          const peak = Math.max(0, ...capacityBuckets(w).map((b) => usage.get(b) ?? 0));
          assert.ok(peak < capacity, `${w.startsAt}: ${peak} of ${capacity} places taken`);
          assert.equal(w.placesLeft, capacity - peak);
        }
      }),
      { numRuns: 300 },
    );
  });
});
