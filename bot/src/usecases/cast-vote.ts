import type { Source } from '../domain/audit';
import type { Principal } from '../domain/permissions';
import type { Vote } from '../domain/upgrade';
import { applyUpgradeEvent, type AppliedEvent } from './apply-event';
import type { Deps } from './context';

/**
 * An owner's Go or No-Go: recorded once per voter on the decision itself, and the vote that decides
 * it under the client's policy settles it in the same ETag-guarded write. Racing votes re-read and
 * retry, so none is lost. The cards everyone else sees are updated after the voter has the answer.
 */
export function castVote(deps: Deps, principal: Principal, source: Source, upgradeId: string, decisionId: string, vote: Vote): Promise<AppliedEvent> {
  return applyUpgradeEvent(deps, principal, source, upgradeId, { type: 'cast_vote', decisionId, vote });
}
