import type { ReleaseKind } from '../../domain/release';
import type { UpgradeContact } from '../../domain/staff';
import type { UpgradeWindow } from '../../domain/window';
import type { ViewerRole } from './viewer-role';

/** What the proposal card shows: built by the use cases, drawn by bot/src/cards. */
export interface ProposalView {
  upgradeId: string;
  /** The upgrade's ETag, echoed back as `v`. */
  v: string;
  clientName: string;
  timeZone: string;
  version: string;
  kind: ReleaseKind;
  /** The windows offered, soonest first. */
  windows: UpgradeWindow[];
  viewer: ViewerRole;
  /** The release's prerequisites (majors). */
  prerequisites: string[];
  /** Who organises a walkthrough call for a major: the client's CSA or implementation lead. */
  contact?: UpgradeContact;
  /** Shown on top, e.g. "That window was just taken; here are the next ones." */
  notice?: string;
  /** The owners asked for other windows. */
  declined?: { comment: string; by: string };
}
