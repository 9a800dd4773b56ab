import type { CabApproval } from '../../domain/upgrade';
import type { UpgradeWindow } from '../../domain/window';
import type { ViewerRole } from './viewer-role';

/** What the readiness card shows: built by the use cases, drawn by bot/src/cards. */
export interface ReadinessView {
  upgradeId: string;
  /** The upgrade's ETag, echoed back as `v`. */
  v: string;
  clientName: string;
  version: string;
  timeZone: string;
  window: UpgradeWindow;
  /** The release's prerequisites, in the release's order: toggle prereq-i is prerequisites[i]. */
  prerequisites: string[];
  done: string[];
  cab?: Pick<CabApproval, 'approver' | 'reference' | 'recordedAt'> & { recordedByName?: string };
  viewer: ViewerRole;
  /** Set by the T-24 h check: the CSA sees a one-click reschedule. */
  flaggedUnready?: boolean;
}
