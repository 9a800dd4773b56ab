import type { Communication } from './upgrade';
import type { UpgradeWindow } from './window';

/** What a transition asks the outside world to be told; delivery decides how and where. */
export type NoticeIntent =
  | { kind: 'communication'; communication: Communication }
  | { kind: 'requested' }
  | { kind: 'proposal' }
  | { kind: 'proposal_declined'; comment: string }
  | { kind: 'booking_confirmed' }
  | { kind: 'ready' }
  /** `window`: the window the upgrade held until now (booked, or rolled back), whose booking post no longer applies. */
  | { kind: 'rescheduled'; window?: UpgradeWindow }
  /** `window`: the booked window given up, when the upgrade had one. */
  | { kind: 'cancelled'; reason: string; window?: UpgradeWindow }
  | { kind: 'decision_opened' }
  | { kind: 'decision_settled' }
  /** A vote was cast: the decision card's tally changes for everyone. */
  | { kind: 'decision_votes' }
  | { kind: 'content_freeze_announced' }
  /** `window`: the window the freeze was announced for (the upgrade may no longer hold it). */
  | { kind: 'content_freeze_lifted'; window?: UpgradeWindow }
  | { kind: 'outage_started' }
  /** `window`: the window of the run that started the outage (its notice is corrected in place). */
  | { kind: 'outage_ended'; window?: UpgradeWindow }
  | { kind: 'environment_offline' }
  /** `window`: the window of the run that took the environment offline (its notice is corrected in place). */
  | { kind: 'environment_online'; window?: UpgradeWindow }
  /** Timed: the owners are reminded of an open decision at half-time. */
  | { kind: 'decision_reminder' }
  /** Timed: the deadline passed undecided; the CSA and engineers are alerted. Nothing rolls back. */
  | { kind: 'decision_escalated' }
  /** Timed: prerequisites or CAB approval still missing at T-7 d / T-1 d. */
  | { kind: 'readiness_reminder'; label: string }
  /** Timed: a major still unready at T-24 h: the CSA may reschedule in one click. */
  | { kind: 'readiness_flagged' }
  /** Timed: the content freeze reminder, two days before and on the morning of the window. */
  | { kind: 'freeze_reminder'; label: string };
