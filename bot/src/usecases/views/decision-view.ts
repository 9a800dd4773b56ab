import type { GoRule } from '../../domain/client';
import type { Tally } from '../../domain/decision';
import type { Decision, Vote } from '../../domain/upgrade';
import type { ViewerRole } from './viewer-role';

/** What the decision card shows: built by the use cases, drawn by bot/src/cards. */
export interface DecisionView {
  upgradeId: string;
  clientName: string;
  timeZone: string;
  decision: Pick<Decision, 'id' | 'reason' | 'newEta' | 'deadline' | 'outcome' | 'decidedAt' | 'inAnswerTo'>;
  goRule: GoRule;
  tally: Tally;
  votes: { voterName: string; vote: Vote; at: string }[];
  viewer: ViewerRole;
  /** The viewer's own vote, if they have voted. */
  viewerVote?: Vote;
  /** The deadline passed undecided and the CSA and engineer were alerted. */
  escalated?: boolean;
  /** The client's owners: the card refreshes for them (at most 60 are kept). */
  ownerIds?: string[];
}
