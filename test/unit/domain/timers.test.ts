import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultDecisionPolicy, type Client } from '../../../bot/src/domain/client';
import type { UpgradeEvent } from '../../../bot/src/domain/lifecycle';
import { plannedTimers, type PlannedTimer } from '../../../bot/src/domain/timers';
import type { Upgrade } from '../../../bot/src/domain/upgrade';
import type { UpgradeWindow } from '../../../bot/src/domain/window';
import {
  ctx, engineer, fridayWindow, inProgressAfter, major, minor, newUpgrade, now, owner, run, say, step, toReady, tuesdayWindow, type ReleaseFacts, voteOn,
} from './support/upgrades';

const london: Pick<Client, 'timeZone' | 'decisionPolicy'> = { timeZone: 'Europe/London', decisionPolicy: defaultDecisionPolicy };
const sydney: Pick<Client, 'timeZone' | 'decisionPolicy'> = { timeZone: 'Australia/Sydney', decisionPolicy: defaultDecisionPolicy };

const hour = 3_600_000;
const minute = 60_000;
const at = (iso: string) => new Date(iso);
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms);

/** A booked upgrade (its owners accepted the window); a major is not ready until ticked and approved. */
function booked(release: ReleaseFacts, window: UpgradeWindow = fridayWindow, overrides: Partial<Upgrade> = {}): Upgrade {
  return run(newUpgrade(overrides), [{ type: 'propose', windows: [window] }, { type: 'accept', window }], ctx(release));
}

const plan = (u: Upgrade, when: Date = now, release: ReleaseFacts = major, client = london) => plannedTimers(u, client, release, when);
/** The plan as "label@dueAt" per kind, which is what a person would see fire. */
const seen = (timers: PlannedTimer[]) => timers.map((t) => `${t.kind} ${t.label} ${t.dueAt}`);

describe('timers: getting ready', () => {
  it('a booked unready major is reminded at T-7 d and T-1 d and flagged at T-24 h, with its freeze reminders', () => {
    const u = booked(major);
    assert.equal(u.state, 'booked');
    assert.deepEqual(seen(plan(u)), [
      'readiness_reminder T-7d 2026-11-27T18:00:00.000Z',
      'readiness_reminder T-1d 2026-12-03T18:00:00.000Z',
      'readiness_flag T-24h 2026-12-03T18:00:00.000Z',
      'freeze_reminder T-2d 2026-12-02T18:00:00.000Z',
      'freeze_reminder morning 2026-12-04T08:00:00.000Z',
    ]);
  });

  it('still reminds while only part of the prerequisites and no CAB are in', () => {
    const u = run(booked(major), [{ type: 'tick_prerequisite', prerequisite: 'Backup taken' }], ctx(major, owner));
    assert.equal(plan(u).filter((t) => t.kind.startsWith('readiness')).length, 3);
    const withoutCab = run(u, [{ type: 'tick_prerequisite', prerequisite: 'SSO app registered' }], ctx(major, owner));
    assert.equal(withoutCab.state, 'booked');
    assert.equal(plan(withoutCab).filter((t) => t.kind.startsWith('readiness')).length, 3);
  });

  it('sends no readiness reminder or flag once the major is ready; the freeze reminders stay', () => {
    const ready = run(newUpgrade(), toReady(major), ctx(major, owner));
    assert.equal(ready.state, 'ready');
    assert.deepEqual(plan(ready).map((t) => `${t.kind} ${t.label}`), ['freeze_reminder T-2d', 'freeze_reminder morning']);
  });

  it('a minor is ready at once: no readiness reminders, and no freeze unless the release advises one', () => {
    const u = booked(minor);
    assert.equal(u.state, 'ready');
    assert.deepEqual(plan(u, now, minor), []);
    const advised = { ...minor, contentFreezeAdvised: true };
    assert.deepEqual(plan(booked(advised), now, advised).map((t) => `${t.kind} ${t.label}`), ['freeze_reminder T-2d', 'freeze_reminder morning']);
  });

  it('a major always carries the freeze reminders, even if the release does not advise a freeze', () => {
    const unadvised = { ...major, contentFreezeAdvised: false };
    assert.deepEqual(plan(booked(unadvised), now, unadvised).filter((t) => t.kind === 'freeze_reminder').map((t) => t.label), ['T-2d', 'morning']);
  });

  it('plans nothing before a window is agreed, or once the upgrade is cancelled or completed', () => {
    assert.deepEqual(plan(newUpgrade()), []);
    assert.deepEqual(plan(run(newUpgrade(), [{ type: 'propose', windows: [fridayWindow] }], ctx(major))), []);
    assert.deepEqual(plan(run(booked(major), [{ type: 'cancel', reason: 'Merger' }], ctx(major))), []);
    assert.deepEqual(plan(run(booked(major), [{ type: 'reschedule', reason: 'CAB late', windows: [tuesdayWindow] }], ctx(major))), []);
    assert.deepEqual(plan(inProgressAfter('upgrade_complete'), at('2026-12-05T01:00:00Z'), minor), []);
  });
});

