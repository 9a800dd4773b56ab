import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { UpgradeDeskError } from '../domain/errors';
import { capacityBucketMs, capacityBuckets, type UpgradeWindow } from '../domain/window';
import type { CapacityBucket, CapacityHolder, CapacityStore } from '../usecases/ports';
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

/**
 * A holder is an upgrade id, or "<id>~<ms>" while tentative: a claim made before the upgrade's own
 * write, which lapses at that time unless the write's effects confirm it (so a crash between the
 * claim and the write leaks nothing for long).
 */
const tentativeMark = '~';
/** How long a tentative claim holds its place without the change that confirms it. */
export const tentativeClaimInMs = 2 * 60_000;

/** The upgrades holding a place in a bucket now: confirmed ones, and tentative ones not lapsed. */
export function liveHolders(holders: readonly string[], nowInMs: number): string[] {
  return holders.filter((h) => {
    const mark = h.lastIndexOf(tentativeMark);
    return mark < 0 || Number(h.slice(mark + 1)) > nowInMs;
  }).map(holderId);
}

/** A stored holder as the repair reads it: confirmed, a live tentative claim, or a lapsed one. */
function describeHolder(holder: string, nowInMs: number): CapacityHolder {
  const mark = holder.lastIndexOf(tentativeMark);
  if (mark < 0) return { upgradeId: holder, status: 'held' };
  return { upgradeId: holder.slice(0, mark), status: Number(holder.slice(mark + 1)) > nowInMs ? 'tentative' : 'lapsed' };
}

function holderId(holder: string): string {
  const mark = holder.lastIndexOf(tentativeMark);
  return mark < 0 ? holder : holder.slice(0, mark);
}

/** The vendor's capacity over Azure Tables: a place per upgrade in every bucket of its window. */
export class TableCapacityStore implements CapacityStore {
  constructor(
    private readonly table: TableClient,
    private readonly nowInMs: () => number = Date.now,
  ) {}

  /**
   * Claims a place in every bucket of the window, refusing when one is full; tentative until the
   * change that books the window confirms it with `hold`. Idempotent: a retry is safe.
   */
  async claim(upgradeId: string, window: UpgradeWindow, capacity: number): Promise<void> {
    await this.take(upgradeId, window, { capacity, tentativeUntil: this.nowInMs() + tentativeClaimInMs });
  }

  /** The upgrade holds the window (its change is written): its place, confirmed, whatever the count. */
  async hold(upgradeId: string, window: UpgradeWindow): Promise<void> {
    await this.take(upgradeId, window, {});
  }

  private async take(upgradeId: string, window: UpgradeWindow, options: { capacity?: number; tentativeUntil?: number }): Promise<void> {
    await withOptimisticRetry(
      async () => {
        const { buckets, rows } = await this.read(window);
        const now = this.nowInMs();
        const actions: TransactionAction[] = [];
        for (const bucket of buckets) {
          const key = bucketKey(bucket);
          const row = rows.get(key);
          const stored = row ? holdersOf(row) : [];
          const mine = stored.find((h) => holderId(h) === upgradeId);
          const confirmed = mine === upgradeId;
          if (confirmed || (mine && options.tentativeUntil !== undefined && liveHolders([mine], now).length)) continue;
          const others = stored.filter((h) => holderId(h) !== upgradeId && liveHolders([h], now).length);
          if (!mine && options.capacity !== undefined && others.length >= options.capacity)
            throw new UpgradeDeskError('window_unavailable', 'That window has just been taken; pick one of the next available windows.');
          const holder = options.tentativeUntil === undefined ? upgradeId : `${upgradeId}${tentativeMark}${options.tentativeUntil}`;
          const entity = { partitionKey: partition, rowKey: key, holders: JSON.stringify([...others, holder]) };
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
          if (!holders.some((h) => holderId(h) === upgradeId)) continue;
          const entity = { partitionKey: partition, rowKey: row.rowKey, holders: JSON.stringify(holders.filter((h) => holderId(h) !== upgradeId)) };
          actions.push(['update', entity, 'Replace', { etag: row.etag }]);
        }
        if (actions.length > 0) await this.table.submitTransaction(actions);
      },
      { what: 'the upgrade calendar' },
    );
  }

  /**
   * The live holders per bucket over a span, counted as `claim` counts them: one range query in
   * the 'bucket' partition (emptied buckets are left out).
   */
  async usage(span: UpgradeWindow): Promise<Map<number, number>> {
    const first = Math.floor(Date.parse(span.startsAt) / capacityBucketMs);
    const last = Math.ceil(Date.parse(span.endsAt) / capacityBucketMs) - 1;
    const counts = new Map<number, number>();
    if (!(last >= first)) return counts;
    const filter = odata`PartitionKey eq ${partition} and RowKey ge ${bucketKey(first)} and RowKey le ${bucketKey(last)}`;
    const rows = await listRows<BucketEntity>(this.table, { filter, select: ['RowKey', 'holders'] });
    const now = this.nowInMs();
    for (const row of rows) {
      const live = liveHolders(holdersOf(row), now).length;
      if (live > 0) counts.set(Number(row.rowKey), live);
    }
    return counts;
  }

  /**
   * Every bucket that has a holder, with its holders as stored (confirmed, live tentative, lapsed),
   * by bucket: one query of the single 'bucket' partition. For the repair command.
   */
  async listHoldings(): Promise<CapacityBucket[]> {
    const rows = await listRows<BucketEntity>(this.table, { filter: odata`PartitionKey eq ${partition}`, select: ['RowKey', 'holders'] });
    const now = this.nowInMs();
    return rows
      .map((row) => ({ bucket: Number(row.rowKey), holders: holdersOf(row).map((h) => describeHolder(h, now)) }))
      .filter((b) => b.holders.length > 0)
      .sort((a, b) => a.bucket - b.bucket);
  }

  /**
   * Takes the upgrade out of these buckets (its place, confirmed or tentative; with `lapsedOnly`,
   * only a tentative claim past its time), each row written with its ETag. Idempotent.
   */
  async remove(upgradeId: string, buckets: readonly number[], options: { lapsedOnly?: boolean } = {}): Promise<void> {
    const wanted = new Set(buckets.map(bucketKey));
    const sorted = [...buckets].sort((a, b) => a - b);
    const first = sorted[0];
    const last = sorted.at(-1);
    if (first === undefined || last === undefined) return;
    await withOptimisticRetry(
      async () => {
        const filter = odata`PartitionKey eq ${partition} and RowKey ge ${bucketKey(first)} and RowKey le ${bucketKey(last)}`;
        const rows = await listRows<BucketEntity>(this.table, { filter });
        const now = this.nowInMs();
        const actions: TransactionAction[] = [];
        for (const row of rows) {
          if (!wanted.has(row.rowKey)) continue;
          const holders = holdersOf(row);
          const kept = holders.filter((h) => holderId(h) !== upgradeId || (options.lapsedOnly === true && describeHolder(h, now).status !== 'lapsed'));
          if (kept.length === holders.length) continue;
          actions.push(['update', { partitionKey: partition, rowKey: row.rowKey, holders: JSON.stringify(kept) }, 'Replace', { etag: row.etag }]);
        }
        // A transaction takes at most 100 operations; a retry after a lost race skips what went through.
        for (let i = 0; i < actions.length; i += maxBucketsPerWindow) await this.table.submitTransaction(actions.slice(i, i + maxBucketsPerWindow));
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
