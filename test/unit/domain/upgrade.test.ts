import assert from 'node:assert/strict';
import { holdsWindow, isFinished, upgradeStates } from '../../../bot/src/domain/upgrade';

const window = { startsAt: '2026-12-04T18:00:00Z', endsAt: '2026-12-05T00:00:00Z' };

describe('upgrades', () => {
  it('hold a place in the vendor capacity from booking until they finish or go back to proposed', () => {
    const holding = upgradeStates.filter((state) => holdsWindow({ state, window }));
    assert.deepEqual(holding, ['booked', 'ready', 'in_progress', 'awaiting_decision', 'rolling_back']);
    assert.ok(!holdsWindow({ state: 'booked', window: undefined }));
  });

  it('are finished once completed or cancelled', () => {
    assert.deepEqual(upgradeStates.filter(isFinished), ['completed', 'cancelled']);
  });
});
