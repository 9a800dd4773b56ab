import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { UpgradeDeskError } from '../domain/errors';
import { scheduleEntryOf, type ScheduleEntry } from '../domain/schedule';
import type { Upgrade } from '../domain/upgrade';
import type { ScheduleFilter, ScheduleIndex, ScheduleQuery, ScheduleRebuildReport } from '../usecases/ports';
import { withOptimisticRetry } from './optimistic-retry';
import { isLostRace, isNotFound, orUndefined } from './table-errors';
import { listRows, tableKey } from './table-rows';
import { fromUpgradeEntity, upgradeRowKey, type UpgradeEntity } from './upgrade-rows';
import { unscheduledPartition, monthPrefix, maxPerTransaction, maxMonthsPerQuery, versionOf, clientPartition, locationOf, sameLocation, toEntryEntity, toPointerEntity, fromEntryEntity, contentOf, stateFilter, and, bySchedule, type EntryEntity, type PointerEntity, type Location, type VersionedUpgrade } from './schedule-rows';

export { scheduleVersion, type VersionedUpgrade } from './schedule-rows';

/** The schedule index over Azure Tables; its partitions and rows are described in schedule-rows.ts. */
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
