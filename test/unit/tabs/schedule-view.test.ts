import assert from 'node:assert/strict';
import type { ScheduleItem } from '../../../tabs/src/api/client';
import { capacityRows } from '../../../tabs/src/model/capacity-view';
import { historySeries, rolloutBars } from '../../../tabs/src/model/insights-view';
import { apiRange, applyFilters, calendarEntries, filterOptions, needingAttention, unscheduled } from '../../../tabs/src/model/schedule-view';
import { formatWindow } from '../../../tabs/src/model/time';

const item = (over: Partial<ScheduleItem>): ScheduleItem => ({
  id: 'CHG-2026-0001',
  clientId: 'contoso',
  clientName: 'Contoso',
  clientTimeZone: 'Europe/London',
  fromVersion: '4.3',
  toVersion: '5.0',
  kind: 'major',
  mode: 'managed',
  state: 'booked',
  stateLabel: 'Booked',
  proposedWindows: [],
  ...over,
});

const contoso = item({ window: { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' } });
const fabrikam = item({
  id: 'CHG-2026-0002', clientId: 'fabrikam', clientName: 'Fabrikam', clientTimeZone: 'America/New_York', state: 'proposed', stateLabel: 'Proposed',
  proposedWindows: [
    { startsAt: '2026-12-05T01:00:00.000Z', endsAt: '2026-12-05T07:00:00.000Z' },
    { startsAt: '2026-12-09T01:00:00.000Z', endsAt: '2026-12-09T07:00:00.000Z' },
  ],
  needsAttention: 'Windows proposed, not answered yet',
});
const northwind = item({ id: 'CHG-2026-0004', clientId: 'northwind', clientName: 'Northwind Traders', fromVersion: '5.0', toVersion: '5.1', kind: 'minor', mode: 'self_service', state: 'requested', stateLabel: 'Requested' });
const all = [contoso, fabrikam, northwind];

describe('the tab view models (tabs/src/model)', () => {
  it('the calendar has the booked window, and each proposed window as a tentative entry, coloured by state', () => {
    const entries = calendarEntries(all);
    assert.deepEqual(entries.map((e) => [e.id, e.tentative, e.hue]), [
      ['CHG-2026-0001', false, 'blue'],
      ['CHG-2026-0002#0', true, 'marigold'],
      ['CHG-2026-0002#1', true, 'marigold'],
    ]);
    assert.match(entries[1]!.title, /^Fabrikam 4\.3 → 5\.0 · Proposed \(option 1 of 2\)$/);
  });

  it('filters narrow by client, release, kind, state, mode and search text', () => {
    const ids = (f: Parameters<typeof applyFilters>[1]) => applyFilters(all, f).map((u) => u.id);
    assert.deepEqual(ids({ client: 'fabrikam' }), ['CHG-2026-0002']);
    assert.deepEqual(ids({ release: '5.1' }), ['CHG-2026-0004']);
    assert.deepEqual(ids({ kind: 'major', state: 'booked' }), ['CHG-2026-0001']);
    assert.deepEqual(ids({ mode: 'self_service' }), ['CHG-2026-0004']);
    assert.deepEqual(ids({ q: ' north ' }), ['CHG-2026-0004']);
    assert.deepEqual(ids({ q: 'chg-2026-0002' }), ['CHG-2026-0002']);
    assert.deepEqual(ids({}), all.map((u) => u.id));
  });

  it('filter options come from the loaded range, releases in version order', () => {
    const options = filterOptions(all, ['5.10']);
    assert.deepEqual(options.clients.map((c) => c.name), ['Contoso', 'Fabrikam', 'Northwind Traders']);
    assert.deepEqual(options.releases, ['5.0', '5.1', '5.10']);
  });

  it('side lists: what needs staff, and open requests with no date', () => {
    assert.deepEqual(needingAttention(all).map((u) => u.id), ['CHG-2026-0002']);
    assert.deepEqual(unscheduled(all).map((u) => u.id), ['CHG-2026-0004']);
  });

  it('the API range covers the visible range with a day to spare for zones, `to` inclusive', () => {
    assert.deepEqual(apiRange(new Date('2026-10-26T00:00:00Z'), new Date('2026-12-07T00:00:00Z')), { from: '2026-10-25', to: '2026-12-07' });
  });

  it('a window reads in the viewer\'s zone and in the client\'s, across midnight', () => {
    assert.equal(formatWindow(contoso.window!, 'Europe/London', 'en-GB'), 'Fri, 4 Dec 2026, 18:00 – Sat, 5 Dec 2026, 00:00 GMT');
    assert.equal(formatWindow(contoso.window!, 'Europe/Berlin', 'en-GB'), 'Fri, 4 Dec 2026, 19:00 – Sat, 5 Dec 2026, 01:00 CET');
  });

  it('capacity slots become one row a day in the viewer\'s zone, with a heat level per hour', () => {
    const rows = capacityRows({
      from: '2026-12-04', to: '2026-12-04', capacityPerSlot: 2,
      slots: [
        { startsAt: '2026-12-04T17:00:00.000Z', endsAt: '2026-12-04T18:00:00.000Z', used: 0, free: 2 },
        { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-04T19:00:00.000Z', used: 1, free: 1 },
        { startsAt: '2026-12-04T23:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z', used: 2, free: 0 },
      ],
    }, 'Europe/Berlin', 'en-GB');
    assert.deepEqual(rows.map((r) => [r.day, r.cells.map((c) => [c.hour, c.level])]), [
      ['2026-12-04', [[18, 0], [19, 2]]],
      ['2026-12-05', [[0, 3]]],
    ]);
  });

  it('rollout bars keep the state order; history turns minutes into hours and rates into percent', () => {
    const [bar] = rolloutBars([{
      version: '5.0', kind: 'major', newest: '5.1', releases: ['5.0', '5.1'],
      counts: { upgraded: 1, booked: 1, proposed: 1, requested: 0, notStarted: 0 },
      clients: [{ clientId: 'contoso', clientName: 'Contoso', state: 'booked', currentVersion: '4.3', behind: 2, flagged: true }],
    }]);
    assert.deepEqual(bar!.segments.map((s) => s.count), [1, 1, 1, 0, 0]);
    assert.equal(bar!.total, 3);
    assert.deepEqual(bar!.behind, [{ clientName: 'Contoso', behind: 2, currentVersion: '4.3' }]);
    assert.deepEqual(historySeries({ releases: [
      { version: '5.0', upgrades: 4, durationP50Minutes: 300, durationP90Minutes: 405, overrunRate: 0.25, noGoRate: 0.5 },
      { version: '5.1', upgrades: 0, durationP50Minutes: null, durationP90Minutes: null, overrunRate: 0, noGoRate: 0 },
    ] }), [{ version: '5.0', p50Hours: 5, p90Hours: 6.8, overrunPercent: 25, noGoPercent: 50, upgrades: 4 }]);
  });
});
