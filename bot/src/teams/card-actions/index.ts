import type { AdaptiveCard } from '../../cards/adaptive-card';
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
