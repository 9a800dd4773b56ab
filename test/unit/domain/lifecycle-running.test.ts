import assert from 'node:assert/strict';
import { communicationTitles, type Communication, type Upgrade } from '../../../bot/src/domain/upgrade';
import type { UpgradeEvent } from '../../../bot/src/domain/lifecycle';
import {
  ctx, engineer, fridayWindow, inProgressAfter, mainLine, major, minor, newUpgrade, now, owner, refused, run, say, step, toReady, tuesdayWindow, voteOn,
  windowOpens,
} from './support/upgrades';

const kinds = (notices: { kind: string }[]) => notices.map((n) => n.kind);
const ready = (release = minor) => run(newUpgrade(), toReady(release), ctx(release));
const overrun = { type: 'overrun', reason: 'Index rebuild is slow', newEta: '2026-11-25T13:00:00Z' } as const;

describe('upgrade lifecycle: the formal communications', () => {
  for (const release of [minor, major]) {
    it(`runs a ${release.kind} from ready to completed, one communication at a time`, () => {
      let u = ready(release);
      assert.equal(u.state, 'ready');
      for (const c of mainLine) {
        const t = step(u, say(c), ctx(release, engineer, windowOpens));
        assert.equal(t.notices[0]?.kind, 'communication');
        assert.deepEqual(t.notices[0], { kind: 'communication', communication: c });
        assert.deepEqual(t.audit.map((a) => [a.action, a.detail, a.actor.id]), [[c, communicationTitles[c], engineer.id]]);
        u = t.upgrade;
        assert.equal(u.lastCommunication, c);
      }
      assert.equal(u.state, 'completed');
      assert.deepEqual(u.window, fridayWindow);
    });
  }

  it('upgrade start takes the environment offline and starts the feature outage', () => {
    const t = step(ready(), say('upgrade_start'), ctx(minor, engineer, windowOpens));
    assert.equal(t.upgrade.state, 'in_progress');
    assert.deepEqual(kinds(t.notices), ['communication', 'environment_offline', 'outage_started']);
  });

  it('completion brings the environment back online, ends the outage and lifts a major content freeze', () => {
    const t = step(inProgressAfter('validation_complete', major), say('upgrade_complete'), ctx(major, engineer));
    assert.equal(t.upgrade.state, 'completed');
    assert.deepEqual(kinds(t.notices), ['communication', 'environment_online', 'outage_ended', 'content_freeze_lifted']);
    const window = inProgressAfter('validation_complete', major).window;
    assert.ok(window);
    assert.deepEqual(t.notices.slice(1, 3), [{ kind: 'environment_online', window }, { kind: 'outage_ended', window }], 'names the run whose offline notices are corrected');
    const minorDone = step(inProgressAfter('validation_complete'), say('upgrade_complete'), ctx(minor, engineer));
    assert.deepEqual(kinds(minorDone.notices), ['communication', 'environment_online', 'outage_ended']);
  });

  it('retries the instance upgrade after each failure, then goes on', () => {
    const path: Communication[] = ['upgrade_start', 'instance_start', 'instance_failure', 'instance_retry_start', 'instance_failure',
      'instance_retry_start', 'instance_complete', 'validation_start', 'validation_complete', 'upgrade_complete'];
    assert.equal(run(ready(), path.map((c) => say(c)), ctx(minor, engineer, windowOpens)).state, 'completed');
  });

  it('retries validation testing after each failure, then goes on', () => {
    const path: Communication[] = ['upgrade_start', 'instance_start', 'instance_complete', 'validation_start', 'validation_failure',
      'validation_retry_start', 'validation_failure', 'validation_retry_start', 'validation_complete', 'upgrade_complete'];
    assert.equal(run(ready(), path.map((c) => say(c)), ctx(minor, engineer, windowOpens)).state, 'completed');
  });

  it('records the engineer note with the communication', () => {
    const t = step(inProgressAfter('instance_start'), say('instance_failure', 'Schema migration 42 timed out'), ctx(minor, engineer));
    assert.equal(t.audit[0]?.detail, 'Instance upgrade failure: Schema migration 42 timed out');
  });

  it('refuses validation right after the instance upgrade started, saying what is missing and what is next', () => {
    const u = inProgressAfter('instance_start');
    const error = refused(u, say('validation_start'), ctx(minor, engineer));
    assert.equal(error.code, 'event_out_of_order');
    assert.ok(error.userMessage.startsWith('Validation cannot start: the instance upgrade has not completed'));
    assert.equal(error.userMessage, 'Validation cannot start: the instance upgrade has not completed. Next step: Instance upgrade complete or Instance upgrade failure.');
  });

  it('refuses completing an instance upgrade that failed until a retry has started', () => {
    const error = refused(inProgressAfter('instance_failure'), say('instance_complete'), ctx(minor, engineer));
    assert.equal(error.userMessage, 'The instance upgrade cannot be marked complete: the instance upgrade failed and no retry has started. Next step: Instance upgrade retry start.');
  });

  it('refuses a step already passed', () => {
    assert.equal(refused(inProgressAfter('validation_start'), say('instance_start'), ctx(minor, engineer)).userMessage,
      'The instance upgrade cannot start: the upgrade is past that step (last: Validation testing start). Next step: Validation testing complete or Validation testing failure.');
  });

  it('refuses communications before the upgrade is ready and after it is over', () => {
    assert.equal(refused(newUpgrade(), say('upgrade_start'), ctx(minor)).userMessage, 'The upgrade cannot start: no window has been proposed yet.');
    assert.equal(refused(inProgressAfter('upgrade_complete'), say('upgrade_start'), ctx(minor)).userMessage, 'The upgrade cannot start: the upgrade is already complete.');
    assert.equal(refused(ready(), say('instance_start'), ctx(minor)).userMessage,
      'The instance upgrade cannot start: the upgrade has not started. Next step: Upgrade start (environment offline).');
  });
});

