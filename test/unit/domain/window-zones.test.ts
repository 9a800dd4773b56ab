import assert from 'node:assert/strict';
import { defaultWindowPolicy, type WindowPolicy } from '../../../bot/src/domain/client';
import { nextAvailableWindows, type NextWindowsInput } from '../../../bot/src/domain/window';

function offer(timeZone: string, now: string, overrides: Partial<NextWindowsInput> = {}) {
  return nextAvailableWindows({
    now: new Date(now), timeZone, policy: defaultWindowPolicy, kind: 'major', booked: [], blackoutDates: [], count: 4, ...overrides,
  });
}

const spans = (windows: { startsAt: string; endsAt: string }[]) => windows.map((w) => `${w.startsAt} ${w.endsAt}`);

describe('upgrade windows in other time zones', () => {
  it('America/New_York: 18:00 local is 22:00 UTC in summer time and 23:00 UTC after the clocks go back', () => {
    assert.deepEqual(spans(offer('America/New_York', '2026-10-20T12:00:00Z')), [
      '2026-10-27T22:00:00.000Z 2026-10-28T04:00:00.000Z',
      '2026-10-30T22:00:00.000Z 2026-10-31T04:00:00.000Z',
      '2026-11-03T23:00:00.000Z 2026-11-04T05:00:00.000Z',
      '2026-11-06T23:00:00.000Z 2026-11-07T05:00:00.000Z',
    ]);
  });

  it('America/New_York: back to 22:00 UTC after the clocks go forward in March', () => {
    const windows = offer('America/New_York', '2027-03-03T12:00:00Z', { count: 2 });
    assert.deepEqual(windows.map((w) => w.startsAt), ['2027-03-12T23:00:00.000Z', '2027-03-16T22:00:00.000Z']);
  });

  it('Asia/Kolkata: 18:00 at +05:30 is 12:30 UTC', () => {
    const [first] = offer('Asia/Kolkata', '2026-11-25T10:00:00Z');
    assert.deepEqual(first, { startsAt: '2026-12-04T12:30:00.000Z', endsAt: '2026-12-04T18:30:00.000Z', placesLeft: 2 });
  });

  it('Pacific/Auckland: Friday 18:00 local is Friday 05:00 UTC in summer (+13)', () => {
    const [first] = offer('Pacific/Auckland', '2026-11-25T10:00:00Z');
    assert.deepEqual(first, { startsAt: '2026-12-04T05:00:00.000Z', endsAt: '2026-12-04T11:00:00.000Z', placesLeft: 2 });
  });

  it('Pacific/Auckland: an hour later in UTC once summer time ends in April (+12)', () => {
    const windows = offer('Pacific/Auckland', '2027-03-25T00:00:00Z', { count: 2 });
    assert.deepEqual(windows.map((w) => w.startsAt), ['2027-04-02T05:00:00.000Z', '2027-04-06T06:00:00.000Z']);
  });

  it('Australia/Lord_Howe: half an hour earlier in UTC when its half-hour summer time begins', () => {
    assert.deepEqual(offer('Australia/Lord_Howe', '2026-09-21T00:00:00Z').map((w) => w.startsAt), [
      '2026-09-29T07:30:00.000Z', // +10:30
      '2026-10-02T07:30:00.000Z',
      '2026-10-06T07:00:00.000Z', // +11 from Sun 2026-10-04
      '2026-10-09T07:00:00.000Z',
    ]);
  });

  it('Australia/Lord_Howe: half an hour later in UTC when summer time ends', () => {
    const windows = offer('Australia/Lord_Howe', '2027-03-25T00:00:00Z', { count: 2 });
    assert.deepEqual(windows.map((w) => w.startsAt), ['2027-04-02T07:00:00.000Z', '2027-04-06T07:30:00.000Z']);
  });

  it('UTC itself: 18:00 is 18:00', () => {
    assert.equal(offer('UTC', '2026-11-25T10:00:00Z')[0]?.startsAt, '2026-12-04T18:00:00.000Z');
  });

  describe('a start time the clock change skips or repeats', () => {
    const sunday = (startTime: string): WindowPolicy => ({ days: [0], startTime, lengthInHours: 6, leadTimeInDays: 7 });

    it('moves a start inside the spring-forward gap later by the gap (New York 02:30 -> 03:30 EDT)', () => {
      const [first] = offer('America/New_York', '2027-03-06T00:00:00Z', { policy: sunday('02:30') });
      assert.deepEqual(first, { startsAt: '2027-03-14T07:30:00.000Z', endsAt: '2027-03-14T13:30:00.000Z', placesLeft: 2 });
    });

    it('moves a start inside the half-hour gap later by half an hour (Lord Howe 02:15 -> 02:45)', () => {
      const [first] = offer('Australia/Lord_Howe', '2026-09-26T00:00:00Z', { policy: sunday('02:15') });
      assert.equal(first?.startsAt, '2026-10-03T15:45:00.000Z');
    });

    it('moves a start the clocks skip past midnight into the next day (Nuuk, Saturday 23:30 -> Sunday 00:30)', () => {
      const saturday: WindowPolicy = { days: [6], startTime: '23:30', lengthInHours: 6, leadTimeInDays: 7 };
      const [first] = offer('America/Nuuk', '2027-03-19T00:00:00Z', { policy: saturday });
      assert.equal(first?.startsAt, '2027-03-28T01:30:00.000Z');
    });

    it('takes the first of the two 01:30s when the clocks go back (New York, EDT)', () => {
      const [first] = offer('America/New_York', '2026-10-24T00:00:00Z', { policy: sunday('01:30') });
      assert.deepEqual(first, { startsAt: '2026-11-01T05:30:00.000Z', endsAt: '2026-11-01T11:30:00.000Z', placesLeft: 2 });
    });

    it('gives the same instants whatever time zone the server itself runs in', () => {
      const hostZone = process.env.TZ;
      const helsinki = () => offer('Europe/Helsinki', '2025-10-17T00:00:00Z', { policy: sunday('03:30'), count: 1 })[0]?.startsAt;
      const newYork = () => offer('America/New_York', '2026-10-24T00:00:00Z', { policy: sunday('01:30'), count: 1 })[0]?.startsAt;
      try {
        for (const host of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Australia/Lord_Howe']) {
          process.env.TZ = host;
          assert.equal(helsinki(), '2025-10-26T00:30:00.000Z', `Helsinki 03:30 EEST on a ${host} server`);
          assert.equal(newYork(), '2026-11-01T05:30:00.000Z', `New York 01:30 EDT on a ${host} server`);
        }
      } finally {
        if (hostZone === undefined) delete process.env.TZ;
        else process.env.TZ = hostZone;
      }
    });

    it('keeps the window length in real hours across a clock change', () => {
      // Sat 22:00 EDT + 6 h of elapsed time ends at 03:00 EST on Sunday, not 04:00.
      const policy: WindowPolicy = { days: [6], startTime: '22:00', lengthInHours: 6, leadTimeInDays: 7 };
      const [first] = offer('America/New_York', '2026-10-23T00:00:00Z', { policy });
      assert.deepEqual(first, { startsAt: '2026-11-01T02:00:00.000Z', endsAt: '2026-11-01T08:00:00.000Z', placesLeft: 2 });
    });
  });
});
