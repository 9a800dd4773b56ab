import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { UpgradeDeskError } from '../domain/errors';
import { scheduleEntryOf, scheduledAt, type ScheduleEntry } from '../domain/schedule';
import type { Upgrade, UpgradeMode, UpgradeState } from '../domain/upgrade';
import type { UpgradeWindow } from '../domain/window';
import type { ScheduleFilter, ScheduleIndex, ScheduleQuery, ScheduleRebuildReport } from '../usecases/ports';
import { withOptimisticRetry } from './optimistic-retry';
import { isLostRace, isNotFound, orUndefined } from './table-errors';
import { compact, fromJson, listRows, tableKey, toJson } from './table-rows';
import { fromUpgradeEntity, upgradeRowKey, type UpgradeEntity } from './upgrade-rows';

/**
 * The schedule index: a projection of the upgrades table that lists read without a scan.
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
const unscheduledPartition = 'unscheduled';
const monthPrefix = 'month-';
const clientPrefix = 'client-';
/** A table transaction holds at most 100 operations, all in one partition. */
const maxPerTransaction = 100;
/** How many months one range query may span (36 partition reads). */
const maxMonthsPerQuery = 36;

type EntryEntity = {
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

type PointerEntity = EntryEntity & {
  /** JSON [partitionKey, rowKey] of the upgrade's schedule entry. */
  at: string;
  /** JSON list of [partitionKey, rowKey] where entries of older versions may still be, to remove. */
  stale: string;
};

type Location = [partitionKey: string, rowKey: string];

/** The version of an upgrade row: its audit count (zero-padded), then its Timestamp to 100 ns; orders as text. */
export function scheduleVersion(auditCount: number, timestamp: string | undefined): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(timestamp ?? '');
  const stamp = m ? `${m[1]}.${(m[2] ?? '').padEnd(7, '0').slice(0, 7)}Z` : '';
  return `${String(auditCount).padStart(10, '0')}|${stamp}`;
}

function versionOf(row: TableEntityResult<UpgradeEntity>): string {
  return scheduleVersion(row.auditCount ?? 0, row.timestamp);
}

/** An upgrade with the version of the row it was read from. */
export interface VersionedUpgrade {
  upgrade: Upgrade;
  version: string;
}

/** The month partition ("month-2026-12") of an instant, in UTC. */
function monthPartition(instant: string): string {
  return `${monthPrefix}${instant.slice(0, 7)}`;
}

function clientPartition(clientId: string): string {
  return `${clientPrefix}${tableKey(clientId)}`;
}

/** Where an upgrade's schedule entry lives. */
function locationOf(upgrade: Upgrade): Location {
  const at = scheduledAt(upgrade);
  if (at === undefined) return [unscheduledPartition, `${isoOf(upgrade.createdAt)}|${tableKey(upgrade.id)}`];
  return [monthPartition(at), `${at}|${tableKey(upgrade.id)}`];
}

function isoOf(text: string): string {
  const t = Date.parse(text);
  return Number.isNaN(t) ? text : new Date(t).toISOString();
}

const sameLocation = (a: Location, b: Location) => a[0] === b[0] && a[1] === b[1];

