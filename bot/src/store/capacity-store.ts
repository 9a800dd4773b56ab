import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { UpgradeDeskError } from '../domain/errors';
import { capacityBuckets, type UpgradeWindow } from '../domain/window';
import type { CapacityStore } from '../usecases/ports';
import { withOptimisticRetry } from './optimistic-retry';
import { listRows } from './table-rows';

/**
 * The vendor's capacity: PartitionKey 'bucket' for all of them, RowKey = the quarter-hour bucket
 * index (domain `capacityBuckets`) zero-padded, holding the ids of the upgrades in it. One
 * partition so a window's buckets are claimed in one transaction (all or none), and read with one
 * range query. A transaction takes at most 100 operations: 25 hours of buckets.
 */
const partition = 'bucket';
const maxBucketsPerWindow = 100;

interface BucketEntity {
  partitionKey: string;
  rowKey: string;
  /** JSON array of upgrade ids. */
  holders: string;
}

type BucketRow = TableEntityResult<BucketEntity>;

function bucketKey(bucket: number): string {
  return String(bucket).padStart(12, '0');
}

/** The vendor's capacity over Azure Tables: a place per upgrade in every bucket of its window. */
export class TableCapacityStore implements CapacityStore {
  constructor(private readonly table: TableClient) {}

  /** Claims are idempotent: buckets the upgrade already holds are left alone, so a retry is safe. */
  async claim(upgradeId: string, window: UpgradeWindow, capacity: number): Promise<void> {
    await withOptimisticRetry(
      async () => {
        const { buckets, rows } = await this.read(window);
        const actions: TransactionAction[] = [];
        for (const bucket of buckets) {
          const key = bucketKey(bucket);
          const row = rows.get(key);
          const holders = row ? holdersOf(row) : [];
          if (holders.includes(upgradeId)) continue;
          if (holders.length >= capacity)
            throw new UpgradeDeskError('window_unavailable', 'That window has just been taken; pick one of the next available windows.');
          const entity = { partitionKey: partition, rowKey: key, holders: JSON.stringify([...holders, upgradeId]) };
          actions.push(row ? ['update', entity, 'Replace', { etag: row.etag }] : ['create', entity]);
        }
        if (actions.length > 0) await this.table.submitTransaction(actions);
      },
      { what: 'the upgrade calendar' },
    );
  }

  /** Gives the window's places back; buckets stay as rows (emptied with their ETag, never deleted blind). */
  async release(upgradeId: string, window: UpgradeWindow): Promise<void> {
    await withOptimisticRetry(
      async () => {
        const { rows } = await this.read(window);
        const actions: TransactionAction[] = [];
        for (const row of rows.values()) {
          const holders = holdersOf(row);
          if (!holders.includes(upgradeId)) continue;
          const entity = { partitionKey: partition, rowKey: row.rowKey, holders: JSON.stringify(holders.filter((h) => h !== upgradeId)) };
          actions.push(['update', entity, 'Replace', { etag: row.etag }]);
        }
        if (actions.length > 0) await this.table.submitTransaction(actions);
      },
      { what: 'the upgrade calendar' },
    );
  }

  private async read(window: UpgradeWindow): Promise<{ buckets: number[]; rows: Map<string, BucketRow> }> {
    const buckets = capacityBuckets(window);
    const first = buckets[0];
    const last = buckets.at(-1);
    if (first === undefined || last === undefined)
      throw new UpgradeDeskError('window_invalid', 'That window ends before it starts; pick another.');
    if (buckets.length > maxBucketsPerWindow)
      throw new UpgradeDeskError('window_invalid', 'A window can last at most 24 hours; pick a shorter one.');
    const filter = odata`PartitionKey eq ${partition} and RowKey ge ${bucketKey(first)} and RowKey le ${bucketKey(last)}`;
    const rows = await listRows<BucketEntity>(this.table, { filter });
    return { buckets, rows: new Map(rows.map((row) => [row.rowKey, row])) };
  }
}

function holdersOf(row: BucketRow): string[] {
  return JSON.parse(row.holders) as string[];
}
