import type { RunbookStep } from '../../domain/release';
import type { UpgradeWindow } from '../../domain/window';
import type { ViewerRole } from './viewer-role';

/** What the runbook card shows: built by the use cases, drawn by bot/src/cards. */
export interface RunbookView {
  upgradeId: string;
  clientName: string;
  version: string;
  timeZone: string;
  window?: UpgradeWindow;
  /** The release's runbook in order; a ticked step carries who ticked it and when. */
  steps: (RunbookStep & { done?: { by: string; at: string } })[];
  /** The vendor's engineer on call for the day. */
  standbyEngineer?: { name: string; contact?: string };
  viewer: ViewerRole;
}
