import { odata, type TableClient, type TableTransactionResponse, type TransactionAction } from '@azure/data-tables';
import type { AuditEntry } from '../domain/audit';
import { formatChangeId } from '../domain/change-id';
import { UpgradeDeskError } from '../domain/errors';
import { holdsWindow, type Upgrade } from '../domain/upgrade';
import type { UpgradeWindow } from '../domain/window';
import type { PendingEffectsRef, Recorded, UpgradeEffectsRecord, UpgradeStore, Versioned } from '../usecases/ports';
import { toEffectsEntity, type EffectsEntity } from './effects-rows';
import type { ChangeIdCounter } from './change-id-counter';
import { withOptimisticRetry } from './optimistic-retry';
import { isStaleEtag, orUndefined, upgradeConflict } from './table-errors';
import { fromJson, listRows, tableKey } from './table-rows';
import {
  auditRowKeyFrom,
  auditRowKeyTo,
  fromAuditEntity,
  fromUpgradeEntity,
  toAuditEntities,
  toUpgradeEntity,
  upgradeRowKey,
  type AuditEntity,
  type UpgradeEntity,
} from './upgrade-rows';

/**
 * Upgrades: PartitionKey = change id; RowKey 'upgrade' for the upgrade, 'audit-<ms>-<seq>' for
 * each line of its audit log and '~effects-...' for the effects of a change not yet applied. One
 * partition per upgrade lets a change, its audit lines and its effects go in one transaction, and
 * reads the log with one range query in order. People's lists read the schedule index; `list` and
 * `listBookedWindows` filter RowKey eq 'upgrade' across partitions, a scan kept for repairs.
 */
const maxAuditPerWrite = 99; // a transaction holds at most 100 operations, one is the upgrade

/** How many upgrade rows this process remembers as it last read or wrote them. */
const rememberedRows = 1_000;

/** Upgrades and their audit logs over Azure Tables; every write is guarded by the ETag it read. */
export class TableUpgradeStore implements UpgradeStore {
  /** The rows this process last read or wrote, newest last: a head start, never the truth. */
  private readonly seen = new Map<string, { row: UpgradeEntity; etag: string }>();

  constructor(
    private readonly table: TableClient,
    private readonly changeIds: ChangeIdCounter,
  ) {}

  async get(id: string): Promise<Versioned<Upgrade> | undefined> {
    const row = await orUndefined(this.table.getEntity<UpgradeEntity>(tableKey(id), upgradeRowKey));
    if (!row) {
      this.seen.delete(id);
      return undefined;
    }
    this.remember(row, row.etag);
    return { value: fromUpgradeEntity(row), etag: row.etag };
  }

  async recent(id: string): Promise<Versioned<Upgrade> | undefined> {
    const known = this.seen.get(id);
    return known ? { value: fromUpgradeEntity(known.row), etag: known.etag } : this.get(id);
  }

  async list(filter: { clientId?: string } = {}): Promise<Upgrade[]> {
    const query =
      filter.clientId === undefined
        ? odata`RowKey eq ${upgradeRowKey}`
        : odata`RowKey eq ${upgradeRowKey} and clientId eq ${filter.clientId}`;
    const rows = await listRows<UpgradeEntity>(this.table, { filter: query });
    return rows.map(fromUpgradeEntity);
  }

  /** Numbers the upgrade from the year's counter; should the id be taken (409), takes the next one. */
  async create(draft: Omit<Upgrade, 'id'>, audit: AuditEntry[], effects?: (upgrade: Upgrade) => UpgradeEffectsRecord): Promise<Recorded<Upgrade>> {
    const year = new Date(draft.createdAt).getUTCFullYear();
    if (Number.isNaN(year)) throw new UpgradeDeskError('bad_input', `"${draft.createdAt}" is not a date and time.`);
    checkAuditSize(audit);
    return withOptimisticRetry(
      async () => {
        const upgrade: Upgrade = { ...draft, id: formatChangeId(year, await this.changeIds.next(year)) };
        const row = toUpgradeEntity(upgrade, audit.length);
        const pending = effects && toEffectsEntity(row.partitionKey, effects(upgrade));
        const result = await this.table.submitTransaction([['create', row], ...auditActions(upgrade.id, audit, 0), ...effectsActions(pending)]);
        return { value: upgrade, etag: this.remember(row, upgradeEtag(result)), ...(pending ? { pending: pendingRef(pending) } : {}) };
      },
      { what: 'change ids' },
    );
  }

