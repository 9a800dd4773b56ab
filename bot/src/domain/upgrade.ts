import type { UpgradeWindow } from './window';

/** The change ticket for one client's move to one release. */
export type UpgradeState =
  | 'requested'
  | 'proposed'
  | 'booked'
  | 'ready'
  | 'in_progress'
  | 'awaiting_decision'
  | 'rolling_back'
  | 'completed'
  | 'cancelled';

export const upgradeStates: readonly UpgradeState[] = [
  'requested',
  'proposed',
  'booked',
  'ready',
  'in_progress',
  'awaiting_decision',
  'rolling_back',
  'completed',
  'cancelled',
];

/** managed: vendor engineers in a booked window. self_service: the client's IT admin runs the runbook. */
export type UpgradeMode = 'managed' | 'self_service';

/** The formal communications posted to the ticket thread, in the order an upgrade runs them. */
export type Communication =
  | 'upgrade_start'
  | 'instance_start'
  | 'instance_complete'
  | 'instance_failure'
  | 'instance_retry_start'
  | 'validation_start'
  | 'validation_complete'
  | 'validation_failure'
  | 'validation_retry_start'
  | 'upgrade_complete'
  | 'rollback_start'
  | 'rollback_complete';

export const communicationTitles: Record<Communication, string> = {
  upgrade_start: 'Upgrade start (environment offline)',
  instance_start: 'Instance upgrade start',
  instance_complete: 'Instance upgrade complete',
  instance_failure: 'Instance upgrade failure',
  instance_retry_start: 'Instance upgrade retry start',
  validation_start: 'Validation testing start',
  validation_complete: 'Validation testing complete',
  validation_failure: 'Validation testing failure',
  validation_retry_start: 'Validation testing retry start',
  upgrade_complete: 'Upgrade complete (environment online)',
  rollback_start: 'Rollback start',
  rollback_complete: 'Rollback complete',
};

/** Whether an audit entry's action is a formal communication. */
export function isCommunication(action: string): action is Communication {
  return Object.hasOwn(communicationTitles, action);
}

export type Vote = 'go' | 'no_go';

/** One owner's vote on a decision. */
export interface Ballot {
  voterId: string;
  voterName: string;
  vote: Vote;
  at: string;
}

/**
 * An open or settled Go/No-Go question with its votes, one per owner. The votes live on the
 * upgrade's own record, so a vote and the outcome it decides are one ETag-guarded write.
 */
export interface Decision {
  id: string;
  reason: string;
  /** The new estimated completion, for an overrun. */
  newEta?: string;
  /** Set when the decision is a No-Go in answer to a formal communication. */
  inAnswerTo?: Communication;
  openedAt: string;
  deadline: string;
  votes?: Ballot[];
  outcome?: Vote;
  decidedAt?: string;
}

export interface CabApproval {
  approver: string;
  reference: string;
  recordedBy: string;
  recordedAt: string;
}

export interface Upgrade {
  /** The change id, CHG-YYYY-NNNN. */
  id: string;
  clientId: string;
  fromVersion: string;
  toVersion: string;
  mode: UpgradeMode;
  state: UpgradeState;
  /** The windows offered while proposed. */
  proposedWindows: UpgradeWindow[];
  /** The agreed window, once booked. */
  window?: UpgradeWindow;
  /** The last formal communication posted while in progress or rolling back. */
  lastCommunication?: Communication;
  /** Prerequisites of a major the owners have ticked, by their text. */
  prerequisitesDone: string[];
  cabApproval?: CabApproval;
  decision?: Decision;
  /** The engineer's estimate when an overrun was announced. */
  eta?: string;
  cancelReason?: string;
  /** Self-service: the vendor's engineer on call on the day. */
  standbyEngineerId?: string;
  /** Self-service: the runbook steps the client's IT admin ticked, by index in the release's runbook. */
  runbookDone?: { step: number; by: string; at: string }[];
  createdAt: string;
  updatedAt: string;
}

export const activeStates: readonly UpgradeState[] = ['booked', 'ready', 'in_progress', 'awaiting_decision', 'rolling_back'];

/** Whether the upgrade holds a place in the vendor's capacity. */
export function holdsWindow(upgrade: Pick<Upgrade, 'state' | 'window'>): boolean {
  return upgrade.window !== undefined && activeStates.includes(upgrade.state);
}

export function isFinished(state: UpgradeState): boolean {
  return state === 'completed' || state === 'cancelled';
}
