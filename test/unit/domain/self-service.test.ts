import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkSelfServiceWindow, defaultVendorWindowRules, standbyDayOf, standbyDaySpan, type SelfServiceSlotInput,
} from '../../../bot/src/domain/window';
import { wallOf } from './support/zone-oracle';

const zones = Intl.supportedValuesOf('timeZone');

const now = new Date('2026-11-25T10:00:00Z');

function check(overrides: Partial<SelfServiceSlotInput>) {
  return checkSelfServiceWindow({
    now, timeZone: 'Europe/London', startsAt: '2026-12-08T09:00:00Z', lengthInHours: 4, leadTimeInDays: 7,
    blackoutDates: [], standbyStarts: [], ...overrides,
  });
}

function refusal(overrides: Partial<SelfServiceSlotInput>) {
  const result = check(overrides);
  assert.ok(!result.ok, 'expected a refusal');
  return result.error;
}

describe('self-service windows', () => {
  it('accepts any day and start time the client picks, with the standby places left', () => {
    assert.deepEqual(check({ startsAt: '2026-12-06T07:15:00Z' }), {
      ok: true, value: { startsAt: '2026-12-06T07:15:00.000Z', endsAt: '2026-12-06T11:15:00.000Z', placesLeft: 2 },
    });
  });

  describe('lead time', () => {
    it('refuses a start inside the 7-day lead time, saying how far ahead to pick', () => {
      const error = refusal({ startsAt: '2026-12-02T09:59:59Z' });
      assert.equal(error.code, 'window_unavailable');
      assert.equal(error.userMessage, 'The earliest start is 7 days from now; pick a later date.');
    });

    it('accepts a start exactly 7 days after the request', () => {
      assert.ok(check({ startsAt: '2026-12-02T10:00:00Z' }).ok);
    });

    it('applies a longer client lead time but never a shorter one', () => {
      assert.equal(refusal({ startsAt: '2026-12-05T10:00:00Z', leadTimeInDays: 14 }).userMessage, 'The earliest start is 14 days from now; pick a later date.');
      assert.equal(refusal({ startsAt: '2026-11-30T10:00:00Z', leadTimeInDays: 2 }).userMessage, 'The earliest start is 7 days from now; pick a later date.');
    });
  });

  describe('blackout dates', () => {
    it('refuses a start on a blackout date, naming it', () => {
      const error = refusal({ blackoutDates: ['2026-12-08'] });
      assert.equal(error.code, 'window_unavailable');
      assert.equal(error.userMessage, '2026-12-08 is a blackout date; pick another day.');
    });

    it('refuses a window that runs into a blackout date', () => {
      assert.equal(refusal({ startsAt: '2026-12-08T22:00:00Z', blackoutDates: ['2026-12-09'] }).userMessage, '2026-12-09 is a blackout date; pick another day.');
    });

    it('reads blackout dates in the client zone', () => {
      // 2026-12-08 20:00 UTC is 09:00 on the 9th in Auckland.
      const auckland = { timeZone: 'Pacific/Auckland', startsAt: '2026-12-08T20:00:00Z' };
      assert.ok(check({ ...auckland, blackoutDates: ['2026-12-08'] }).ok);
      assert.equal(refusal({ ...auckland, blackoutDates: ['2026-12-09'] }).userMessage, '2026-12-09 is a blackout date; pick another day.');
    });
  });

  describe('standby capacity', () => {
    it('counts the self-service upgrades already on standby that day', () => {
      const result = check({ standbyStarts: ['2026-12-08T01:00:00Z', '2026-12-07T09:00:00Z', '2026-12-09T09:00:00Z'] });
      assert.ok(result.ok);
      assert.equal(result.value.placesLeft, 1);
    });

    it('refuses a day when every standby engineer is taken, saying whose day it is', () => {
      const error = refusal({ standbyStarts: ['2026-12-08T01:00:00Z', '2026-12-08T23:00:00.000Z'] });
      assert.equal(error.code, 'window_unavailable');
      assert.equal(error.userMessage, 'No standby engineer is free on Tue 8 Dec 2026 on the vendor\'s standby rota (Europe/London time); pick another day.');
    });

    it('counts the day of the vendor\'s standby rota, in its zone, not the UTC date', () => {
      const rules = { ...defaultVendorWindowRules, standbyTimeZone: 'America/New_York' };
      // Mon 7 Dec in New York: 20:00 and 10:00 local, though the first is already the 8th in UTC.
      const standbyStarts = ['2026-12-08T01:00:00Z', '2026-12-07T15:00:00Z'];
      const late = refusal({ startsAt: '2026-12-08T03:00:00Z', standbyStarts, rules }); // Mon 7 Dec 22:00 New York
      assert.match(late.userMessage, /^No standby engineer is free on Mon 7 Dec 2026 on the vendor's standby rota \(America\/New_York time\), the rota day your start at Tue 8 Dec 2026 03:00 GMT falls on;/);
      const next = check({ startsAt: '2026-12-08T06:00:00Z', standbyStarts, rules }); // Tue 8 Dec 01:00 New York
      assert.ok(next.ok && next.value.placesLeft === 2, 'the UTC date is the same, the rota day is not');
    });

    it('names the client\'s own date when the rota day the start falls on is another one', () => {
      // Thu 10 Dec 09:00 in Sydney is Wed 9 Dec 22:00 in London, the rota's zone.
      const sydney = { timeZone: 'Australia/Sydney', startsAt: '2026-12-10T09:00' };
      const error = refusal({ ...sydney, standbyStarts: ['2026-12-09T08:00:00Z', '2026-12-09T23:30:00Z'] });
      assert.equal(error.userMessage,
        'No standby engineer is free on Wed 9 Dec 2026 on the vendor\'s standby rota (Europe/London time), the rota day your start at Thu 10 Dec 2026 09:00 GMT+11 falls on; pick another day.');
      assert.ok(check({ ...sydney, standbyStarts: ['2026-12-10T08:00:00Z', '2026-12-10T09:00:00Z'] }).ok, 'Thu 10 Dec in London is another rota day');
    });

    it('counts standby per rota day for any rota zone and client zone (every IANA zone)', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...zones), fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2026, 11, 3), max: Date.UTC(2028, 0, 1) }),
          fc.array(fc.integer({ min: -36 * 60, max: 36 * 60 }), { maxLength: 6 }), fc.integer({ min: 1, max: 3 }),
          (rotaZone, clientZone, start, offsetsInMinutes, capacity) => {
            const rules = { ...defaultVendorWindowRules, standbyTimeZone: rotaZone, standbyCapacityPerDay: capacity };
            const standbyStarts = offsetsInMinutes.map((m) => new Date(start + m * 60_000).toISOString());
            const result = check({ timeZone: clientZone, startsAt: new Date(start).toISOString(), standbyStarts, rules });
            const day = wallOf(start, rotaZone).date;
            const taken = standbyStarts.filter((s) => wallOf(Date.parse(s), rotaZone).date === day).length;
            if (taken >= capacity) {
              assert.ok(!result.ok && result.error.code === 'window_unavailable');
              assert.match(result.error.userMessage, new RegExp(`standby rota \\(${rotaZone.replace(/[+]/g, '\\+')} time\\)`));
            } else {
              assert.ok(result.ok);
              assert.equal(result.value.placesLeft, capacity - taken);
            }
          },
        ),
        { numRuns: 300 },
      );
    });

    it('gives the instants of a rota day, from its local midnight to the next, in any zone', () => {
      fc.assert(
        fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2035, 0, 1) }), (zone, at) => {
          const rules = { ...defaultVendorWindowRules, standbyTimeZone: zone };
          const day = standbyDayOf(at, rules);
          assert.equal(day, wallOf(at, zone).date);
          const span = standbyDaySpan(day, rules);
          const [from, to] = [Date.parse(span.startsAt), Date.parse(span.endsAt)];
          assert.ok(from <= at && at < to, `${new Date(at).toISOString()} lies in its rota day ${day} (${zone})`);
          assert.equal(wallOf(from, zone).date, day);
          assert.equal(wallOf(to - 1, zone).date, day);
          assert.notEqual(wallOf(from - 1, zone).date, day);
          assert.notEqual(wallOf(to, zone).date, day);
        }),
        { numRuns: 300 },
      );
    });

    it('follows the vendor standby capacity', () => {
      const rules = { ...defaultVendorWindowRules, standbyCapacityPerDay: 3 };
      const result = check({ standbyStarts: ['2026-12-08T01:00:00Z', '2026-12-08T02:00:00Z'], rules });
      assert.ok(result.ok && result.value.placesLeft === 1);
    });
  });

  describe('what the client typed', () => {
    it('refuses something that is not a date and time, with an example', () => {
      const error = refusal({ startsAt: 'next tuesday' });
      assert.equal(error.code, 'window_invalid');
      assert.match(error.userMessage, /^"next tuesday" is not a date and time; use e\.g\. 2026-12-08T09:00\.$/);
    });

    it('reads a time without an offset in the client zone, as the example suggests', () => {
      const kolkata = check({ timeZone: 'Asia/Kolkata', startsAt: '2026-12-08T09:00' });
      assert.ok(kolkata.ok);
      assert.equal(kolkata.value.startsAt, '2026-12-08T03:30:00.000Z');
      const newYork = check({ timeZone: 'America/New_York', startsAt: '2026-12-08T09:00:00' });
      assert.ok(newYork.ok && newYork.value.startsAt === '2026-12-08T14:00:00.000Z');
    });

    it('keeps an explicit offset as given', () => {
      const result = check({ timeZone: 'Asia/Kolkata', startsAt: '2026-12-08T09:00:00+01:00' });
      assert.ok(result.ok && result.value.startsAt === '2026-12-08T08:00:00.000Z');
    });

    it('refuses a calendar date that does not exist', () => {
      assert.equal(refusal({ startsAt: '2026-02-30T09:00' }).code, 'window_invalid');
      assert.equal(refusal({ startsAt: '2026-13-01T09:00:00Z' }).code, 'window_invalid');
    });

    it('refuses a window that does not last', () => {
      for (const lengthInHours of [0, -2, Number.NaN]) assert.equal(refusal({ lengthInHours }).code, 'window_invalid');
    });
  });
});
