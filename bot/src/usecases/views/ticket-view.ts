import type { Upgrade } from '../../domain/upgrade';
import type { ViewerRole } from './viewer-role';

/** The Adaptive Card text colours a banner may take. */
export type BannerColor = 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention';

/** What the ticket card shows: built by the use cases, drawn by bot/src/cards. */
export interface TicketView {
  upgrade: Pick<Upgrade, 'id' | 'fromVersion' | 'toVersion' | 'mode' | 'state' | 'window' | 'lastCommunication' | 'eta'>;
  /** The upgrade's ETag, echoed back as `v`. */
  v: string;
  clientName: string;
  timeZone: string;
  lastEvent?: { text: string; at: string };
  nextStep: string;
  /** Self-service: the vendor's engineer on call for the day. */
  standbyEngineer?: string;
  viewer: ViewerRole;
  /** When set, the card refreshes for these users (at most 60 are kept). */
  refreshUserIds?: string[];
  /** On top: what just happened and what the viewer does now (e.g. a Go/No-Go outcome, to the engineers). */
  banner?: { heading: string; text: string; color: BannerColor };
  /** Where "Open in schedule" goes: the schedule tab at this upgrade (a Teams deep link, or the tab's own URL). No button when unset. */
  scheduleUrl?: string;
}

/** The schedule tab's address at an upgrade, made at the edge from the configuration; undefined when there is none to give. */
export type ScheduleLink = (upgradeId: string) => string | undefined;
