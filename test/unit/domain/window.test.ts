import assert from 'node:assert/strict';
import { defaultWindowPolicy, type WindowPolicy } from '../../../bot/src/domain/client';
import {
  capacityBuckets, checkWindowPolicy, defaultVendorWindowRules, effectiveLengthInHours, localDate, localDatesOf,
  nextAvailableWindows, Occupancy, type NextWindowsInput,
} from '../../../bot/src/domain/window';

const wednesday = new Date('2026-11-25T10:00:00Z');

function offer(overrides: Partial<NextWindowsInput> = {}) {
  return nextAvailableWindows({
    now: wednesday, timeZone: 'Europe/London', policy: defaultWindowPolicy, kind: 'major',
    booked: [], blackoutDates: [], ...overrides,
  });
}

const starts = (windows: { startsAt: string }[]) => windows.map((w) => w.startsAt);

describe('upgrade windows', () => {
  describe('the standard Tuesday/Friday policy', () => {
    it('offers Fri 2026-12-04 18:00-24:00 London first for a request on Wed 2026-11-25 10:00 UTC', () => {
      const [first] = offer();
      assert.deepEqual(first, { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z', placesLeft: 2 });
    });

    it('goes on with Tuesdays and Fridays, five by default', () => {
      assert.deepEqual(starts(offer()), [
        '2026-12-04T18:00:00.000Z', '2026-12-08T18:00:00.000Z', '2026-12-11T18:00:00.000Z',
        '2026-12-15T18:00:00.000Z', '2026-12-18T18:00:00.000Z',
      ]);
    });

    it('offers exactly as many windows as asked', () => {
      assert.equal(offer({ count: 2 }).length, 2);
      assert.equal(offer({ count: 12 }).length, 12);
    });

    it('skips Tue 2026-12-01 because it is inside the 7-day lead time', () => {
      assert.ok(!starts(offer()).includes('2026-12-01T18:00:00.000Z'));
    });

    it('offers a window starting exactly 7 days after the request', () => {
      const [first] = offer({ now: new Date('2026-11-27T18:00:00Z') });
      assert.equal(first?.startsAt, '2026-12-04T18:00:00.000Z');
      const [later] = offer({ now: new Date('2026-11-27T18:00:00.001Z') });
      assert.equal(later?.startsAt, '2026-12-08T18:00:00.000Z');
    });

    it('starts a London window on Tue 2027-03-30 at 17:00 UTC, as British Summer Time has begun', () => {
      const windows = offer({ now: new Date('2027-03-22T12:00:00Z') });
      assert.deepEqual(windows[0], { startsAt: '2027-03-30T17:00:00.000Z', endsAt: '2027-03-30T23:00:00.000Z', placesLeft: 2 });
    });

    it('keeps 18:00 local on both sides of the October clock change in London', () => {
      const windows = offer({ now: new Date('2026-10-15T12:00:00Z'), count: 3 });
      assert.deepEqual(starts(windows), ['2026-10-23T17:00:00.000Z', '2026-10-27T18:00:00.000Z', '2026-10-30T18:00:00.000Z']);
    });

    it('honours a longer client lead time', () => {
      const [first] = offer({ policy: { ...defaultWindowPolicy, leadTimeInDays: 14 } });
      assert.equal(first?.startsAt, '2026-12-11T18:00:00.000Z');
    });

    it('never uses a client lead time shorter than the vendor minimum', () => {
      const [first] = offer({ policy: { ...defaultWindowPolicy, leadTimeInDays: 1 } });
      assert.equal(first?.startsAt, '2026-12-04T18:00:00.000Z');
    });

    it('offers nothing beyond the horizon', () => {
      assert.deepEqual(offer({ horizonInDays: 1 }), []);
      assert.deepEqual(starts(offer({ horizonInDays: 6 })), ['2026-12-04T18:00:00.000Z', '2026-12-08T18:00:00.000Z']);
    });
  });

  describe('capacity', () => {
    const friday = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };

    it('skips a slot where two upgrades already run at once', () => {
      const booked = [friday, { startsAt: '2026-12-04T20:00:00.000Z', endsAt: '2026-12-04T22:00:00.000Z' }];
      assert.equal(offer({ booked })[0]?.startsAt, '2026-12-08T18:00:00.000Z');
    });

    it('skips a slot whose last quarter-hour is full', () => {
      const late = { startsAt: '2026-12-04T23:45:00.000Z', endsAt: '2026-12-05T05:45:00.000Z' };
      assert.equal(offer({ booked: [late, late] })[0]?.startsAt, '2026-12-08T18:00:00.000Z');
    });

    it('still offers a slot with one place left, and says so', () => {
      const [first] = offer({ booked: [friday] });
      assert.equal(first?.startsAt, friday.startsAt);
      assert.equal(first?.placesLeft, 1);
    });

    it('offers a slot next to two booked windows that end as it starts', () => {
      const before = { startsAt: '2026-12-04T12:00:00.000Z', endsAt: '2026-12-04T18:00:00.000Z' };
      const [first] = offer({ booked: [before, before] });
      assert.deepEqual(first, { ...friday, placesLeft: 2 });
    });

    it('does not add up two bookings that never overlap each other', () => {
      const early = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-04T20:00:00.000Z' };
      const late = { startsAt: '2026-12-04T21:00:00.000Z', endsAt: '2026-12-04T23:00:00.000Z' };
      assert.equal(offer({ booked: [early, late] })[0]?.placesLeft, 1);
    });

    it('follows the vendor capacity', () => {
      const rules = { ...defaultVendorWindowRules, capacityPerSlot: 3 };
      assert.deepEqual(offer({ booked: [friday, friday], rules })[0], { ...friday, placesLeft: 1 });
      const single = { ...defaultVendorWindowRules, capacityPerSlot: 1 };
      assert.equal(offer({ booked: [friday], rules: single })[0]?.startsAt, '2026-12-08T18:00:00.000Z');
    });

    it('counts capacity in quarter-hour buckets', () => {
      assert.equal(capacityBuckets(friday).length, 24);
      assert.equal(capacityBuckets({ startsAt: '2026-12-04T18:07:00Z', endsAt: '2026-12-04T18:08:00Z' }).length, 1);
      const a = capacityBuckets({ startsAt: '2026-12-04T12:00:00Z', endsAt: '2026-12-04T18:00:00Z' });
      assert.ok(!a.some((b) => capacityBuckets(friday).includes(b)), 'adjacent windows share no bucket');
    });

    it('reports the peak number of upgrades running at once', () => {
      const occupancy = new Occupancy([friday, { startsAt: '2026-12-04T23:00:00Z', endsAt: '2026-12-05T02:00:00Z' }, friday]);
      assert.equal(occupancy.peak(friday), 3);
      assert.equal(occupancy.peak({ startsAt: '2026-12-05T00:00:00Z', endsAt: '2026-12-05T06:00:00Z' }), 1);
      assert.equal(occupancy.peak({ startsAt: '2026-12-06T00:00:00Z', endsAt: '2026-12-06T06:00:00Z' }), 0);
    });
  });

  describe('blackout dates', () => {
    it('skips a blackout date', () => {
      assert.equal(offer({ blackoutDates: ['2026-12-04'] })[0]?.startsAt, '2026-12-08T18:00:00.000Z');
    });

    it('skips every blackout date in a freeze period', () => {
      const freeze = ['2026-12-04', '2026-12-08', '2026-12-11'];
      assert.equal(offer({ blackoutDates: freeze })[0]?.startsAt, '2026-12-15T18:00:00.000Z');
    });

    it('lets a window ending at local midnight sit before a blackout date', () => {
      assert.equal(offer({ blackoutDates: ['2026-12-05'] })[0]?.startsAt, '2026-12-04T18:00:00.000Z');
    });

    it('skips a window that runs past midnight into a blackout date', () => {
      const late = { ...defaultWindowPolicy, startTime: '20:00' };
      assert.equal(offer({ policy: late, blackoutDates: ['2026-12-05'] })[0]?.startsAt, '2026-12-08T20:00:00.000Z');
    });

    it('reads blackout dates in the client zone, not in UTC', () => {
      // Fri 18:00 in Auckland is Fri 05:00 UTC; the Thursday before in UTC is not the client's Friday.
      const auckland = { timeZone: 'Pacific/Auckland' };
      assert.equal(offer({ ...auckland, blackoutDates: ['2026-12-03'] })[0]?.startsAt, '2026-12-04T05:00:00.000Z');
      assert.equal(offer({ ...auckland, blackoutDates: ['2026-12-04'] })[0]?.startsAt, '2026-12-08T05:00:00.000Z');
    });

    it('lists the local dates a window touches', () => {
      assert.deepEqual(localDatesOf({ startsAt: '2026-12-04T18:00:00Z', endsAt: '2026-12-05T00:00:00Z' }, 'Europe/London'), ['2026-12-04']);
      assert.deepEqual(localDatesOf({ startsAt: '2026-12-04T18:00:00Z', endsAt: '2026-12-05T00:00:00Z' }, 'Asia/Kolkata'), ['2026-12-04', '2026-12-05']);
      assert.equal(localDate(Date.parse('2026-12-04T11:00:00Z'), 'Pacific/Auckland'), '2026-12-05');
      assert.equal(localDate(new Date('2026-12-04T11:00:00Z'), 'America/New_York'), '2026-12-04');
    });
  });

  describe('custom policies', () => {
    const short: WindowPolicy = { days: [3], startTime: '09:00', lengthInHours: 4, leadTimeInDays: 7 };

    it('refuses a policy shorter than the minimum for a major, and says the range', () => {
      const result = checkWindowPolicy(short, 'major');
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.error.code === 'policy_invalid');
      assert.equal(!result.ok && result.error.userMessage, 'A major upgrade window must last between 6 and 24 hours.');
    });

    it('accepts the same policy for a minor, whose minimum is 3 hours', () => {
      assert.deepEqual(checkWindowPolicy(short, 'minor'), { ok: true, value: short });
      assert.equal(checkWindowPolicy({ ...short, lengthInHours: 2 }, 'minor').ok, false);
    });

    it('never shortens windows below the minimum for the kind', () => {
      assert.equal(effectiveLengthInHours(short, 'major'), 6);
      assert.equal(effectiveLengthInHours(short, 'minor'), 4);
      const [first] = offer({ policy: short, kind: 'major' });
      assert.deepEqual(first, { startsAt: '2026-12-09T09:00:00.000Z', endsAt: '2026-12-09T15:00:00.000Z', placesLeft: 2 });
      assert.equal(offer({ policy: short, kind: 'minor' })[0]?.endsAt, '2026-12-09T13:00:00.000Z');
    });

    it('keeps a longer policy as it is, up to a day', () => {
      assert.equal(effectiveLengthInHours({ ...short, lengthInHours: 8 }, 'major'), 8);
      assert.equal(effectiveLengthInHours({ ...short, lengthInHours: 30 }, 'major'), 24);
      assert.equal(checkWindowPolicy({ ...short, lengthInHours: 25 }, 'major').ok, false);
      assert.equal(checkWindowPolicy({ ...short, lengthInHours: 24 }, 'major').ok, true);
    });

    it('uses the vendor minimums it is given', () => {
      const rules = { ...defaultVendorWindowRules, minimumLengthInHours: { major: 8, minor: 4 } };
      assert.equal(checkWindowPolicy(defaultWindowPolicy, 'major', rules).ok, false);
      assert.equal(effectiveLengthInHours(defaultWindowPolicy, 'major', rules), 8);
    });

    it('offers a policy on other days and at another start time', () => {
      const policy: WindowPolicy = { days: [1, 3], startTime: '07:30', lengthInHours: 6, leadTimeInDays: 7 };
      assert.deepEqual(starts(offer({ policy, count: 3 })), ['2026-12-07T07:30:00.000Z', '2026-12-09T07:30:00.000Z', '2026-12-14T07:30:00.000Z']);
    });

    for (const [what, policy, message] of [
      ['no weekday', { days: [] }, 'A window policy needs at least one weekday (0 = Sunday ... 6 = Saturday).'],
      ['a weekday out of range', { days: [7] }, 'A window policy needs at least one weekday (0 = Sunday ... 6 = Saturday).'],
      ['a start time past midnight', { startTime: '24:00' }, 'Start time "24:00" is not a time of day; use HH:mm, e.g. 18:00.'],
      ['a start time without two-digit hours', { startTime: '9:00' }, 'Start time "9:00" is not a time of day; use HH:mm, e.g. 18:00.'],
      ['a lead time under 7 days', { leadTimeInDays: 3 }, 'The lead time cannot be shorter than 7 days.'],
      ['a length that is not a number', { lengthInHours: Number.NaN }, 'A major upgrade window must last between 6 and 24 hours.'],
    ] as const) {
      it(`refuses a policy with ${what}`, () => {
        const result = checkWindowPolicy({ ...defaultWindowPolicy, ...policy } as WindowPolicy, 'major');
        assert.ok(!result.ok);
        assert.equal(result.error.code, 'policy_invalid');
        assert.equal(result.error.userMessage, message);
      });
    }

    it('accepts the default policy for both kinds', () => {
      assert.ok(checkWindowPolicy(defaultWindowPolicy, 'major').ok);
      assert.ok(checkWindowPolicy(defaultWindowPolicy, 'minor').ok);
    });
  });
});
