import { acknowledgedView } from '../../cards/acknowledge';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { UpgradeDeskError } from '../../domain/errors';
import { actorOf } from '../../usecases/actor';
import { field } from './action-data';
import type { CardActionHandlers } from './handler';

export const noticeActions: CardActionHandlers = {
  /** One acknowledgement per person and notice; a second click changes nothing. */
  'notice.acknowledge': async (deps, principal, { data }) => {
    const noticeId = field(data, 'noticeId');
    const card = await deps.deliveryReports?.storedCard(noticeId);
    if (!card) throw new UpgradeDeskError('not_found', 'This notice is no longer on record; nothing to acknowledge.');
    const actor = actorOf(principal);
    await deps.stores.acknowledgements.acknowledge(noticeId, actor.id, actor.name, deps.clock.now().toISOString());
    return acknowledgedView(card as AdaptiveCard, noticeId, await deps.stores.acknowledgements.count(noticeId));
  },
};
