import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nextCommunications } from '../../../bot/src/domain/communications';
import { errorCodes, UpgradeDeskError } from '../../../bot/src/domain/errors';
import { isReadyToStart, transition, type UpgradeEvent } from '../../../bot/src/domain/lifecycle';
import {
  communicationTitles, upgradeStates, type Communication, type Upgrade, type UpgradeMode, type UpgradeState,
} from '../../../bot/src/domain/upgrade';
import { csa, ctx, engineer, major, minor, newUpgrade, owner, type ReleaseFacts } from './support/upgrades';

const communications = Object.keys(communicationTitles) as Communication[];
const running: Communication[] = ['upgrade_start', 'instance_start', 'instance_failure', 'instance_retry_start', 'instance_complete',
  'validation_start', 'validation_failure', 'validation_retry_start', 'validation_complete'];
const pool = [
  { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' },
  { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' },
  { startsAt: '2026-12-11T18:00:00Z', endsAt: '2026-12-12T00:00:00Z' },
  { startsAt: '2026-12-15T18:00:00.000Z', endsAt: '2026-12-15T17:00:00.000Z' }, // ends before it starts
];

/** An event in the abstract; `resolve` turns it into a real event against the current upgrade. Valid next steps are favoured so runs get far. */
const actionArb = fc.oneof(
  fc.record({ kind: fc.constant('propose' as const), picks: fc.array(fc.nat(3), { minLength: 0, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('decline' as const), comment: fc.constantFrom('', 'Board meeting') }),
  fc.record({ kind: fc.constant('accept' as const), pick: fc.nat(3), fromProposal: fc.boolean() }),
  fc.record({ kind: fc.constant('self_service' as const), pick: fc.nat(3) }),
  fc.record({ kind: fc.constant('tick' as const), pick: fc.nat(2) }),
  fc.record({ kind: fc.constant('cab' as const), complete: fc.boolean() }),
  fc.record({ kind: fc.constant('communicate' as const), c: fc.constantFrom(...communications) }),
  { arbitrary: fc.record({ kind: fc.constant('next' as const), pick: fc.nat(1) }), weight: 8 },
  fc.record({ kind: fc.constant('overrun' as const), etaInMinutes: fc.option(fc.integer({ min: -30, max: 240 })), reason: fc.constantFrom('', 'Slow disk') }),
  fc.record({ kind: fc.constant('vote' as const), vote: fc.constantFrom('go' as const, 'no_go' as const), stale: fc.boolean() }),
  fc.record({ kind: fc.constant('no_go' as const), c: fc.constantFrom(...communications) }),
  fc.record({ kind: fc.constant('reschedule' as const), picks: fc.array(fc.nat(3), { minLength: 0, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('cancel' as const), reason: fc.constantFrom('', 'Merger') }),
);
type Action = typeof actionArb extends fc.Arbitrary<infer T> ? T : never;

function resolve(a: Action, u: Upgrade, release: ReleaseFacts, at: Date): UpgradeEvent {
  switch (a.kind) {
    case 'propose': return { type: 'propose', windows: a.picks.map((i) => pool[i]!) };
    case 'decline': return { type: 'decline_proposal', comment: a.comment };
    case 'accept': return { type: 'accept', window: (a.fromProposal ? u.proposedWindows[a.pick % Math.max(1, u.proposedWindows.length)] : undefined) ?? pool[a.pick]! };
    case 'self_service': return { type: 'schedule_self_service', window: pool[a.pick]! };
    case 'tick': return { type: 'tick_prerequisite', prerequisite: release.prerequisites[a.pick] ?? 'Not a prerequisite' };
    case 'cab': return { type: 'record_cab', approver: 'Dana', reference: a.complete ? 'CAB-9' : '' };
    case 'communicate': return { type: 'communicate', communication: a.c };
    case 'next': {
      const next = nextCommunications(u);
      return { type: 'communicate', communication: next[a.pick % Math.max(1, next.length)] ?? 'upgrade_start' };
    }
    case 'overrun': return a.etaInMinutes === null
      ? { type: 'overrun', reason: a.reason }
      : { type: 'overrun', reason: a.reason, newEta: new Date(at.getTime() + a.etaInMinutes * 60_000).toISOString() };
    case 'vote': return { type: 'cast_vote', decisionId: a.stale ? 'D-stale' : (u.decision?.id ?? 'none'), vote: a.vote };
    case 'no_go': return { type: 'no_go', inAnswerTo: a.c };
    case 'reschedule': return { type: 'reschedule', reason: 'Moved', windows: a.picks.map((i) => pool[i]!) };
    case 'cancel': return { type: 'cancel', reason: a.reason };
  }
}

const needsWindow: UpgradeState[] = ['booked', 'ready', 'in_progress', 'awaiting_decision', 'rolling_back', 'completed'];
const beforeStart: UpgradeState[] = ['requested', 'proposed', 'booked', 'ready', 'cancelled'];

/** What can never be true of an upgrade, whatever happened to it. */
function assertPossible(u: Upgrade, release: ReleaseFacts): void {
  const s = u.state;
  assert.ok(upgradeStates.includes(s));
  if (needsWindow.includes(s)) {
    assert.ok(u.window, `${s} without a window`);
    assert.ok(Date.parse(u.window.endsAt) > Date.parse(u.window.startsAt), `${s} with a window that ends before it starts`);
  }
  if (s === 'requested' || s === 'proposed') assert.equal(u.window, undefined, `${s} with a window`);
  // A cancelled ticket keeps what was last offered, as a record; it holds no capacity.
  if (s !== 'proposed' && s !== 'cancelled') assert.deepEqual(u.proposedWindows, [], `${s} with proposed windows`);
  assert.ok(u.proposedWindows.length <= 3);
  if (beforeStart.includes(s)) assert.equal(u.lastCommunication, undefined, `${s} after ${u.lastCommunication}`);
  if (s === 'in_progress' || s === 'awaiting_decision') assert.ok(u.lastCommunication && running.includes(u.lastCommunication), `${s} after ${u.lastCommunication}`);
  if (s === 'in_progress') assert.ok(nextCommunications(u).length > 0, 'an upgrade in progress always has a next step');
  if (s === 'rolling_back') assert.ok(u.lastCommunication === undefined || u.lastCommunication === 'rollback_start');
  if (s === 'completed') assert.equal(u.lastCommunication, 'upgrade_complete');
  const open = u.decision !== undefined && u.decision.outcome === undefined;
  assert.equal(open, s === 'awaiting_decision', `${s} with ${open ? 'an open' : 'no open'} decision`);
  if (s === 'awaiting_decision') assert.equal(u.decision?.newEta, u.eta);
  if (s === 'rolling_back') assert.equal(u.decision?.outcome, 'no_go', 'rolling back without a No-Go');
  if (s === 'ready') assert.ok(isReadyToStart(u, release), 'ready with prerequisites or CAB missing');
  if (s === 'booked') assert.ok(!isReadyToStart(u, release), 'booked though everything is in');
  if (s === 'cancelled') assert.ok(u.cancelReason?.trim());
  assert.equal(new Set(u.prerequisitesDone).size, u.prerequisitesDone.length);
  for (const p of u.prerequisitesDone) assert.ok(release.prerequisites.includes(p));
}

describe('upgrade lifecycle (properties)', () => {
  it('no sequence of events reaches an impossible state, and a refused event changes nothing', () => {
    const reached = new Set<UpgradeState>();
    const releases: ReleaseFacts[] = [major, minor, { ...minor, contentFreezeAdvised: true }];
    fc.assert(
      fc.property(
        fc.constantFrom(...releases), fc.constantFrom<UpgradeMode>('managed', 'self_service'), fc.array(actionArb, { maxLength: 80, size: 'max' }),
        (release, mode, actions) => {
          let u = newUpgrade({ mode });
          actions.forEach((action, i) => {
            const at = new Date(Date.parse('2026-12-04T18:00:00Z') + i * 60_000);
            const actor = [csa, owner, engineer][i % 3]!;
            const event = resolve(action, u, release, at);
            const before = structuredClone(u);
            const result = transition(u, event, ctx(release, actor, at));
            assert.deepEqual(u, before, 'transition never mutates the upgrade it is given');
            if (!result.ok) {
              assert.ok(result.error instanceof UpgradeDeskError);
              assert.ok(errorCodes.includes(result.error.code));
              assert.ok(result.error.userMessage.length > 10 && !result.error.userMessage.includes('undefined'), result.error.userMessage);
              return;
            }
            if (result.value.upgrade === u) {
              // Nothing changed (a vote repeated or cast after the outcome): nothing to record or announce.
              assert.deepEqual([result.value.audit, result.value.notices], [[], []]);
              return;
            }
            assert.ok(!['completed', 'cancelled'].includes(before.state), `${event.type} accepted after ${before.state}`);
            const next = result.value.upgrade;
            assertPossible(next, release);
            // A reschedule gives the booked window up only for new ones: never a proposal without windows.
            if (event.type === 'reschedule') assert.ok(next.proposedWindows.length > 0, 'rescheduled to a proposal without windows');
            // An engineer never starts a managed upgrade more than 24 hours before its window, nor before it without a reason.
            if (event.type === 'communicate' && event.communication === 'upgrade_start' && before.mode === 'managed' && before.window)
              assert.ok(at.getTime() >= Date.parse(before.window.startsAt), 'started before the window without a reason');
            assert.equal(next.updatedAt, at.toISOString());
            assert.equal(next.id, before.id);
            if (next.state !== before.state) assert.ok(result.value.audit.length > 0, `${before.state} -> ${next.state} left no audit entry`);
            for (const a of result.value.audit) assert.deepEqual([a.at, a.actor, a.source], [at.toISOString(), actor, 'chat']);
            u = next;
            reached.add(u.state);
          });
        },
      ),
      { numRuns: 400 },
    );
    assert.deepEqual(new Set(upgradeStates), new Set([...reached, 'requested']), 'the generator reaches every state');
  });
});
