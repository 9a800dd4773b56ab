import { odata, type TableClient, type TableTransactionResponse, type TransactionAction } from '@azure/data-tables';
import type { AuditEntry } from '../domain/audit';
import { formatChangeId } from '../domain/change-id';
import { UpgradeDeskError } from '../domain/errors';
import { holdsWindow, type Upgrade } from '../domain/upgrade';
import type { UpgradeWindow } from '../domain/window';
import type { UpgradeStore, Versioned } from '../usecases/ports';
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
 * Upgrades: PartitionKey = change id; RowKey 'upgrade' for the upgrade and 'audit-<ms>-<seq>'
 * for each line of its audit log. One partition per upgrade lets a change and its audit lines
 * go in one transaction, and reads the log with one range query in order. Listing (all, or one
 * client's) and the booked windows filter RowKey eq 'upgrade' across partitions: a scan, fine
 * for the vendor's thousands of upgrades.
 */
const maxAuditPerWrite = 99; // a transaction holds at most 100 operations, one is the upgrade

/** Upgrades and their audit logs over Azure Tables; every write is guarded by the ETag it read. */
export class TableUpgradeStore implements UpgradeStore {
  constructor(
    private readonly table: TableClient,
    private readonly changeIds: ChangeIdCounter,
  ) {}

  async get(id: string): Promise<Versioned<Upgrade> | undefined> {
    const row = await orUndefined(this.table.getEntity<UpgradeEntity>(tableKey(id), upgradeRowKey));
    return row && { value: fromUpgradeEntity(row), etag: row.etag };
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
  async create(draft: Omit<Upgrade, 'id'>, audit: AuditEntry[]): Promise<Versioned<Upgrade>> {
    const year = new Date(draft.createdAt).getUTCFullYear();
    if (Number.isNaN(year)) throw new UpgradeDeskError('bad_input', `"${draft.createdAt}" is not a date and time.`);
    checkAuditSize(audit);
    return withOptimisticRetry(
      async () => {
        const upgrade: Upgrade = { ...draft, id: formatChangeId(year, await this.changeIds.next(year)) };
        const result = await this.table.submitTransaction([
          ['create', toUpgradeEntity(upgrade, audit.length)],
          ...auditActions(upgrade.id, audit, 0),
        ]);
        return { value: upgrade, etag: upgradeEtag(result) };
      },
      { what: 'change ids' },
    );
  }

  async update(upgrade: Upgrade, etag: string, audit: AuditEntry[]): Promise<Versioned<Upgrade>> {
    checkAuditSize(audit);
    const current = await orUndefined(
      this.table.getEntity<Pick<UpgradeEntity, 'auditCount'>>(tableKey(upgrade.id), upgradeRowKey, {
        queryOptions: { select: ['auditCount'] },
      }),
    );
    if (!current) throw new UpgradeDeskError('not_found', `There is no upgrade ${upgrade.id}; check the change id.`);
    const stored = current.auditCount ?? 0;
    // If `current` is newer than `etag`, its count is wrong for us, but the If-Match then fails anyway.
    try {
      const result = await this.table.submitTransaction([
        ['update', toUpgradeEntity(upgrade, stored + audit.length), 'Replace', { etag }],
        ...auditActions(upgrade.id, audit, stored),
      ]);
      return { value: upgrade, etag: upgradeEtag(result) };
    } catch (err) {
      if (isStaleEtag(err)) throw upgradeConflict(err);
      throw err;
    }
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
