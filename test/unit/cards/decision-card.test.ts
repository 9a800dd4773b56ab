import assert from 'node:assert/strict';
import { buildDecisionCard, policyText, type DecisionView } from '../../../bot/src/cards/decision-card';
import { assertValidCard } from '../../support/card-validation';
import { executes, readable, showCards, titles } from './support/card-walk';
import { userIds, zone } from './support/fixtures';

const base: DecisionView = {
  upgradeId: 'CHG-2026-0042',
  clientName: 'Contoso',
  timeZone: zone,
  decision: { id: 'Dabc', reason: 'Index rebuild is slow', newEta: '2026-12-05T02:00:00.000Z', deadline: '2026-12-04T23:30:00.000Z' },
  goRule: 'majority',
  tally: { go: 1, noGo: 0, eligible: 3 },
  votes: [{ voterName: 'Olivia Owner', vote: 'go', at: '2026-12-04T23:05:00.000Z' }],
  viewer: 'owner',
  ownerIds: ['owner-1', 'owner-2', 'owner-3'],
};

describe('decision card', () => {
  it('shows reason, new ETA, deadline in zone and UTC, the policy, the tally and who voted', () => {
    const c = buildDecisionCard(base);
    assertValidCard(c);
    const t = readable(c);
    assert.match(t, /Go\/No-Go decision needed/);
    assert.match(t, /Reason: Index rebuild is slow/);
    assert.match(t, /New ETA: Fri 4 Dec 2026 21:00 GMT-5 \(Sat 5 Dec 2026 02:00 UTC\)/);
    assert.match(t, /Deadline: Fri 4 Dec 2026 18:30 GMT-5 \(Fri 4 Dec 2026 23:30 UTC\)/);
    assert.match(t, /Go needs a majority of the owners \(2 of 3\)\. One No-Go is enough to roll back\./);
    assert.match(t, /Tally: Go 1 · No-Go 0 · 3 owners eligible/);
    assert.match(readable(buildDecisionCard({ ...base, tally: { go: 0, noGo: 0, eligible: 1 } })), /Tally: Go 0 · No-Go 0 · 1 owner eligible/);
    assert.match(t, /Olivia Owner: Go, Fri 4 Dec 2026 18:05 GMT-5/);
  });

  it('gives an owner who has not voted Go and a confirmed No-Go, each carrying the ids', () => {
    const c = buildDecisionCard(base);
    assert.deepEqual(executes(c, 'decision.vote').map((a) => a.data), [
      { verb: 'decision.vote', upgradeId: 'CHG-2026-0042', decisionId: 'Dabc', vote: 'go' },
      { verb: 'decision.vote', upgradeId: 'CHG-2026-0042', decisionId: 'Dabc', vote: 'no_go' },
    ]);
    const noGo = showCards(c).find((s) => s.title === 'No-Go');
    assert.ok(noGo);
    assert.match(readable(noGo.card), /This rolls the environment back/);
  });

  it('is read-only for an owner who voted, for everyone else, and once settled', () => {
    const voted = buildDecisionCard({ ...base, viewerVote: 'go' });
    assertValidCard(voted);
    assert.deepEqual(titles(voted), []);
    assert.match(readable(voted), /You voted Go/);
    for (const viewer of ['readonly', 'csa', 'engineer'] as const) {
      const c = buildDecisionCard({ ...base, viewer });
      assert.deepEqual(titles(c), [], viewer);
      assert.match(readable(c), /Only the client's owners vote/);
    }
    const settled = buildDecisionCard({
      ...base,
      tally: { go: 0, noGo: 1, eligible: 3, outcome: 'no_go' },
      decision: { ...base.decision, outcome: 'no_go', decidedAt: '2026-12-04T23:10:00.000Z' },
      votes: [{ voterName: 'Bob Owner', vote: 'no_go', at: '2026-12-04T23:10:00.000Z' }],
    });
    assertValidCard(settled);
    assert.deepEqual(titles(settled), []);
    assert.match(readable(settled), /Go\/No-Go decided: No-Go/);
    assert.match(readable(settled), /Outcome: No-Go, Fri 4 Dec 2026 18:10 GMT-5 \(Fri 4 Dec 2026 23:10 UTC\)\. The environment is rolled back/);
    assert.match(readable(settled), /Bob Owner: No-Go/);
  });

  it('reads a Go reached by the tally as settled', () => {
    const c = buildDecisionCard({ ...base, goRule: 'any', tally: { go: 1, noGo: 0, eligible: 3, outcome: 'go' } });
    assertValidCard(c);
    assert.deepEqual(titles(c), []);
    assert.match(readable(c), /Outcome: Go\. The upgrade continues; completion is announced when validation passes/);
  });

  it('says when the deadline passed undecided, and that nothing is rolled back without a decision', () => {
    const c = buildDecisionCard({ ...base, viewer: 'csa', escalated: true });
    assertValidCard(c);
    assert.match(readable(c), /deadline passed without a decision: the CSA and the engineers have been alerted/);
    // What each of them does now, so nobody has to guess.
    assert.match(readable(c), /What to do now\n• CSA: reach Contoso's owners and ask them to vote Go or No-Go[\s\S]*• Engineers: hold the environment as it is[\s\S]*a message comes here as soon as the owners decide/);
  });

  it('states each policy', () => {
    assert.equal(policyText('any', 3), "Go needs any owner's Go. One No-Go is enough to roll back.");
    assert.equal(policyText('majority', 4), 'Go needs a majority of the owners (3 of 4). One No-Go is enough to roll back.');
    assert.equal(policyText('all', 2), 'Go needs every owner (2 of 2). One No-Go is enough to roll back.');
  });

  it('refreshes for the owners, at most 60, naming the decision', () => {
    const c = buildDecisionCard({ ...base, viewer: 'readonly', ownerIds: userIds(70) });
    assertValidCard(c);
    assert.deepEqual(c.refresh?.userIds, userIds(60));
    assert.deepEqual(c.refresh?.action.data, { verb: 'card.refresh', card: 'decision', upgradeId: 'CHG-2026-0042', decisionId: 'Dabc' });
    assert.equal(buildDecisionCard({ ...base, ownerIds: undefined }).refresh, undefined);
  });

  it('names the communication a No-Go answered', () => {
    const c = buildDecisionCard({ ...base, decision: { ...base.decision, newEta: undefined, inAnswerTo: 'validation_start', outcome: 'no_go' } });
    assertValidCard(c);
    assert.match(readable(c), /In answer to: Validation testing start/);
    assert.doesNotMatch(readable(c), /New ETA/);
  });
});
