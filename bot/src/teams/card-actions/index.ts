import type { AdaptiveCard } from '../../cards/adaptive-card';
import type { CardVerb } from '../../cards/verbs';
import { UpgradeDeskError } from '../../domain/errors';
import type { Principal } from '../../domain/permissions';
import type { Deps } from '../../usecases/context';
import type { ActionInput } from './action-data';
import { decisionActions } from './decision-actions';
import type { CardActionHandlers } from './handler';
import { noticeActions } from './notice-actions';
import { progressActions } from './progress-actions';
import { proposalActions } from './proposal-actions';
import { readinessActions } from './readiness-actions';
import { selfServiceActions } from './self-service-actions';
import { townhallActions } from './townhall-actions';

const handlers: CardActionHandlers = { ...proposalActions, ...readinessActions, ...progressActions, ...decisionActions, ...noticeActions, ...townhallActions, ...selfServiceActions };

/** Routes a card verb to its handler: `decision.vote` reaches the vote use case, and so on. */
export async function runCardAction(deps: Deps, principal: Principal, input: ActionInput): Promise<AdaptiveCard> {
  const handler = handlers[input.verb];
  if (!handler) throw new UpgradeDeskError('bad_input', `"${input.verb}" is not available yet.`);
  return handler(deps, principal, input);
}

/**
 * Verbs of cards posted for many people (formal communications in a ticket's thread, notices and the
 * townhall in a channel) or refreshed in place: Teams shows the answer to a click in place of the card
 * for everyone, so a refusal of one must leave the card as it is (an invoke error) rather than
 * replace the record with an error card. Their handlers answer with the card itself where they can.
 */
const sharedCardVerbs: ReadonlySet<CardVerb> = new Set<CardVerb>([
  'upgrade.nogo', 'card.refresh', 'notice.acknowledge', 'townhall.question', 'townhall.showcase', 'townhall.training', 'townhall.plan',
]);

export function refusalLeavesCard(verb: CardVerb): boolean {
  return sharedCardVerbs.has(verb);
}
