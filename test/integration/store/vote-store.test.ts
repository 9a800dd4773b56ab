import assert from 'node:assert/strict';
import type { TableStores } from '../../../bot/src/store/table-stores';
import type { VoteRecord } from '../../../bot/src/usecases/ports';
import { freshStores } from './fixtures';

function aVote(overrides: Partial<VoteRecord> = {}): VoteRecord {
  return { upgradeId: 'CHG-2026-0007', decisionId: 'd1', voterId: 'owner-1', voterName: 'Adele Vance', vote: 'go', at: '2026-12-05T00:10:00.000Z', ...overrides };
}

describe('vote store', () => {
  let stores: TableStores;
  before(async () => {
    stores = await freshStores();
  });

  it('records a vote once and answers false to the same voter voting again', async () => {
    assert.equal(await stores.votes.cast(aVote()), true);
    assert.equal(await stores.votes.cast(aVote({ vote: 'no_go', at: '2026-12-05T00:11:00.000Z' })), false);
    assert.deepEqual(await stores.votes.list('CHG-2026-0007', 'd1'), [aVote()]);
  });

  it('keeps each decision\'s votes apart', async () => {
    await stores.votes.cast(aVote({ decisionId: 'd10', voterId: 'owner-2' }));
    await stores.votes.cast(aVote({ upgradeId: 'CHG-2026-0008', voterId: 'owner-3' }));
    assert.deepEqual((await stores.votes.list('CHG-2026-0007', 'd1')).map((v) => v.voterId), ['owner-1']);
    assert.deepEqual((await stores.votes.list('CHG-2026-0007', 'd10')).map((v) => v.voterId), ['owner-2']);
  });

  it('counts exactly one vote per voter when 20 votes arrive at once', async () => {
    const casts = Array.from({ length: 20 }, (_, i) =>
      aVote({ decisionId: 'd2', voterId: `owner-${i % 7}`, vote: i % 2 ? 'go' : 'no_go' }),
    );
    const accepted = await Promise.all(casts.map((v) => stores.votes.cast(v)));
    assert.equal(accepted.filter(Boolean).length, 7);
    const stored = await stores.votes.list('CHG-2026-0007', 'd2');
    assert.deepEqual(stored.map((v) => v.voterId).sort(), Array.from({ length: 7 }, (_, i) => `owner-${i}`));
  });
});
