import assert from 'node:assert/strict';
import { checkCommunication, nextCommunications } from '../../../bot/src/domain/communications';
import { communicationTitles, upgradeStates, type Communication, type Upgrade, type UpgradeState } from '../../../bot/src/domain/upgrade';

const all = Object.keys(communicationTitles) as Communication[];
type Position = Pick<Upgrade, 'state' | 'lastCommunication'>;

const followers: [Communication | undefined, Communication[]][] = [
  [undefined, ['upgrade_start']],
  ['upgrade_start', ['instance_start']],
  ['instance_start', ['instance_complete', 'instance_failure']],
  ['instance_failure', ['instance_retry_start']],
  ['instance_retry_start', ['instance_complete', 'instance_failure']],
  ['instance_complete', ['validation_start']],
  ['validation_start', ['validation_complete', 'validation_failure']],
  ['validation_failure', ['validation_retry_start']],
  ['validation_retry_start', ['validation_complete', 'validation_failure']],
  ['validation_complete', ['upgrade_complete']],
];

/** Every position an upgrade can be in, with what may be posted next. */
const positions: [Position, Communication[]][] = [
  [{ state: 'ready' }, ['upgrade_start']],
  ...followers.slice(1).map(([last, next]): [Position, Communication[]] => [{ state: 'in_progress', lastCommunication: last }, next]),
  ...followers.slice(1).map(([last]): [Position, Communication[]] => [{ state: 'awaiting_decision', lastCommunication: last }, []]),
  [{ state: 'rolling_back' }, ['rollback_start']],
  [{ state: 'rolling_back', lastCommunication: 'rollback_start' }, ['rollback_complete']],
  ...(['requested', 'proposed', 'booked', 'completed', 'cancelled'] as UpgradeState[]).map((state): [Position, Communication[]] => [{ state }, []]),
];

describe('formal communications', () => {
  it('names every communication in the words of the process document', () => {
    assert.equal(all.length, 12);
    assert.equal(communicationTitles.upgrade_start, 'Upgrade start (environment offline)');
    assert.equal(communicationTitles.upgrade_complete, 'Upgrade complete (environment online)');
    assert.equal(new Set(Object.values(communicationTitles)).size, 12);
  });

  it('covers every state of an upgrade', () => {
    assert.deepEqual(new Set(positions.map(([p]) => p.state)), new Set(upgradeStates));
  });

  for (const [position, next] of positions) {
    const where = `${position.state}${position.lastCommunication ? ` after ${position.lastCommunication}` : ''}`;
    it(`${where}: allows exactly ${next.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(nextCommunications(position), next);
      for (const c of all) {
        const result = checkCommunication(position, c);
        if (next.includes(c)) {
          assert.deepEqual(result, { ok: true, value: c });
          continue;
        }
        assert.ok(!result.ok, `${c} should be refused`);
        const { code, userMessage } = result.error;
        assert.ok(['invalid_transition', 'event_out_of_order'].includes(code));
        assert.ok(!userMessage.includes('undefined'), userMessage);
        assert.match(userMessage, /^[A-Z][^:]* cannot [^:]+: [a-z].*\.$/);
        if (next.length) assert.ok(userMessage.endsWith(` Next step: ${next.map((n) => communicationTitles[n]).join(' or ')}.`), userMessage);
        else assert.ok(!userMessage.includes('Next step'), userMessage);
      }
    });
  }

  for (const [position, c, message] of [
    [{ state: 'in_progress', lastCommunication: 'instance_start' }, 'validation_start',
      'Validation cannot start: the instance upgrade has not completed. Next step: Instance upgrade complete or Instance upgrade failure.'],
    [{ state: 'in_progress', lastCommunication: 'instance_start' }, 'instance_retry_start',
      'The instance upgrade retry cannot start: no instance upgrade failure was reported. Next step: Instance upgrade complete or Instance upgrade failure.'],
    [{ state: 'in_progress', lastCommunication: 'validation_failure' }, 'validation_complete',
      'Validation cannot be marked complete: validation testing failed and no retry has started. Next step: Validation testing retry start.'],
    [{ state: 'in_progress', lastCommunication: 'validation_failure' }, 'upgrade_complete',
      'The upgrade cannot be marked complete: validation testing failed and no retry has started. Next step: Validation testing retry start.'],
    [{ state: 'in_progress', lastCommunication: 'validation_complete' }, 'validation_start',
      'Validation cannot start: the upgrade is past that step (last: Validation testing complete). Next step: Upgrade complete (environment online).'],
    [{ state: 'proposed' }, 'upgrade_start', 'The upgrade cannot start: no window has been agreed yet.'],
    [{ state: 'cancelled' }, 'instance_start', 'The instance upgrade cannot start: the upgrade was cancelled.'],
    [{ state: 'rolling_back' }, 'upgrade_complete', 'The upgrade cannot be marked complete: the environment is being rolled back. Next step: Rollback start.'],
  ] as [Position, Communication, string][]) {
    it(`explains: "${message}"`, () => {
      const result = checkCommunication(position, c);
      assert.ok(!result.ok);
      assert.equal(result.error.userMessage, message);
    });
  }
});
