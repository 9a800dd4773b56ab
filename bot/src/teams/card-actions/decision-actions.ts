import { buildDecisionCard } from '../../cards/decision-card';
import { buildCommunicationCard } from '../../cards/communication-card';
import { buildTicketCard } from '../../cards/ticket-card';
import type { RefreshableCard } from '../../cards/verbs';
import { castVote } from '../../usecases/cast-vote';
import { UpgradeDeskError } from '../../domain/errors';
import { describeUpgrade } from '../../usecases/describe-upgrade';
import { decisionView, viewerRole } from '../../usecases/upgrade-views';
import { buildProposalCard } from '../../cards/proposal-card';
import { buildReadinessCard } from '../../cards/readiness-card';
import { field, oneOf, optionalField } from './action-data';
import { communicationPost } from './progress-actions';
import type { CardActionHandlers } from './handler';

const refreshable: readonly RefreshableCard[] = ['ticket', 'decision', 'communication', 'proposal', 'readiness', 'runbook', 'notice'];

export const decisionActions: CardActionHandlers = {
  'decision.vote': async (deps, principal, { data }) => {
    const vote = oneOf(data, 'vote', ['go', 'no_go'] as const);
    const { upgrade, client } = await castVote(deps, principal, 'chat', field(data, 'upgradeId'), field(data, 'decisionId'), vote);
    const view = decisionView(upgrade.value, client, viewerRole(principal, client), principal.kind === 'owner' ? principal.aadObjectId : undefined);
    return buildDecisionCard(view!);
  },

  /**
   * Teams asks for the viewer's own version of a card (user-specific views). Each card is rebuilt as
   * itself; one that cannot be is refused, which leaves the card as it is (see refusalLeavesCard).
   */
  'card.refresh': async (deps, principal, { data }) => {
    const card = oneOf(data, 'card', refreshable);
    const upgradeId = field(data, 'upgradeId');
    if (card === 'communication') {
      // A formal communication's post: the same post, with No-Go only while the upgrade runs.
      const communication = optionalField(data, 'communication');
      const at = optionalField(data, 'at');
      const view = communication && at ? await communicationPost(deps, principal, upgradeId, communication, at) : undefined;
      if (view) return buildCommunicationCard(view);
    } else {
      const described = await describeUpgrade(deps, principal, upgradeId);
      const { upgrade, client } = described.loaded;
      const decision = upgrade.value.decision;
      if (card === 'decision' && decision && (data.decisionId === undefined || data.decisionId === decision.id))
        return buildDecisionCard(decisionView(upgrade.value, client, viewerRole(principal, client), principal.kind === 'owner' ? principal.aadObjectId : undefined)!);
      if (card === 'proposal' && described.proposal) return buildProposalCard(described.proposal);
      if (card === 'readiness' && described.readiness) return buildReadinessCard(described.readiness);
      if (card === 'ticket') return buildTicketCard(described.ticket);
    }
    throw new UpgradeDeskError('not_found', `This card has moved on; type "show ${upgradeId}" for the current cards.`);
  },
};
