import type { Communication } from './upgrade';

/** What a transition asks the outside world to be told; delivery decides how and where. */
export type NoticeIntent =
  | { kind: 'communication'; communication: Communication }
  | { kind: 'requested' }
  | { kind: 'proposal' }
  | { kind: 'proposal_declined'; comment: string }
  | { kind: 'booking_confirmed' }
  | { kind: 'ready' }
  | { kind: 'rescheduled' }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'decision_opened' }
  | { kind: 'decision_settled' }
  | { kind: 'content_freeze_announced' }
  | { kind: 'content_freeze_lifted' }
  | { kind: 'outage_started' }
  | { kind: 'outage_ended' }
  | { kind: 'environment_offline' }
  | { kind: 'environment_online' };
