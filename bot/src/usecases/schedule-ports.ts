import type { ScheduleEntry } from '../domain/schedule';
import type { Upgrade, UpgradeState } from '../domain/upgrade';

/* The schedule tab's storage: the schedule index (a projection of the upgrades) and calendar feeds. */

/** Which upgrades a schedule read returns. */
export interface ScheduleFilter {
  clientId?: string;
  state?: UpgradeState | readonly UpgradeState[];
}

/** Upgrades that sit on the schedule from `from` (inclusive) to `to` (exclusive), ISO instants. */
export interface ScheduleQuery extends ScheduleFilter {
  from: string;
  to: string;
}

/** What a rebuild of the schedule index found and fixed. */
export interface ScheduleRebuildReport {
  /** Upgrades read. */
  upgrades: number;
  /** Index rows written (missing or out of date) and removed (where an upgrade no longer is); on a dry run, to write and to remove. */
  written: number;
  removed: number;
  /** The change ids whose entries had drifted from their upgrade. */
  drifted: string[];
}

/**
 * The schedule: a projection of the upgrades that lists, window checks and the schedule tab read
 * instead of scanning the upgrades table. Each upgrade sits on it at its window's start, else its
 * first proposed window's (domain `scheduledAt`); the requested ones with no date are apart.
 */
export interface ScheduleIndex {
  /**
   * Brings the upgrade's entry up to date with the upgrade as stored now (it is read again by id):
   * idempotent, and an older version never replaces a newer one, so it can run late, twice or
   * out of order. Moves the entry when its month changes.
   */
  project(upgrade: Pick<Upgrade, 'id'>): Promise<void>;
  /** The upgrades on the schedule in the range (by time, then change id): only the months it touches are read. */
  list(query: ScheduleQuery): Promise<ScheduleEntry[]>;
  /** Every upgrade of one client, scheduled or not: one partition read. */
  listClient(clientId: string, filter?: Pick<ScheduleFilter, 'state'>): Promise<ScheduleEntry[]>;
  /** The open upgrades with no date yet (requested, nothing proposed), oldest first. */
  listUnscheduled(filter?: ScheduleFilter): Promise<ScheduleEntry[]>;
  /**
   * Rebuilds the index from the upgrades (a scan): the repair command, and data from before the
   * index. `dryRun`: reports what has drifted and changes nothing.
   */
  rebuild(options?: { dryRun?: boolean }): Promise<ScheduleRebuildReport>;
  /** `rebuild` when the index is empty and there are upgrades (at start-up); undefined when nothing was done. */
  rebuildIfEmpty(): Promise<ScheduleRebuildReport | undefined>;
}

/** A person's calendar subscription (the schedule tab's ICS feed): only the hash of its secret token is stored. */
export interface CalendarFeed {
  /** Random id, the first part of the token. */
  feedId: string;
  /** SHA-256 of the whole token, as hex. */
  tokenHash: string;
  tenantId: string;
  objectId: string;
  name: string;
  createdAt: string;
}

export interface CalendarFeedStore {
  /** The person's feed, if they made one (and did not revoke it). */
  forUser(tenantId: string, objectId: string): Promise<CalendarFeed | undefined>;
  get(feedId: string): Promise<CalendarFeed | undefined>;
  /** Stores the feed as the person's; when they have one already, that one wins and is returned. */
  create(feed: CalendarFeed): Promise<CalendarFeed>;
  /** Removes the person's feed (its URL then 404s); false when there was none. */
  remove(tenantId: string, objectId: string): Promise<boolean>;
}
