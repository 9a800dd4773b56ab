import type { GoRule } from '../domain/client';
import type { Tally } from '../domain/decision';
import { countOf } from '../domain/plural';
import { communicationTitles, type Decision, type Vote } from '../domain/upgrade';
import { card, facts, text, title, type AdaptiveCard, type CardAction, type CardElement } from './adaptive-card';
import { bullets, factIf, heading, instantInZoneAndUtc, subtle, withRefresh, type ViewerRole } from './card-parts';
import { noGoAction } from './no-go';
import { execute } from './verbs';
import type { DecisionView } from '../usecases/views/decision-view';

export type { DecisionView } from '../usecases/views/decision-view';

const voteLabel: Record<Vote, string> = { go: 'Go', no_go: 'No-Go' };

/** "Go needs a majority of the owners (2 of 3). One No-Go is enough to roll back." */
export function policyText(rule: GoRule, eligible: number): string {
  const go =
    rule === 'any'
      ? "Go needs any owner's Go"
      : rule === 'majority'
        ? `Go needs a majority of the owners (${Math.floor(eligible / 2) + 1} of ${eligible})`
        : `Go needs every owner (${eligible} of ${eligible})`;
  return `${go}. One No-Go is enough to roll back.`;
}

/** A Go/No-Go question to the client's owners: voting for owners who have not voted, status for everyone. */
export function buildDecisionCard(view: DecisionView): AdaptiveCard {
  const d = view.decision;
  const outcome = d.outcome ?? view.tally.outcome;
  const rows: [string, string][] = [
    ['Ticket', `${view.upgradeId} (${view.clientName})`],
    ['Reason', d.reason],
    ...factIf('In answer to', d.inAnswerTo && communicationTitles[d.inAnswerTo]),
    ...factIf('New ETA', d.newEta, (eta) => instantInZoneAndUtc(eta, view.timeZone)),
    ['Deadline', instantInZoneAndUtc(d.deadline, view.timeZone)],
    ['Policy', policyText(view.goRule, view.tally.eligible)],
    ['Tally', `Go ${view.tally.go} · No-Go ${view.tally.noGo} · ${countOf(view.tally.eligible, 'owner')} eligible`],
  ];
  const body: CardElement[] = [
    title(outcome ? `Go/No-Go decided: ${voteLabel[outcome]}` : 'Go/No-Go decision needed'),
    facts(rows),
    heading('Votes'),
    ...(view.votes.length
      ? bullets(view.votes.map((v) => `${v.voterName}: ${voteLabel[v.vote]}, ${instantInZoneAndUtc(v.at, view.timeZone)}`))
      : [subtle('No votes yet.')]),
    ...outcomeText(view, outcome),
  ];
  const canVote = view.viewer === 'owner' && !view.viewerVote && !outcome;
  const actions: CardAction[] = canVote
    ? [
        execute('Go', { verb: 'decision.vote', upgradeId: view.upgradeId, decisionId: d.id, vote: 'go' }, { style: 'positive', associatedInputs: 'none' }),
        noGoAction({ verb: 'decision.vote', upgradeId: view.upgradeId, decisionId: d.id, vote: 'no_go' }),
      ]
    : [];
  const built = card(body, actions);
  return view.ownerIds
    ? withRefresh(built, { verb: 'card.refresh', card: 'decision', upgradeId: view.upgradeId, decisionId: d.id }, view.ownerIds)
    : built;
}

function outcomeText(view: DecisionView, outcome: Vote | undefined): CardElement[] {
  const at = view.decision.decidedAt ? `, ${instantInZoneAndUtc(view.decision.decidedAt, view.timeZone)}` : '';
  if (outcome === 'go')
    return [text(`Outcome: Go${at}. The upgrade continues; completion is announced when validation passes, even outside the window.`, { color: 'Good' })];
  if (outcome === 'no_go') return [text(`Outcome: No-Go${at}. The environment is rolled back and new windows will be offered.`, { color: 'Attention' })];
  if (view.escalated)
    return [
      text('The deadline passed without a decision: the CSA and the engineers have been alerted. Nothing is rolled back without a decision.', {
        color: 'Attention',
      }),
      heading('What to do now'),
      ...bullets([
        `CSA: reach ${view.clientName}'s owners and ask them to vote Go or No-Go on their decision card.`,
        'Engineers: hold the environment as it is and post nothing more for now; a message comes here as soon as the owners decide.',
      ]),
    ];
  if (view.viewerVote) return [text(`You voted ${voteLabel[view.viewerVote]}. The card updates as the other owners vote.`, { isSubtle: true })];
  if (view.viewer !== 'owner') return [subtle("Only the client's owners vote; this card updates as they do.")];
  return [];
}
