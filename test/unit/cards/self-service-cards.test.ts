import assert from 'node:assert/strict';
import { buildRunbookCard, formatMinutes, type RunbookView } from '../../../bot/src/cards/runbook-card';
import { buildSelfServiceScheduleCard } from '../../../bot/src/cards/self-service-schedule-card';
import { assertValidCard } from '../../support/card-validation';
import { executes, inputIdsOf, readable, titles } from './support/card-walk';
import { major, window1, window1Utc, window1Zone, zone } from './support/fixtures';

describe('runbook card', () => {
  const base: RunbookView = {
    upgradeId: 'CHG-2026-0050', clientName: 'Fabrikam', version: '5.0', timeZone: zone, window: window1, viewer: 'owner',
    steps: [
      { ...major.runbook[0]!, done: { by: 'Ida Admin', at: '2026-12-04T18:20:00.000Z' } },
      { ...major.runbook[1]! },
      { title: 'Validate search', runBy: 'IT admin', requiresGlobalAdmin: false, estimateInMinutes: 30 },
    ],
    standbyEngineer: { name: 'Sam Standby', contact: 'sam@vendor.example' },
  };

  it('lists each step with its runner and estimate, marks Global Administrator steps, and names the standby engineer', () => {
    const c = buildRunbookCard(base);
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /1\. Run Upgrade\.ps1 -Stage Permissions/);
    assert.match(t, /Run by: Global Administrator · about 20 min/);
    assert.match(t, /Run by: SharePoint Administrator · about 1 h 30 min/);
    assert.equal(t.match(/Needs a Global Administrator/g)?.length, 1);
    assert.match(t, /Vendor standby engineer: Sam Standby \(sam@vendor\.example\)/);
    assert.match(t, /1 of 3 steps done · about 2 h 20 min in all/);
    assert.match(t, new RegExp(window1Zone));
    assert.match(t, new RegExp(window1Utc));
  });

  it('shows ticked steps as done with who and when, and a tick button on each open step', () => {
    const c = buildRunbookCard(base);
    assert.match(readable(c), /Done: \*\*1\. Run Upgrade\.ps1[\s\S]*Done by Ida Admin, Fri 4 Dec 2026 13:20 GMT-5 \(Fri 4 Dec 2026 18:20 UTC\)/);
    assert.match(readable(c), /To do: \*\*2\. Run Upgrade\.ps1 -Stage Deploy\*\*/);
    assert.doesNotMatch(readable(c), /[✅⬜⚠]/u);
    assert.deepEqual(executes(c, 'runbook.tick').map((a) => a.data), [
      { verb: 'runbook.tick', upgradeId: 'CHG-2026-0050', step: 1 },
      { verb: 'runbook.tick', upgradeId: 'CHG-2026-0050', step: 2 },
    ]);
  });

  it('is read-only for read-only viewers and says when no engineer is named yet', () => {
    const c = buildRunbookCard({ ...base, viewer: 'readonly', standbyEngineer: undefined });
    assertValidCard(c);
    assert.deepEqual(titles(c), []);
    assert.match(readable(c), /Vendor standby engineer: To be named/);
  });

  it('formats estimates', () => {
    assert.deepEqual([formatMinutes(45), formatMinutes(60), formatMinutes(125)], ['45 min', '1 h', '2 h 5 min']);
  });
});

describe('self-service schedule card', () => {
  const base = { upgradeId: 'CHG-2026-0050', v: 'W/"3"', clientName: 'Fabrikam', version: '5.0', timeZone: zone, leadTimeInDays: 7, earliestDate: '2026-12-02' };

  it('asks for a date and time in the client zone, states the lead-time rule, and schedules', () => {
    const c = buildSelfServiceScheduleCard(base);
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /Times are in America\/New_York/);
    assert.match(t, /Date \(America\/New_York\)/);
    assert.match(t, /at least 7 days ahead: the earliest date is Wed 2 Dec 2026/);
    assert.match(t, /standby engineer/);
    assert.deepEqual(inputIdsOf(c), ['date', 'time']);
    const date = c.body.find((e) => e.type === 'Input.Date');
    assert.ok(date && date.type === 'Input.Date' && date.min === '2026-12-02');
    assert.deepEqual(executes(c, 'selfservice.schedule')[0]?.data, { verb: 'selfservice.schedule', upgradeId: 'CHG-2026-0050', v: 'W/"3"' });
  });

  it('comes back with the refusal and the values picked', () => {
    const c = buildSelfServiceScheduleCard({ ...base, date: '2026-12-03', time: '07:30', error: '2026-12-03: the standby is full that day; pick another.' });
    assertValidCard(c);
    assert.match(readable(c), /standby is full/);
    const time = c.body.find((e) => e.type === 'Input.Time');
    assert.ok(time && time.type === 'Input.Time' && time.value === '07:30');
  });
});
