import { odata, type TableEntityResult } from '@azure/data-tables';
import { scheduledAt, type ScheduleEntry } from '../domain/schedule';
import type { Upgrade, UpgradeMode, UpgradeState } from '../domain/upgrade';
import type { UpgradeWindow } from '../domain/window';
import type { ScheduleFilter } from '../usecases/ports';
import { compact, fromJson, tableKey, toJson } from './table-rows';
import { type UpgradeEntity } from './upgrade-rows';

/**
 * The rows of the schedule index (store/schedule-index.ts), a projection of the upgrades table
 * that lists read without a scan.
 *
 * - `month-YYYY-MM` partitions hold one entry per upgrade, in the UTC month it sits on the
 *   schedule (`scheduledAt`: its window's start, else its first proposed window's, else when a
 *   finished upgrade without a window was closed); RowKey `<instant ISO>|<change id>`, so a
 *   partition reads in time order and a range of it is one RowKey range query.
 * - `unscheduled` holds the open upgrades with no date at all (requested), RowKey
 *   `<createdAt ISO>|<change id>`.
 * - `client-<id>` partitions hold, per upgrade of the client (RowKey = change id), the same entry
 *   plus where its schedule entry is (`at`) and where older ones may still be (`stale`): "every
 *   upgrade of a client" is one partition read, and this row is what `project` serialises on.
 *
 * Every row carries the version of the upgrade row it was made from (its audit count, then the
 * row's Timestamp), and no write replaces a newer version with an older one. `project` reads the
 * upgrade as stored now, so applying it twice, late or out of order converges on the latest.
 */
export const unscheduledPartition = 'unscheduled';
export const monthPrefix = 'month-';
export const clientPrefix = 'client-';
/** A table transaction holds at most 100 operations, all in one partition. */
export const maxPerTransaction = 100;
/** How many months one range query may span (36 partition reads). */
export const maxMonthsPerQuery = 36;

export type EntryEntity = {
  partitionKey: string;
  rowKey: string;
  id: string;
  clientId: string;
  fromVersion: string;
  toVersion: string;
  mode: string;
  state: string;
  proposedWindows: string;
  window?: string;
  standbyEngineerId?: string;
  createdAt: string;
  updatedAt: string;
  /** The version of the upgrade row this entry was made from (see `scheduleVersion`). */
  version: string;
};

export type PointerEntity = EntryEntity & {
  /** JSON [partitionKey, rowKey] of the upgrade's schedule entry. */
  at: string;
  /** JSON list of [partitionKey, rowKey] where entries of older versions may still be, to remove. */
  stale: string;
};

export type Location = [partitionKey: string, rowKey: string];

/** The version of an upgrade row: its audit count (zero-padded), then its Timestamp to 100 ns; orders as text. */
export function scheduleVersion(auditCount: number, timestamp: string | undefined): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(timestamp ?? '');
  const stamp = m ? `${m[1]}.${(m[2] ?? '').padEnd(7, '0').slice(0, 7)}Z` : '';
  return `${String(auditCount).padStart(10, '0')}|${stamp}`;
}

export function versionOf(row: TableEntityResult<UpgradeEntity>): string {
  return scheduleVersion(row.auditCount ?? 0, row.timestamp);
}

/** An upgrade with the version of the row it was read from. */
export interface VersionedUpgrade {
  upgrade: Upgrade;
  version: string;
}

/** The month partition ("month-2026-12") of an instant, in UTC. */
export function monthPartition(instant: string): string {
  return `${monthPrefix}${instant.slice(0, 7)}`;
}

export function clientPartition(clientId: string): string {
  return `${clientPrefix}${tableKey(clientId)}`;
}

/** Where an upgrade's schedule entry lives. */
export function locationOf(upgrade: Upgrade): Location {
  const at = scheduledAt(upgrade);
  if (at === undefined) return [unscheduledPartition, `${isoOf(upgrade.createdAt)}|${tableKey(upgrade.id)}`];
  return [monthPartition(at), `${at}|${tableKey(upgrade.id)}`];
}

export function isoOf(text: string): string {
  const t = Date.parse(text);
  return Number.isNaN(t) ? text : new Date(t).toISOString();
}

export const sameLocation = (a: Location, b: Location) => a[0] === b[0] && a[1] === b[1];

export function toEntryEntity(entry: ScheduleEntry, version: string, [partitionKey, rowKey]: Location): EntryEntity {
  return compact({
    partitionKey,
    rowKey,
    id: entry.id,
    clientId: entry.clientId,
    fromVersion: entry.fromVersion,
    toVersion: entry.toVersion,
    mode: entry.mode,
    state: entry.state,
    proposedWindows: JSON.stringify(entry.proposedWindows),
    window: toJson(entry.window),
    standbyEngineerId: entry.standbyEngineerId,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    version,
  });
}

export function toPointerEntity(entry: ScheduleEntry, version: string, at: Location, stale: readonly Location[]): PointerEntity {
  return {
    ...toEntryEntity(entry, version, [clientPartition(entry.clientId), tableKey(entry.id)]),
    at: JSON.stringify(at),
    stale: JSON.stringify(stale),
  };
}

export function fromEntryEntity(e: EntryEntity): ScheduleEntry {
  const entry: ScheduleEntry = {
    id: e.id,
    clientId: e.clientId,
    fromVersion: e.fromVersion,
    toVersion: e.toVersion,
    mode: e.mode as UpgradeMode,
    state: e.state as UpgradeState,
    proposedWindows: JSON.parse(e.proposedWindows) as UpgradeWindow[],
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
  const window = fromJson<UpgradeWindow>(e.window);
  if (window) entry.window = window;
  if (e.standbyEngineerId !== undefined && e.standbyEngineerId !== null) entry.standbyEngineerId = e.standbyEngineerId;
  return entry;
}

/** What a row holds, as text: two rows with the same content compare equal. */
export function contentOf(e: EntryEntity | PointerEntity): string {
  const p = e as Partial<PointerEntity>;
  return JSON.stringify([e.id, e.clientId, e.fromVersion, e.toVersion, e.mode, e.state, e.proposedWindows, e.window ?? null,
    e.standbyEngineerId ?? null, e.createdAt, e.updatedAt, e.version, p.at ?? null, p.stale ?? null]);
}

/** A state filter as OData: `(state eq 'a' or state eq 'b')`, values escaped by the `odata` tag. */
export function stateFilter(state: ScheduleFilter['state']): string | undefined {
  if (state === undefined) return undefined;
  const states = typeof state === 'string' ? [state] : [...state];
  if (states.length === 0) return odata`state eq ${''}`; // no state asked for: nothing matches
  return `(${states.map((s) => odata`state eq ${s}`).join(' or ')})`;
}

export function and(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined).join(' and ');
}

/** Upgrades by schedule time then change id; the unscheduled last, oldest request first. */
export function bySchedule(a: ScheduleEntry, b: ScheduleEntry): number {
  const key = (e: ScheduleEntry) => scheduledAt(e) ?? `~${isoOf(e.createdAt)}`;
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : a.id.localeCompare(b.id);
}