describe('upgrade lifecycle: overrun and Go/No-Go', () => {
  it('an overrun opens a Go/No-Go decision with the reason, the new ETA and a 30-minute deadline', () => {
    const t = step(inProgressAfter('validation_start'), overrun, ctx(minor, engineer));
    assert.equal(t.upgrade.state, 'awaiting_decision');
    assert.equal(t.upgrade.eta, '2026-11-25T13:00:00.000Z');
    assert.deepEqual({ ...t.upgrade.decision, id: undefined }, {
      id: undefined, reason: 'Index rebuild is slow', newEta: '2026-11-25T13:00:00.000Z', openedAt: now.toISOString(), deadline: '2026-11-25T10:30:00.000Z',
    });
    assert.deepEqual(kinds(t.notices), ['decision_opened']);
    assert.deepEqual(t.audit.map((a) => [a.action, a.detail]), [['overrun', 'Index rebuild is slow (new ETA 2026-11-25T13:00:00.000Z)']]);
  });

  it('an overrun found by the scheduler, with no new ETA yet, still opens the decision', () => {
    const t = step(inProgressAfter('validation_start'), { type: 'overrun', reason: 'The window has ended' }, ctx(minor, engineer));
    assert.equal(t.upgrade.state, 'awaiting_decision');
    assert.equal(t.upgrade.eta, undefined);
    assert.equal(t.upgrade.decision?.newEta, undefined);
    assert.deepEqual(t.audit.map((a) => a.detail), ['The window has ended (no new ETA yet)']);
    assert.deepEqual(kinds(t.notices), ['decision_opened']);
  });

  it('refuses an overrun without a reason, with an ETA in the past, or outside an upgrade in progress', () => {
    const u = inProgressAfter('instance_start');
    assert.equal(refused(u, { ...overrun, reason: ' ' }, ctx(minor)).userMessage, 'Say why the upgrade will overrun; the owners decide on it.');
    for (const newEta of ['2026-11-25T09:59:00Z', 'soon', now.toISOString()])
      assert.equal(refused(u, { ...overrun, newEta }, ctx(minor)).userMessage, 'The new estimated completion must be a date and time in the future.');
    assert.equal(refused(ready(), overrun, ctx(minor)).userMessage, 'An overrun cannot be reported: the upgrade is ready.');
  });

  it('holds every communication while the owners decide', () => {
    const u = run(inProgressAfter('validation_start'), [overrun], ctx(minor));
    const error = refused(u, say('validation_complete'), ctx(minor, engineer));
    assert.equal(error.userMessage, 'Validation cannot be marked complete: a Go/No-Go decision is pending; the client owners must answer first.');
    assert.equal(refused(u, overrun, ctx(minor)).code, 'invalid_transition');
  });

  it('Go: work goes on and completion is still announced after validation, even past the window', () => {
    const waiting = run(inProgressAfter('validation_start', major), [overrun], ctx(major));
    const go = step(waiting, voteOn(waiting, 'go'), ctx(major, owner));
    assert.equal(go.upgrade.state, 'in_progress');
    assert.equal(go.upgrade.lastCommunication, 'validation_start');
    assert.equal(go.upgrade.decision?.outcome, 'go');
    assert.equal(go.upgrade.decision?.decidedAt, now.toISOString());
    assert.deepEqual(go.upgrade.decision?.votes, [{ voterId: owner.id, voterName: owner.name, vote: 'go', at: now.toISOString() }]);
    assert.deepEqual(kinds(go.notices), ['decision_settled']);
    assert.deepEqual(go.audit.map((a) => a.detail), ['Go: the upgrade continues (1 Go, 0 No-Go of 1 owner: Olivia Park Go)']);
    const late = ctx(major, engineer, new Date('2026-12-05T03:00:00Z'));
    assert.equal(run(go.upgrade, [say('validation_complete'), say('upgrade_complete')], late).state, 'completed');
  });

  it('a second overrun after a Go opens a new decision', () => {
    const first = run(inProgressAfter('instance_start'), [overrun], ctx(minor));
    const again = run(first, [voteOn(first, 'go'), { ...overrun, reason: 'Still slow' }], ctx(minor, owner));
    assert.deepEqual(again.decision?.votes, undefined);
    assert.equal(again.state, 'awaiting_decision');
    assert.equal(again.decision?.reason, 'Still slow');
    assert.equal(again.decision?.outcome, undefined);
  });

  it('No-Go: the environment is rolled back and the upgrade goes back to proposed without a window', () => {
    const waiting = run(inProgressAfter('validation_start', major), [overrun], ctx(major));
    const noGo = step(waiting, voteOn(waiting, 'no_go'), ctx(major, owner));
    assert.equal(noGo.upgrade.state, 'rolling_back');
    assert.equal(noGo.upgrade.decision?.outcome, 'no_go');
    assert.deepEqual(noGo.audit.map((a) => a.detail), ['No-Go: the environment will be rolled back (0 Go, 1 No-Go of 1 owner: Olivia Park No-Go)']);
    assert.equal(refused(noGo.upgrade, say('validation_complete'), ctx(major, engineer)).userMessage,
      'Validation cannot be marked complete: the environment is being rolled back. Next step: Rollback start.');
    const started = step(noGo.upgrade, say('rollback_start'), ctx(major, engineer));
    assert.deepEqual(kinds(started.notices), ['communication']);
    const back = step(started.upgrade, say('rollback_complete'), ctx(major, engineer));
    assert.equal(back.upgrade.state, 'proposed');
    assert.equal(back.upgrade.window, undefined);
    assert.equal(back.upgrade.lastCommunication, undefined);
    assert.deepEqual(back.upgrade.proposedWindows, []);
    assert.deepEqual(kinds(back.notices), ['communication', 'environment_online', 'outage_ended', 'rescheduled', 'content_freeze_lifted']);
    assert.deepEqual(back.notices.slice(1, 4).map((n) => 'window' in n && n.window), [started.upgrade.window, started.upgrade.window, started.upgrade.window], 'the rolled-back window is named though the upgrade no longer holds it');
    assert.ok(started.upgrade.window);
    const rebooked = run(back.upgrade, [{ type: 'propose', windows: [tuesdayWindow] }, { type: 'accept', window: tuesdayWindow }], ctx(major, owner));
    assert.equal(rebooked.state, 'ready');
  });

  it('refuses a vote when no decision is open, or on a decision that has been replaced', () => {
    const error = refused(inProgressAfter('instance_start'), { type: 'cast_vote', decisionId: 'D1', vote: 'go' }, ctx(minor, owner));
    assert.equal(error.code, 'decision_not_open');
    assert.equal(error.userMessage, 'There is no open Go/No-Go decision on this upgrade.');
    const waiting = run(inProgressAfter('instance_start'), [overrun], ctx(minor));
    const stale = refused(waiting, { type: 'cast_vote', decisionId: 'D-old', vote: 'go' }, ctx(minor, owner));
    assert.equal(stale.userMessage, 'This Go/No-Go question has been replaced; type "show CHG-2026-0042" for the latest card.');
  });

  it('records each owner\'s vote once and settles on the vote that decides it under the policy', () => {
    const owners = ['owner-1', 'owner-2', 'owner-3'];
    const all = (actor: typeof owner) => ({ ...ctx(minor, actor), ownerIds: owners, decisionPolicy: { ...ctx(minor).decisionPolicy, goRule: 'majority' as const } });
    const waiting = run(inProgressAfter('instance_start'), [overrun], ctx(minor));
    const first = step(waiting, voteOn(waiting, 'go'), all(owner));
    assert.equal(first.upgrade.state, 'awaiting_decision');
    assert.deepEqual(kinds(first.notices), ['decision_votes']);
    assert.deepEqual(first.audit, []);
    // A double click, or a change of mind, leaves the first vote standing and the upgrade untouched.
    const twice = step(first.upgrade, voteOn(first.upgrade, 'no_go'), all(owner));
    assert.equal(twice.upgrade, first.upgrade);
    assert.deepEqual(twice.notices, []);
    assert.equal(refused(first.upgrade, voteOn(first.upgrade, 'go'), all({ ...owner, id: 'not-an-owner', name: 'Stranger' })).code, 'not_a_voter');
    const second = step(first.upgrade, voteOn(first.upgrade, 'go'), all({ ...owner, id: 'owner-2', name: 'Omar' }));
    assert.equal(second.upgrade.state, 'in_progress');
    assert.equal(second.upgrade.decision?.outcome, 'go');
    // Votes after the outcome change nothing.
    const late = step(second.upgrade, voteOn(second.upgrade, 'no_go'), all({ ...owner, id: 'owner-3', name: 'Ola' }));
    assert.equal(late.upgrade, second.upgrade);
  });

  it('refuses to complete a rollback that has not started, or to start it twice', () => {
    const rolling = run(inProgressAfter('instance_start'), [{ type: 'no_go', inAnswerTo: 'instance_start' }], ctx(minor, owner));
    assert.equal(refused(rolling, say('rollback_complete'), ctx(minor)).userMessage, 'The rollback cannot be marked complete: the rollback has not started. Next step: Rollback start.');
    const started = run(rolling, [say('rollback_start')], ctx(minor));
    assert.equal(refused(started, say('rollback_start'), ctx(minor)).code, 'event_out_of_order');
    assert.equal(refused(inProgressAfter('instance_start'), say('rollback_start'), ctx(minor)).userMessage,
      'The rollback cannot start: no No-Go decision asked for a rollback. Next step: Instance upgrade complete or Instance upgrade failure.');
  });
});