function toEntryEntity(entry: ScheduleEntry, version: string, [partitionKey, rowKey]: Location): EntryEntity {
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

function toPointerEntity(entry: ScheduleEntry, version: string, at: Location, stale: readonly Location[]): PointerEntity {
  return {
    ...toEntryEntity(entry, version, [clientPartition(entry.clientId), tableKey(entry.id)]),
    at: JSON.stringify(at),
    stale: JSON.stringify(stale),
  };
}

function fromEntryEntity(e: EntryEntity): ScheduleEntry {
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
function contentOf(e: EntryEntity | PointerEntity): string {
  const p = e as Partial<PointerEntity>;
  return JSON.stringify([e.id, e.clientId, e.fromVersion, e.toVersion, e.mode, e.state, e.proposedWindows, e.window ?? null,
    e.standbyEngineerId ?? null, e.createdAt, e.updatedAt, e.version, p.at ?? null, p.stale ?? null]);
}

/** A state filter as OData: `(state eq 'a' or state eq 'b')`, values escaped by the `odata` tag. */
function stateFilter(state: ScheduleFilter['state']): string | undefined {
  if (state === undefined) return undefined;
  const states = typeof state === 'string' ? [state] : [...state];
  if (states.length === 0) return odata`state eq ${''}`; // no state asked for: nothing matches
  return `(${states.map((s) => odata`state eq ${s}`).join(' or ')})`;
}

function and(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined).join(' and ');
}

/** Upgrades by schedule time then change id; the unscheduled last, oldest request first. */
function bySchedule(a: ScheduleEntry, b: ScheduleEntry): number {
  const key = (e: ScheduleEntry) => scheduledAt(e) ?? `~${isoOf(e.createdAt)}`;
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : a.id.localeCompare(b.id);
}

/** The schedule index over Azure Tables (see the top of this file). */
export class TableScheduleIndex implements ScheduleIndex {
  constructor(
    private readonly table: TableClient,
    /** The upgrades table: `project` and `rebuild` read upgrade rows from it. */
    private readonly upgrades: TableClient,
  ) {}

  /** Brings the upgrade's entries up to date with its row as stored now; a no-op when a newer version is in already. */
  async project(upgrade: Pick<Upgrade, 'id'>): Promise<void> {
    await withOptimisticRetry(() => this.projectOnce(upgrade.id), { what: 'the schedule index' });
  }

  private async projectOnce(id: string): Promise<void> {
    const row = await orUndefined(this.upgrades.getEntity<UpgradeEntity>(tableKey(id), upgradeRowKey));
    if (!row) return; // upgrades are never removed: nothing to project
    const upgrade = fromUpgradeEntity(row);
    const version = versionOf(row);
    const entry = scheduleEntryOf(upgrade);
    const at = locationOf(upgrade);
    const pk = clientPartition(upgrade.clientId);
    const rk = tableKey(upgrade.id);

    // The client row is where projections of one upgrade meet: written first, with its ETag.
    const pointer = await orUndefined(this.table.getEntity<PointerEntity>(pk, rk));
    if (pointer && pointer.version > version) return;
    const previous = pointer ? (JSON.parse(pointer.at) as Location) : undefined;
    const stale = (pointer ? (JSON.parse(pointer.stale) as Location[]) : []).filter((l) => !sameLocation(l, at));
    if (previous && !sameLocation(previous, at) && !stale.some((l) => sameLocation(l, previous))) stale.push(previous);
    const wanted = toPointerEntity(entry, version, at, stale);
    let pointerEtag = pointer?.etag;
    if (!pointer) pointerEtag = (await this.table.createEntity(wanted)).etag;
    else if (contentOf(pointer) !== contentOf(wanted)) pointerEtag = (await this.table.updateEntity(wanted, 'Replace', { etag: pointer.etag })).etag;

    const written = await this.putEntry(toEntryEntity(entry, version, at));
    if (stale.length) await this.removeStale(stale, version, wanted, pointerEtag);

    // Another projection may have moved the pointer on while this one wrote its entry: then this
    // entry may be where nobody will look for it again; remove it unless it changed since.
    if (written) {
      const now = await orUndefined(this.table.getEntity<PointerEntity>(pk, rk));
      if (now && now.version > version && !sameLocation(JSON.parse(now.at) as Location, at)) await this.deleteIf(at, written);
    }
  }

  /** Writes an entry unless one of the same or a newer version is there; the ETag of what it wrote, if it wrote. */
  private async putEntry(entity: EntryEntity): Promise<string | undefined> {
    const existing = await orUndefined(this.table.getEntity<EntryEntity>(entity.partitionKey, entity.rowKey));
    if (existing && existing.version >= entity.version) return undefined;
    const result = existing ? await this.table.updateEntity(entity, 'Replace', { etag: existing.etag }) : await this.table.createEntity(entity);
    return result.etag;
  }

  /** Removes entries of versions older than `version` where the upgrade no longer is, then forgets them on the client row. */
  private async removeStale(stale: readonly Location[], version: string, pointer: PointerEntity, pointerEtag: string | undefined): Promise<void> {
    for (const [partitionKey, rowKey] of stale) {
      const old = await orUndefined(this.table.getEntity<EntryEntity>(partitionKey, rowKey));
      if (old && old.version < version) await this.deleteIf([partitionKey, rowKey], old.etag);
    }
    if (!pointerEtag) return;
    try {
      await this.table.updateEntity({ ...pointer, stale: '[]' }, 'Replace', { etag: pointerEtag });
    } catch (err) {
      if (!isLostRace(err) && !isNotFound(err)) throw err; // a newer projection took over the row: it cleans up
    }
  }

  private async deleteIf([partitionKey, rowKey]: Location, etag: string): Promise<void> {
    try {
      await this.table.deleteEntity(partitionKey, rowKey, { etag });
    } catch (err) {
      if (!isLostRace(err) && !isNotFound(err)) throw err; // changed (by a newer projection) or gone already
    }
  }

  /** Upgrades on the schedule in [from, to): only the month partitions the range touches, one range query each. */
  async list(query: ScheduleQuery): Promise<ScheduleEntry[]> {
    const from = Date.parse(query.from);
    const to = Date.parse(query.to);
    if (Number.isNaN(from) || Number.isNaN(to) || to <= from)
      throw new UpgradeDeskError('bad_input', 'A schedule range needs a start before its end, as dates and times.');
    const fromIso = new Date(from).toISOString();
    const toIso = new Date(to).toISOString();
    const months = monthsOf(from, to);
    if (months.length > maxMonthsPerQuery)
      throw new UpgradeDeskError('bad_input', `A schedule range can span at most ${maxMonthsPerQuery} months; ask for a shorter one.`);
    const extra = and(query.clientId === undefined ? undefined : odata`clientId eq ${query.clientId}`, stateFilter(query.state));
    const pages = await Promise.all(
      months.map((month) =>
        listRows<EntryEntity>(this.table, {
          filter: and(odata`PartitionKey eq ${month} and RowKey ge ${fromIso} and RowKey lt ${toIso}`, extra || undefined),
        }),
      ),
    );
    return pages.flat().map(fromEntryEntity);
  }

  /** Every upgrade of a client, scheduled or not: one partition. */
  async listClient(clientId: string, filter: Pick<ScheduleFilter, 'state'> = {}): Promise<ScheduleEntry[]> {
    const rows = await listRows<PointerEntity>(this.table, {
      filter: and(odata`PartitionKey eq ${clientPartition(clientId)}`, stateFilter(filter.state)),
    });
    return rows.map(fromEntryEntity).sort(bySchedule);
  }

  /** The open upgrades with no date yet (requested, nothing proposed), oldest request first. */
  async listUnscheduled(filter: ScheduleFilter = {}): Promise<ScheduleEntry[]> {
    const rows = await listRows<EntryEntity>(this.table, {
      filter: and(
        odata`PartitionKey eq ${unscheduledPartition}`,
        filter.clientId === undefined ? undefined : odata`clientId eq ${filter.clientId}`,
        stateFilter(filter.state),
      ),
    });
    return rows.map(fromEntryEntity);
  }

  /** Rebuilds the index from the upgrades table (a scan: for repair and for data from before the index); `dryRun` only reports. */
  async rebuild(options: { dryRun?: boolean } = {}): Promise<ScheduleRebuildReport> {
    const rows = await listRows<UpgradeEntity>(this.upgrades, { filter: odata`RowKey eq ${upgradeRowKey}` });
    return this.rebuildFrom(rows.map((row) => ({ upgrade: fromUpgradeEntity(row), version: versionOf(row) })), options);
  }

  /** Rebuilds when the index holds nothing and the upgrades table holds something (start-up, first run with the index). */
  async rebuildIfEmpty(): Promise<ScheduleRebuildReport | undefined> {
    if (await hasAnyRow(this.table)) return undefined;
    if (!(await hasAnyRow(this.upgrades, odata`RowKey eq ${upgradeRowKey}`))) return undefined;
    return this.rebuild();
  }

  /**
   * Makes the index hold exactly these upgrades' entries (others' rows are left alone): writes
   * what is missing or older, removes their entries from where they no longer are, in batched
   * transactions per partition. A batch that loses a race to a projection is redone one upgrade
   * at a time through `project`. Reports what had drifted; with `dryRun`, writes nothing.
   */
  async rebuildFrom(source: Iterable<VersionedUpgrade>, options: { dryRun?: boolean } = {}): Promise<ScheduleRebuildReport> {
    const desired = new Map<string, Map<string, EntryEntity | PointerEntity>>();
    const versions = new Map<string, string>();
    const put = (e: EntryEntity | PointerEntity) => {
      let rows = desired.get(e.partitionKey);
      if (!rows) desired.set(e.partitionKey, (rows = new Map()));
      rows.set(e.rowKey, e);
    };
    for (const { upgrade, version } of source) {
      const entry = scheduleEntryOf(upgrade);
      const at = locationOf(upgrade);
      put(toEntryEntity(entry, version, at));
      put(toPointerEntity(entry, version, at, []));
      versions.set(upgrade.id, version);
    }
    const existing = new Map<string, TableEntityResult<EntryEntity | PointerEntity>>();
    for (const row of await listRows<EntryEntity | PointerEntity>(this.table)) existing.set(`${row.partitionKey}\n${row.rowKey}`, row);

    const batches = new Map<string, { actions: TransactionAction[]; ids: string[] }[]>();
    const add = (partitionKey: string, action: TransactionAction, id: string) => {
      let chunks = batches.get(partitionKey);
      if (!chunks) batches.set(partitionKey, (chunks = []));
      let last = chunks.at(-1);
      if (!last || last.actions.length >= maxPerTransaction) chunks.push((last = { actions: [], ids: [] }));
      last.actions.push(action);
      last.ids.push(id);
    };
    const drifted = new Set<string>();
    let written = 0;
    let removed = 0;
    for (const [partitionKey, rows] of desired) {
      for (const [rowKey, entity] of rows) {
        const found = existing.get(`${partitionKey}\n${rowKey}`);
        if (found && (found.version > entity.version || contentOf(found) === contentOf(entity))) continue;
        add(partitionKey, found ? ['update', entity, 'Replace', { etag: found.etag }] : ['create', entity], entity.id);
        drifted.add(entity.id);
        written++;
      }
    }
    // Rows of these upgrades where they no longer are: removed one by one, each only as it was read
    // (a transaction cannot make a delete conditional), and rare: drift only.
    const outdated: TableEntityResult<EntryEntity | PointerEntity>[] = [];
    for (const row of existing.values()) {
      const version = versions.get(row.id);
      if (version === undefined || desired.get(row.partitionKey)?.has(row.rowKey) || row.version > version) continue;
      outdated.push(row);
      drifted.add(row.id);
      removed++;
    }
    if (options.dryRun) return { upgrades: versions.size, written, removed, drifted: [...drifted].sort() };

    const chunks = [...batches.values()].flat();
    const retry = new Set<string>();
    await inParallel(chunks, 8, async (chunk) => {
      try {
        await this.table.submitTransaction(chunk.actions);
      } catch (err) {
        if (!isLostRace(err) && !isNotFound(err)) throw err;
        for (const id of chunk.ids) retry.add(id);
      }
    });
    await inParallel(outdated, 8, (row) => this.deleteIf([row.partitionKey, row.rowKey], row.etag));
    for (const id of retry) await this.project({ id });
    return { upgrades: versions.size, written, removed, drifted: [...drifted].sort() };
  }
}

/** The UTC month partitions an instant range [from, to) touches, in order. */
function monthsOf(from: number, to: number): string[] {
  const months: string[] = [];
  const start = new Date(from);
  const last = new Date(to - 1);
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); y < last.getUTCFullYear() || (y === last.getUTCFullYear() && m <= last.getUTCMonth()); m === 11 ? (y++, (m = 0)) : m++) {
    months.push(`${monthPrefix}${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`);
    if (months.length > maxMonthsPerQuery) break;
  }
  return months;
}

async function hasAnyRow(table: TableClient, filter?: string): Promise<boolean> {
  const pages = table.listEntities({ queryOptions: { filter, select: ['RowKey'] } }).byPage({ maxPageSize: 1 });
  for await (const page of pages) if (page.length > 0) return true;
  return false;
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