describe('timers: the freeze reminder on the morning of the window', () => {
  it('is at 08:00 London time, in winter (GMT) and in summer (BST)', () => {
    assert.equal(plan(booked(major)).find((t) => t.label === 'morning')?.dueAt, '2026-12-04T08:00:00.000Z');
    const june: UpgradeWindow = { startsAt: '2026-06-05T17:00:00.000Z', endsAt: '2026-06-05T23:00:00.000Z' };
    const timers = plan(booked(major, june), at('2026-05-20T10:00:00Z'));
    assert.equal(timers.find((t) => t.label === 'morning')?.dueAt, '2026-06-05T07:00:00.000Z');
    assert.equal(timers.find((t) => t.label === 'T-2d')?.dueAt, '2026-06-03T17:00:00.000Z');
  });

  it('is at 08:00 Sydney time, which is the previous day in UTC', () => {
    // Friday 4 December 2026, 18:00 in Sydney (AEDT, UTC+11) is 07:00 UTC the same day.
    const w: UpgradeWindow = { startsAt: '2026-12-04T07:00:00.000Z', endsAt: '2026-12-04T13:00:00.000Z' };
    const timers = plan(booked(major, w), now, major, sydney);
    assert.equal(timers.find((t) => t.label === 'morning')?.dueAt, '2026-12-03T21:00:00.000Z');
    assert.equal(timers.find((t) => t.label === 'T-2d')?.dueAt, '2026-12-02T07:00:00.000Z');
  });

  it('follows Sydney\'s winter offset too (AEST, UTC+10)', () => {
    const w: UpgradeWindow = { startsAt: '2026-06-05T08:00:00.000Z', endsAt: '2026-06-05T14:00:00.000Z' };
    assert.equal(plan(booked(major, w), at('2026-05-20T10:00:00Z'), major, sydney).find((t) => t.label === 'morning')?.dueAt, '2026-06-04T22:00:00.000Z');
  });

  it('is an hour before a window that starts before 08:00 local', () => {
    const early: UpgradeWindow = { startsAt: '2026-12-04T06:00:00.000Z', endsAt: '2026-12-04T10:00:00.000Z' };
    assert.equal(plan(booked(major, early)).find((t) => t.label === 'morning')?.dueAt, '2026-12-04T05:00:00.000Z');
  });
});

describe('timers: what is already past', () => {
  it('drops reminders whose time has passed', () => {
    assert.deepEqual(seen(plan(booked(major), at('2026-11-30T12:00:00Z'))), [
      'readiness_reminder T-1d 2026-12-03T18:00:00.000Z',
      'readiness_flag T-24h 2026-12-03T18:00:00.000Z',
      'freeze_reminder T-2d 2026-12-02T18:00:00.000Z',
      'freeze_reminder morning 2026-12-04T08:00:00.000Z',
    ]);
    assert.deepEqual(seen(plan(booked(major), at('2026-12-04T09:00:00Z'))), []);
  });

  it('drops a reminder due exactly now (it has had its moment)', () => {
    assert.ok(!plan(booked(major), at('2026-11-27T18:00:00Z')).some((t) => t.label === 'T-7d'));
    assert.ok(plan(booked(major), at('2026-11-27T17:59:59.999Z')).some((t) => t.label === 'T-7d'));
  });

  it('whatever the clock says, a booked upgrade never plans a reminder in the past', () => {
    fc.assert(fc.property(fc.integer({ min: Date.parse('2026-11-20T00:00:00Z'), max: Date.parse('2026-12-06T00:00:00Z') }), (ms) => {
      const when = new Date(ms);
      for (const timer of plan(booked(major), when)) if (Date.parse(timer.dueAt) <= ms) return false;
      return true;
    }));
  });
});

describe('timers: while the upgrade runs', () => {
  const running = () => inProgressAfter('instance_start', major);

  it('watches for the window\'s end while in progress, and still fires it once the end has passed', () => {
    assert.deepEqual(seen(plan(running(), at('2026-12-04T19:00:00Z'))), ['window_end end 2026-12-05T00:00:00.000Z']);
    assert.deepEqual(seen(plan(running(), at('2026-12-05T02:00:00Z'))), ['window_end end 2026-12-05T00:00:00.000Z']);
  });

  it('has no window end once work goes on after a Go', () => {
    const t0 = at('2026-12-05T00:05:00Z');
    const awaiting = step(running(), { type: 'overrun', reason: 'Slow index rebuild' }, ctx(major, engineer, t0)).upgrade;
    const go = step(awaiting, voteOn(awaiting, 'go'), ctx(major, owner, plus(t0.toISOString(), 10 * minute))).upgrade;
    assert.equal(go.state, 'in_progress');
    assert.deepEqual(plan(go, at('2026-12-05T00:20:00Z')), []);
    assert.deepEqual(plan(run(go, [say('instance_complete'), say('validation_start')], ctx(major, engineer)), at('2026-12-05T01:00:00Z')), []);
  });

  it('has no window end while rolling back', () => {
    const back = step(running(), { type: 'no_go', inAnswerTo: 'instance_start' }, ctx(major, owner, at('2026-12-04T19:00:00Z'))).upgrade;
    assert.equal(back.state, 'rolling_back');
    assert.deepEqual(plan(back, at('2026-12-04T19:05:00Z')), []);
  });
});