describe('upgrade lifecycle: No-Go in answer to a formal communication', () => {
  const answerable: Communication[] = ['upgrade_start', 'instance_start', 'instance_failure', 'instance_retry_start', 'instance_complete',
    'validation_start', 'validation_failure', 'validation_retry_start', 'validation_complete'];

  for (const c of answerable) {
    it(`a client owner's No-Go on "${communicationTitles[c]}" starts the rollback, recorded with its author`, () => {
      const u: Upgrade = inProgressAfter(c);
      const t = step(u, { type: 'no_go', inAnswerTo: c }, ctx(minor, owner));
      assert.equal(t.upgrade.state, 'rolling_back');
      assert.equal(t.upgrade.lastCommunication, undefined);
      assert.deepEqual(t.upgrade.decision, {
        id: t.upgrade.decision?.id, reason: `No-Go in answer to: ${communicationTitles[c]}`, inAnswerTo: c,
        openedAt: now.toISOString(), deadline: now.toISOString(), outcome: 'no_go', decidedAt: now.toISOString(),
      });
      assert.deepEqual(t.audit.map((a) => [a.action, a.detail, a.actor.id]), [['decision', `No-Go by Olivia Park in answer to ${communicationTitles[c]}`, owner.id]]);
      assert.deepEqual(kinds(t.notices), ['decision_settled']);
      assert.equal(run(t.upgrade, [say('rollback_start'), say('rollback_complete')], ctx(minor, engineer)).state, 'proposed');
    });
  }

  it('keeps the owner comment as the reason', () => {
    const t = step(inProgressAfter('instance_start'), { type: 'no_go', inAnswerTo: 'instance_start', comment: ' Payroll run tonight ' }, ctx(minor, owner));
    assert.equal(t.upgrade.decision?.reason, 'Payroll run tonight');
    assert.equal(t.audit[0]?.detail, 'No-Go by Olivia Park in answer to Instance upgrade start: Payroll run tonight');
  });

  it('answers an open overrun decision too', () => {
    const waiting = run(inProgressAfter('instance_start'), [overrun], ctx(minor));
    const t = step(waiting, { type: 'no_go', inAnswerTo: 'instance_start' }, ctx(minor, owner, new Date('2026-11-25T10:10:00Z')));
    assert.equal(t.upgrade.state, 'rolling_back');
    assert.equal(t.upgrade.decision?.openedAt, now.toISOString());
    assert.equal(t.upgrade.decision?.decidedAt, '2026-11-25T10:10:00.000Z');
  });

  it('is refused before the upgrade starts, during the rollback and after completion', () => {
    const noGo = { type: 'no_go', inAnswerTo: 'upgrade_start' } as const;
    assert.equal(refused(ready(), noGo, ctx(minor, owner)).userMessage, 'A No-Go cannot be given: the upgrade is ready.');
    const rolling = run(inProgressAfter('upgrade_start'), [noGo], ctx(minor, owner));
    assert.equal(refused(rolling, noGo, ctx(minor, owner)).userMessage, 'A No-Go cannot be given: the upgrade is rolling back.');
    assert.equal(refused(inProgressAfter('upgrade_complete'), { type: 'no_go', inAnswerTo: 'upgrade_complete' }, ctx(minor, owner)).userMessage,
      'A No-Go cannot be given: the upgrade is completed.');
  });
});