  async update(upgrade: Upgrade, etag: string, audit: AuditEntry[], effects?: UpgradeEffectsRecord): Promise<Recorded<Upgrade>> {
    checkAuditSize(audit);
    const stored = await this.auditCountAt(upgrade.id, etag);
    const row = toUpgradeEntity(upgrade, stored + audit.length);
    const pending = effects && toEffectsEntity(row.partitionKey, effects);
    try {
      // With nothing to write beside it, the row alone: a plain request, cheaper than a transaction.
      const written = audit.length || pending
        ? upgradeEtag(await this.table.submitTransaction([['update', row, 'Replace', { etag }], ...auditActions(upgrade.id, audit, stored), ...effectsActions(pending)]))
        : (await this.table.updateEntity(row, 'Replace', { etag })).etag;
      if (!written) throw new Error('The table service answered the update without the upgrade row\'s ETag.');
      return { value: upgrade, etag: this.remember(row, written), ...(pending ? { pending: pendingRef(pending) } : {}) };
    } catch (err) {
      if (isStaleEtag(err)) {
        this.seen.delete(upgrade.id);
        throw upgradeConflict(err);
      }
      throw err;
    }
  }

  /** The audit count of the version `etag` names: known when this process last saw that version, else read. */
  private async auditCountAt(id: string, etag: string): Promise<number> {
    const known = this.seen.get(id);
    if (known?.etag === etag) return known.row.auditCount ?? 0;
    const current = await orUndefined(
      this.table.getEntity<Pick<UpgradeEntity, 'auditCount'>>(tableKey(id), upgradeRowKey, { queryOptions: { select: ['auditCount'] } }),
    );
    if (!current) throw new UpgradeDeskError('not_found', `There is no upgrade ${id}; check the change id.`);
    // If the row is newer than `etag`, its count is wrong for us, but the If-Match then fails anyway.
    return current.auditCount ?? 0;
  }

  private remember(row: UpgradeEntity, etag: string): string {
    this.seen.delete(row.id);
    this.seen.set(row.id, { row, etag });
    if (this.seen.size > rememberedRows) this.seen.delete(this.seen.keys().next().value!);
    return etag;
  }

  async listAudit(id: string): Promise<AuditEntry[]> {
    const filter = odata`PartitionKey eq ${tableKey(id)} and RowKey ge ${auditRowKeyFrom} and RowKey lt ${auditRowKeyTo}`;
    const rows = await listRows<AuditEntity>(this.table, { filter });
    return rows.map(fromAuditEntity);
  }

  async listBookedWindows(): Promise<UpgradeWindow[]> {
    const rows = await listRows<Pick<UpgradeEntity, 'state' | 'window'>>(this.table, {
      filter: odata`RowKey eq ${upgradeRowKey}`,
      select: ['state', 'window'],
    });
    const windows: UpgradeWindow[] = [];
    for (const row of rows) {
      const upgrade = { state: row.state as Upgrade['state'], window: fromJson<UpgradeWindow>(row.window) };
      if (holdsWindow(upgrade) && upgrade.window) windows.push(upgrade.window);
    }
    return windows;
  }
}

function auditActions(upgradeId: string, audit: readonly AuditEntry[], first: number): TransactionAction[] {
  return toAuditEntities(upgradeId, audit, first).map((entity): TransactionAction => ['create', entity]);
}

function effectsActions(pending: EffectsEntity | undefined): TransactionAction[] {
  return pending ? [['create', pending]] : [];
}

function pendingRef(entity: EffectsEntity): PendingEffectsRef {
  return { table: 'upgrades', partitionKey: entity.partitionKey, rowKey: entity.rowKey };
}

function checkAuditSize(audit: readonly AuditEntry[]): void {
  if (audit.length > maxAuditPerWrite)
    throw new UpgradeDeskError('bad_input', `One change can record at most ${maxAuditPerWrite} audit entries.`);
}

/** The upgrade row is the first operation of every transaction this store sends. */
function upgradeEtag(result: TableTransactionResponse): string {
  const etag = result.subResponses[0]?.etag;
  if (!etag) throw new Error('The table service answered the transaction without the upgrade row\'s ETag.');
  return etag;
}
