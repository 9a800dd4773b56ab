import { buildDecisionCard } from '../../cards/decision-card';
import { buildErrorCard } from '../../cards/error-card';
import { buildTicketCard } from '../../cards/ticket-card';
import type { RefreshableCard } from '../../cards/verbs';
import { castVote } from '../../usecases/cast-vote';
import { describeUpgrade } from '../../usecases/describe-upgrade';
import { decisionView, viewerRole } from '../../usecases/upgrade-views';
import { buildProposalCard } from '../../cards/proposal-card';
import { buildReadinessCard } from '../../cards/readiness-card';
import { field, oneOf } from './action-data';
import type { CardActionHandlers } from './handler';

const refreshable: readonly RefreshableCard[] = ['ticket', 'decision', 'communication', 'proposal', 'readiness', 'runbook', 'notice'];

export const decisionActions: CardActionHandlers = {
  'decision.vote': async (deps, principal, { data }) => {
    const vote = oneOf(data, 'vote', ['go', 'no_go'] as const);
    const { upgrade, client } = await castVote(deps, principal, 'chat', field(data, 'upgradeId'), field(data, 'decisionId'), vote);
    const view = decisionView(upgrade.value, client, viewerRole(principal, client), principal.kind === 'owner' ? principal.aadObjectId : undefined);
    return buildDecisionCard(view!);
  },

  /** Teams asks for the viewer's own version of a card (user-specific views). */
  'card.refresh': async (deps, principal, { data }) => {
    const card = oneOf(data, 'card', refreshable);
    const described = await describeUpgrade(deps, principal, field(data, 'upgradeId'));
    if (card === 'decision' && described.decision) return buildDecisionCard(described.decision);
    if (card === 'proposal' && described.proposal) return buildProposalCard(described.proposal);
    if (card === 'readiness' && described.readiness) return buildReadinessCard(described.readiness);
    if (card === 'ticket' || card === 'communication') return buildTicketCard(described.ticket);
    return buildErrorCard({ heading: 'This card has moved on', message: `Type "show ${described.loaded.upgrade.value.id}" for the current cards.` });
  },
};