describe('upgrade lifecycle: starting before the window', () => {
  const hour = 3_600_000;
  const before = (ms: number) => new Date(windowOpens.getTime() - ms);
  const start = (reason?: string, note?: string): UpgradeEvent => ({ type: 'communicate', communication: 'upgrade_start', ...(note ? { note } : {}), ...(reason ? { earlyStartReason: reason } : {}) });

  it('refuses a start 13 days early, naming the window in the client zone and UTC, and says to reschedule', () => {
    const error = refused(ready(), start('The client is ready now'), { ...ctx(minor, engineer, before(13 * 24 * hour)), timeZone: 'America/New_York' });
    assert.equal(error.code, 'start_too_early');
    assert.equal(error.userMessage, 'CHG-2026-0042 cannot start yet: its window is Fri 4 Dec 2026 13:00-19:00 GMT-5 (Fri 4 Dec 2026 18:00-24:00 UTC), 13 days from now. '
      + 'An upgrade can start at most 24 hours before its window; to run it sooner, reschedule it instead: the CSA types "reschedule CHG-2026-0042" and agrees a new window with the owners.');
  });

  it('refuses a start a minute more than 24 hours early, reason or not', () => {
    assert.equal(refused(ready(), start('Ready'), ctx(minor, engineer, before(24 * hour + 60_000))).code, 'start_too_early');
  });

  it('asks for a reason to start within the day before the window, and records it in the audit log and the thread note', () => {
    const early = ctx(minor, engineer, before(5 * hour + 30 * 60_000));
    const unconfirmed = refused(ready(), start(), early);
    assert.equal(unconfirmed.code, 'early_start_needs_reason');
    assert.match(unconfirmed.userMessage, /window is Fri 4 Dec 2026 18:00-24:00 GMT \(Fri 4 Dec 2026 18:00-24:00 UTC\), 5 h 30 min from now/);
    assert.equal(refused(ready(), start('   '), early).code, 'early_start_needs_reason', 'a blank reason is no reason');

    const t = step(ready(), start(' The client\'s IT team is ready early ', 'All hands on the bridge'), early);
    assert.equal(t.upgrade.state, 'in_progress');
    assert.deepEqual(kinds(t.notices), ['communication', 'environment_offline', 'outage_started']);
    assert.deepEqual(t.audit.map((a) => [a.action, a.detail, a.actor.id]), [
      ['early_start', 'Started 5 h 30 min before the window Fri 4 Dec 2026 18:00-24:00 GMT (Fri 4 Dec 2026 18:00-24:00 UTC): The client\'s IT team is ready early', engineer.id],
      ['upgrade_start', 'Upgrade start (environment offline): Early start, 5 h 30 min before the window: The client\'s IT team is ready early. All hands on the bridge', engineer.id],
    ]);
  });

  it('takes a confirmed start exactly 24 hours early', () => {
    assert.equal(step(ready(), start('Agreed on the call'), ctx(minor, engineer, before(24 * hour))).upgrade.state, 'in_progress');
  });

  it('needs no reason once the window has opened, and ignores one given', () => {
    const t = step(ready(), start('Not needed'), ctx(minor, engineer, new Date(windowOpens.getTime() + 60_000)));
    assert.deepEqual(t.audit.map((a) => [a.action, a.detail]), [['upgrade_start', 'Upgrade start (environment offline)']]);
  });

  it('lets a self-service upgrade start when the client says, whatever the time', () => {
    const picked = { startsAt: '2026-12-10T07:00:00.000Z', endsAt: '2026-12-10T11:00:00.000Z' };
    const booked = run(newUpgrade({ mode: 'self_service' }), [{ type: 'schedule_self_service', window: picked }], ctx(minor, owner));
    const t = step(booked, start(), ctx(minor, owner, now));
    assert.equal(t.upgrade.state, 'in_progress');
    assert.deepEqual(t.audit.map((a) => a.action), ['upgrade_start']);
  });
});
