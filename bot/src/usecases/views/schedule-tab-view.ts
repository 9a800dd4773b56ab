import type { UpgradeMode, UpgradeState } from '../../domain/upgrade';
import type { ReleaseKind } from '../../domain/release';

/**
 * What the schedule tab shows, as the use cases compute it: the same shapes as the API's contract
 * (bot/src/api/schedule-contract.ts), which the API edge checks them against at compile time.
 */
export interface WindowView {
  startsAt: string;
  endsAt: string;
}

export interface ViewerView {
  name: string;
  kind: 'staff' | 'owner' | 'member';
  roles: string[];
  clientId?: string;
  clientName?: string;
  timeZone?: string;
}

export interface ScheduleItemView {
  id: string;
  clientId: string;
  clientName: string;
  clientTimeZone: string;
  fromVersion: string;
  toVersion: string;
  kind: ReleaseKind;
  mode: UpgradeMode;
  state: UpgradeState;
  stateLabel: string;
  window?: WindowView;
  proposedWindows: WindowView[];
  needsAttention?: string;
}

export interface UpgradeDetailView extends ScheduleItemView {
  prerequisites: { name: string; done: boolean }[];
  cab?: { approver: string; reference: string; recordedBy: string; recordedAt: string };
  decision?: { reason: string; openedAt: string; deadline: string; newEta?: string; votes: { voterName: string; vote: 'go' | 'no_go'; at: string }[]; outcome?: 'go' | 'no_go'; decidedAt?: string };
  deliveries: { noticeId: string; kind: string; total: number; sent: number; pending: number; failed: number; acknowledgements: number }[];
  timeline: { at: string; actorName: string; role: string; source: string; action: string; detail: string }[];
}

export interface CapacityView {
  from: string;
  to: string;
  capacityPerSlot: number;
  slots: { startsAt: string; endsAt: string; used: number; free: number }[];
}

export type RolloutStateView = 'upgraded' | 'booked' | 'proposed' | 'requested' | 'not_started';

export interface RolloutView {
  version: string;
  kind: ReleaseKind;
  newest: string;
  releases: string[];
  counts: { upgraded: number; booked: number; proposed: number; requested: number; notStarted: number };
  clients: { clientId: string; clientName: string; state: RolloutStateView; currentVersion?: string; upgradeId?: string; behind: number; flagged: boolean }[];
}

export interface InsightsView {
  releases: { version: string; upgrades: number; durationP50Minutes: number | null; durationP90Minutes: number | null; overrunRate: number; noGoRate: number }[];
}
