import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GoRule } from '../../../bot/src/domain/client';
import { tallyVotes } from '../../../bot/src/domain/decision';
import type { Vote } from '../../../bot/src/domain/upgrade';

const owners = ['ann', 'bob', 'cho', 'dev'];
const votes = (entries: Record<string, Vote>) => new Map(Object.entries(entries));

describe('Go/No-Go tally', () => {
  it('any: one owner saying Go is enough', () => {
    assert.deepEqual(tallyVotes('any', owners, votes({ bob: 'go' })), { go: 1, noGo: 0, eligible: 4, outcome: 'go' });
  });

  it('majority: Go needs more than half of the owners', () => {
    assert.equal(tallyVotes('majority', owners, votes({ ann: 'go', bob: 'go' })).outcome, undefined);
    assert.equal(tallyVotes('majority', owners, votes({ ann: 'go', bob: 'go', cho: 'go' })).outcome, 'go');
    assert.equal(tallyVotes('majority', ['ann', 'bob', 'cho'], votes({ ann: 'go', cho: 'go' })).outcome, 'go');
  });

  it('all: Go needs every owner', () => {
    assert.equal(tallyVotes('all', owners, votes({ ann: 'go', bob: 'go', cho: 'go' })).outcome, undefined);
    assert.equal(tallyVotes('all', owners, votes({ ann: 'go', bob: 'go', cho: 'go', dev: 'go' })).outcome, 'go');
  });

  for (const rule of ['any', 'majority', 'all'] as GoRule[]) {
    it(`${rule}: one No-Go is enough, whatever the Go votes`, () => {
      const t = tallyVotes(rule, owners, votes({ ann: 'go', bob: 'go', cho: 'go', dev: 'no_go' }));
      assert.deepEqual(t, { go: 3, noGo: 1, eligible: 4, outcome: 'no_go' });
    });

    it(`${rule}: nothing is decided before anyone votes`, () => {
      assert.deepEqual(tallyVotes(rule, owners, new Map()), { go: 0, noGo: 0, eligible: 4, outcome: undefined });
    });

    it(`${rule}: a client without owners never decides Go`, () => {
      assert.equal(tallyVotes(rule, [], votes({ ann: 'go' })).outcome, undefined);
    });
  }

  it('ignores the votes of people who are not owners', () => {
    const t = tallyVotes('any', owners, votes({ mallory: 'no_go', eve: 'go' }));
    assert.deepEqual(t, { go: 0, noGo: 0, eligible: 4, outcome: undefined });
  });

  it('counts an owner listed twice once', () => {
    const t = tallyVotes('all', ['ann', 'bob', 'ann'], votes({ ann: 'go', bob: 'go' }));
    assert.deepEqual(t, { go: 2, noGo: 0, eligible: 2, outcome: 'go' });
    assert.equal(tallyVotes('majority', ['ann', 'ann', 'ann', 'bob'], votes({ ann: 'go' })).outcome, undefined);
  });

  it('always: counts stay within the owners, No-Go wins, and Go follows the rule', () => {
    const ownerIds = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 8 });
    const ballot = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'x', 'y'), fc.constantFrom<Vote>('go', 'no_go'));
    fc.assert(fc.property(fc.constantFrom<GoRule>('any', 'majority', 'all'), ownerIds, ballot, (rule, ids, cast) => {
      const t = tallyVotes(rule, ids, new Map(Object.entries(cast)));
      const eligible = new Set<string>(ids);
      const owned = Object.entries(cast).filter(([id]) => eligible.has(id));
      assert.equal(t.eligible, eligible.size);
      assert.equal(t.go, owned.filter(([, v]) => v === 'go').length);
      assert.equal(t.noGo, owned.filter(([, v]) => v === 'no_go').length);
      const needed = { any: 1, majority: Math.floor(eligible.size / 2) + 1, all: eligible.size }[rule];
      const expected = t.noGo > 0 ? 'no_go' : eligible.size > 0 && t.go >= needed ? 'go' : undefined;
      assert.equal(t.outcome, expected);
    }), { numRuns: 300 });
  });
});
