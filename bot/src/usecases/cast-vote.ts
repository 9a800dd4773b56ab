import type { Source } from '../domain/audit';
import { tallyVotes, type Tally } from '../domain/decision';
import { UpgradeDeskError } from '../domain/errors';
import { checkVoter, type Principal } from '../domain/permissions';
import type { Vote } from '../domain/upgrade';
import { actorOf } from './actor';
import { applyUpgradeEvent } from './apply-event';
import type { Deps } from './context';
import { loadUpgrade, type LoadedUpgrade } from './load-upgrade';
import type { VoteRecord } from './ports';

export interface VoteOutcome {
  loaded: LoadedUpgrade;
  votes: VoteRecord[];
  tally: Tally;
  /** False when this voter had voted already: a double click or a replayed invoke changes nothing. */
  recorded: boolean;
}

/** An owner's Go or No-Go: recorded once per voter, tallied under the client's policy, settling the decision when it is decided. */
export async function castVote(deps: Deps, principal: Principal, source: Source, upgradeId: string, decisionId: string, vote: Vote): Promise<VoteOutcome> {
  const loaded = await loadUpgrade(deps, principal, upgradeId);
  const { upgrade, client } = loaded;
  const allowed = checkVoter(principal, client);
  if (!allowed.ok) throw allowed.error;
  const decision = upgrade.value.decision;
  if (!decision || decision.id !== decisionId)
    throw new UpgradeDeskError('decision_not_open', 'This Go/No-Go question has been replaced; use the latest card.');
  const actor = actorOf(principal);
  let recorded = false;
  if (!decision.outcome) {
    recorded = await deps.stores.votes.cast({ upgradeId: upgrade.value.id, decisionId, voterId: actor.id, voterName: actor.name, vote, at: deps.clock.now().toISOString() });
  }
  const votes = await deps.stores.votes.list(upgrade.value.id, decisionId);
  const tally = tallyVotes(client.decisionPolicy.goRule, client.ownerIds, new Map(votes.map((v) => [v.voterId, v.vote])));
  if (tally.outcome && !decision.outcome) {
    try {
      const settled = await applyUpgradeEvent(deps, principal, source, upgrade.value.id, { type: 'settle_decision', outcome: tally.outcome }, {
        asSystem: true,
        retryOnConflict: true,
      });
      return { loaded: { ...loaded, upgrade: settled.upgrade }, votes, tally, recorded };
    } catch (err) {
      // Another vote settled it a moment earlier: the decision stands as that one recorded it.
      if (!(err instanceof UpgradeDeskError && (err.code === 'decision_not_open' || err.code === 'invalid_transition'))) throw err;
    }
  }
  // The tally changes for everyone: updating the posted cards happens after the voter has the answer.
  if (recorded) deps.notifier?.upgradeChangedLater?.({ upgrade: upgrade.value, client, release: loaded.release, actor, notices: [{ kind: 'decision_votes' }], audit: [] });
  return { loaded, votes, tally, recorded };
}
