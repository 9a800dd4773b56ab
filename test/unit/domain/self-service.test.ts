import assert from 'node:assert/strict';
import { checkSelfServiceWindow, defaultVendorWindowRules, type SelfServiceSlotInput } from '../../../bot/src/domain/window';

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

    it('refuses a day when every standby engineer is taken', () => {
      const error = refusal({ standbyStarts: ['2026-12-08T01:00:00Z', '2026-12-08T23:00:00.000Z'] });
      assert.equal(error.code, 'window_unavailable');
      assert.equal(error.userMessage, 'No standby engineer is free on 2026-12-08; pick another day.');
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