describe('timers: a Go/No-Go decision', () => {
  const t0 = '2026-12-04T23:30:00.000Z';
  const overrun: UpgradeEvent = { type: 'overrun', reason: 'Slow index rebuild', newEta: '2026-12-05T02:00:00Z' };
  const awaiting = (deadlineInMinutes = 30) =>
    step(inProgressAfter('instance_start', major), overrun, { ...ctx(major, engineer, at(t0)), decisionPolicy: { goRule: 'any', deadlineInMinutes } }).upgrade;

  it('reminds at half-time and escalates at the deadline (30 minutes by default)', () => {
    const u = awaiting();
    assert.equal(u.state, 'awaiting_decision');
    const id = u.decision!.id;
    assert.deepEqual(seen(plan(u, at(t0))), [
      `decision_half_time ${id} 2026-12-04T23:45:00.000Z`,
      `decision_deadline ${id} 2026-12-05T00:00:00.000Z`,
    ]);
  });

  it('follows the client\'s own deadline', () => {
    const u = awaiting(60);
    assert.deepEqual(plan(u, at(t0)).map((t) => t.dueAt), ['2026-12-05T00:00:00.000Z', '2026-12-05T00:30:00.000Z']);
  });

  it('drops a half-time that has passed but keeps a deadline, even a passed one', () => {
    const u = awaiting();
    assert.deepEqual(plan(u, plus(t0, 20 * minute)).map((t) => t.kind), ['decision_deadline']);
    assert.deepEqual(seen(plan(u, plus(t0, 2 * hour))), [`decision_deadline ${u.decision!.id} 2026-12-05T00:00:00.000Z`]);
  });

  it('has no decision timers once the decision is settled', () => {
    const go = step(awaiting(), voteOn(awaiting(), 'go'), ctx(major, owner, plus(t0, 5 * minute))).upgrade;
    assert.deepEqual(plan(go, plus(t0, 6 * minute)), []);
    const noGo = step(awaiting(), voteOn(awaiting(), 'no_go'), ctx(major, owner, plus(t0, 5 * minute))).upgrade;
    assert.deepEqual(plan(noGo, plus(t0, 6 * minute)), []);
  });

  it('a second decision gets timers of its own', () => {
    const first = awaiting();
    const go = step(first, voteOn(first, 'go'), ctx(major, owner, plus(t0, 5 * minute))).upgrade;
    const second = step(go, { type: 'overrun', reason: 'Validation slow' }, ctx(major, engineer, plus(t0, 2 * hour))).upgrade;
    const ids = plan(second, plus(t0, 2 * hour)).map((t) => t.id);
    assert.equal(ids.length, 2);
    for (const id of plan(first, at(t0)).map((t) => t.id)) assert.ok(!ids.includes(id), `${id} is the first decision's`);
  });
});

describe('timers: ids', () => {
  it('planning twice gives the same timers with the same ids', () => {
    const u = booked(major);
    assert.deepEqual(plan(u), plan(u));
    assert.deepEqual(plan(u, now).map((t) => t.id), plan(u, at('2026-11-26T10:00:00Z')).map((t) => t.id));
  });

  it('ids are unique within a plan, belong to the upgrade, and differ between upgrades', () => {
    const a = plan(booked(major));
    assert.equal(new Set(a.map((t) => t.id)).size, a.length);
    for (const t of a) assert.equal(t.upgradeId, 'CHG-2026-0042');
    const b = plan(booked(major, fridayWindow, { id: 'CHG-2026-0043' }));
    for (const t of b) assert.ok(!a.some((x) => x.id === t.id));
  });

  it('a rebooked window keeps the ids, so the new plan replaces the old one', () => {
    const first = plan(booked(major));
    const rebooked = run(booked(major), [
      { type: 'reschedule', reason: 'CAB late', windows: [tuesdayWindow] }, { type: 'accept', window: tuesdayWindow },
    ], ctx(major));
    const second = plan(rebooked);
    assert.deepEqual(second.map((t) => t.id), first.map((t) => t.id));
    assert.equal(second.find((t) => t.label === 'morning')?.dueAt, '2026-12-08T08:00:00.000Z');
  });

  it('a plan is a pure function of the upgrade and the clock', () => {
    fc.assert(fc.property(fc.integer({ min: Date.parse('2026-11-20T00:00:00Z'), max: Date.parse('2026-12-06T00:00:00Z') }), (ms) => {
      const u = booked(major);
      const before = structuredClone(u);
      const p = plan(u, new Date(ms));
      assert.deepEqual(plan(u, new Date(ms)), p);
      assert.deepEqual(u, before);
      return new Set(p.map((t) => t.id)).size === p.length;
    }));
  });
});
