import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Weekday, WindowPolicy } from '../../../bot/src/domain/client';
import { checkSelfServiceWindow, localDatesOf, nextAvailableWindows } from '../../../bot/src/domain/window';
import { addDays, dayMs, hourMs, minuteMs, offsetAt, wallOf, weekdayOf } from './support/zone-oracle';

const zones = Intl.supportedValuesOf('timeZone');
const iso = (t: number) => new Date(t).toISOString();

/** The first instant whose local date (in the zone) is `date`, searched at or before `near`, to the millisecond. */
function startOfDate(date: string, near: number, zone: string): number {
  let lo = near - 2 * dayMs; // on an earlier date
  let hi = near; // on `date` or later
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallOf(mid, zone).date < date) lo = mid;
    else hi = mid;
  }
  return hi;
}

interface ShortDay {
  zone: string;
  /** The local date whose clocks go forward: it lasts less than 24 hours. */
  date: string;
  startsAt: number;
  lengthMs: number;
}

/** Each zone's first day shorter than 24 hours (clocks going forward) from 2026 on, from an Intl-only oracle. */
function shortDays(): ShortDay[] {
  const found: ShortDay[] = [];
  const from = Date.UTC(2026, 0, 1);
  for (const zone of zones) {
    for (let t = from; t < from + 400 * dayMs; t += dayMs) {
      if (offsetAt(t + dayMs, zone) <= offsetAt(t, zone)) continue;
      // The offset grows somewhere in (t, t + 1 day]: the local date it grows on is a short one.
      let lo = t;
      let hi = t + dayMs;
      while (hi - lo > minuteMs) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (offsetAt(mid, zone) === offsetAt(t, zone)) lo = mid;
        else hi = mid;
      }
      const date = wallOf(hi, zone).date;
      const startsAt = startOfDate(date, hi, zone);
      const next = startOfDate(addDays(date, 1), startsAt + 26 * hourMs, zone);
      if (next - startsAt < dayMs) found.push({ zone, date, startsAt, lengthMs: next - startsAt });
      break;
    }
  }
  return found;
}

describe('upgrade windows across a short (clocks forward) day, in every IANA zone', function () {
  this.timeout(60_000);
  const days = shortDays();

  it('finds a short day in the zones that change their clocks', () => {
    assert.ok(days.length > 50, `only ${days.length} zones with a day shorter than 24 h`);
    assert.ok(days.some((d) => d.zone === 'Europe/London' && d.date === '2026-03-29' && d.lengthMs === 23 * hourMs));
    assert.ok(days.some((d) => d.zone === 'Australia/Lord_Howe' && d.lengthMs === 23.5 * hourMs));
  });

  it('a 24-hour window from a minute before the short day touches the day before, the short day and the day after', () => {
    for (const day of days) {
      const start = day.startsAt - minuteMs;
      const window = { startsAt: iso(start), endsAt: iso(start + dayMs) };
      assert.deepEqual(localDatesOf(window, day.zone), [addDays(day.date, -1), day.date, addDays(day.date, 1)], `${day.zone} ${day.date}`);
    }
  });

  it('never offers a managed window that touches a blackout on the middle date of three', () => {
    for (const day of days) {
      const start = day.startsAt - minuteMs;
      const local = wallOf(start, day.zone);
      const policy: WindowPolicy = {
        days: [weekdayOf(local.date) as Weekday], startTime: `${pad(Math.floor(local.minutes / 60))}:${pad(local.minutes % 60)}`, lengthInHours: 24, leadTimeInDays: 7,
      };
      const input = { now: new Date(start - 8 * dayMs), timeZone: day.zone, policy, kind: 'major' as const, booked: [], count: 1 };
      const free = nextAvailableWindows({ ...input, blackoutDates: [] });
      assert.equal(free[0]?.startsAt, iso(start), `${day.zone}: the window before the short day ${day.date} is offered without the blackout`);
      const blocked = nextAvailableWindows({ ...input, blackoutDates: [day.date] });
      assert.notEqual(blocked[0]?.startsAt, iso(start), `${day.zone}: a blackout on ${day.date} keeps the window out`);
    }
  });

  it('refuses a self-service window that touches a blackout on the middle date of three, naming it', () => {
    for (const day of days) {
      const start = day.startsAt - minuteMs;
      const input = {
        now: new Date(start - 8 * dayMs), timeZone: day.zone, startsAt: iso(start), lengthInHours: 24, leadTimeInDays: 7, standbyStarts: [],
      };
      assert.ok(checkSelfServiceWindow({ ...input, blackoutDates: [] }).ok, `${day.zone} ${day.date}`);
      const refused = checkSelfServiceWindow({ ...input, blackoutDates: [day.date] });
      assert.ok(!refused.ok && refused.error.userMessage === `${day.date} is a blackout date; pick another day.`, `${day.zone} ${day.date}`);
    }
  });

  it('lists exactly the local dates a window touches, near any clock change, in any zone', () => {
    const nearChange = fc.constantFrom(...days).chain((day) =>
      fc.record({
        day: fc.constant(day),
        offsetInMinutes: fc.integer({ min: -26 * 60, max: 26 * 60 }),
        lengthInMinutes: fc.integer({ min: 1, max: 24 * 60 }),
      }),
    );
    fc.assert(
      fc.property(nearChange, ({ day, offsetInMinutes, lengthInMinutes }) => {
        const start = day.startsAt + offsetInMinutes * minuteMs;
        const end = start + lengthInMinutes * minuteMs;
        assert.deepEqual(localDatesOf({ startsAt: iso(start), endsAt: iso(end) }, day.zone), datesByMinute(start, end, day.zone));
      }),
      { numRuns: 300 },
    );
  });
});

/** Every local date of [start, end), minute by minute: slow, and obviously right. */
function datesByMinute(start: number, end: number, zone: string): string[] {
  const dates: string[] = [];
  for (let t = start; t < end; t += minuteMs) {
    const date = wallOf(t, zone).date;
    if (dates.at(-1) !== date) dates.push(date);
  }
  const last = wallOf(end - 1, zone).date;
  if (dates.at(-1) !== last) dates.push(last);
  return dates;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
