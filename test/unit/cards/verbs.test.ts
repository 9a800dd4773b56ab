import assert from 'node:assert/strict';
import { withRefresh } from '../../../bot/src/cards/card-parts';
import { card, text } from '../../../bot/src/cards/adaptive-card';
import { noGoAction } from '../../../bot/src/cards/no-go';
import { cardVerbs, execute, isCardVerb, prerequisiteInputId } from '../../../bot/src/cards/verbs';
import { assertValidCard } from '../../support/card-validation';
import { userIds } from './support/fixtures';
import { readable } from './support/card-walk';

describe('card verbs', () => {
  it('lists every verb once', () => {
    assert.equal(cardVerbs.length, 21);
    assert.equal(new Set(cardVerbs).size, cardVerbs.length);
    for (const v of ['proposal.send', 'decision.vote', 'upgrade.nogo', 'card.refresh', 'release.publish']) assert.ok(isCardVerb(v), v);
    assert.equal(isCardVerb('decision.delete'), false);
    assert.equal(isCardVerb('toString'), false);
  });

  it('execute puts the verb on the action and in its data, with the ids', () => {
    const action = execute('Go', { verb: 'decision.vote', upgradeId: 'CHG-2026-0001', decisionId: 'D1', vote: 'go' }, { style: 'positive' });
    assert.deepEqual(action, {
      type: 'Action.Execute',
      title: 'Go',
      verb: 'decision.vote',
      style: 'positive',
      data: { verb: 'decision.vote', upgradeId: 'CHG-2026-0001', decisionId: 'D1', vote: 'go' },
    });
    assertValidCard(card([text('x')], [action]));
  });

  it('prerequisite toggles are named by index', () => {
    assert.equal(prerequisiteInputId(2), 'prereq-2');
  });

  it('the No-Go confirmation says it rolls the environment back and carries the ids', () => {
    const action = noGoAction({ verb: 'upgrade.nogo', upgradeId: 'CHG-2026-0001', inAnswerTo: 'instance_start' });
    assert.equal(action.type, 'Action.ShowCard');
    const shown = readable(action.card);
    assert.match(shown, /This rolls the environment back/);
    assert.match(shown, /Comment \(optional\)/);
    assert.deepEqual(action.card.actions?.[0], {
      type: 'Action.Execute',
      title: 'Confirm No-Go',
      verb: 'upgrade.nogo',
      style: 'destructive',
      data: { verb: 'upgrade.nogo', upgradeId: 'CHG-2026-0001', inAnswerTo: 'instance_start' },
    });
    assertValidCard(card([text('x')], [action]));
  });

  it('a refresh lists at most 60 distinct users', () => {
    const refreshed = withRefresh(card([text('x')]), { verb: 'card.refresh', card: 'ticket', upgradeId: 'CHG-2026-0001' }, [
      'aad-0',
      ...userIds(75),
    ]);
    assertValidCard(refreshed);
    assert.equal(refreshed.refresh?.userIds?.length, 60);
    assert.equal(new Set(refreshed.refresh?.userIds).size, 60);
    assert.equal(refreshed.refresh?.action.verb, 'card.refresh');
    assert.deepEqual(refreshed.refresh?.action.data, { verb: 'card.refresh', card: 'ticket', upgradeId: 'CHG-2026-0001' });
  });
});
