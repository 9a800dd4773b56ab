import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import type { DeliveryRecord, DeliveryTable, WriteOutcome } from '../delivery/outbox-ports';
import type { Versioned } from '../usecases/ports';
import { submitBatch } from './table-requests';
import { isAlreadyExists, isNotFound, isStaleEtag } from './table-errors';
import { compact, tableKey } from './table-rows';

/** A transaction holds at most 100 operations, all in one partition. */
const batchSize = 100;
const maxErrorLength = 1_000;
/**
 * Rows per page when a whole notice is read (the sweeper, an update): a page's answer, parsed,
 * is some 2 MB at 1,000 rows (the most a query answers); a few hundred keep that small.
 */
const pageSize = 250;

/** The record as a row: the status codes as a JSON array of numbers. */
type DeliveryEntity = Omit<DeliveryRecord, 'statusCodes'> & {
  partitionKey: string;
  rowKey: string;
  statusCodes: string;
};

/*
 * One row per (notice, conversation). Partition = "<notice id>|<bucket>": a notice's rows are
 * spread over partitions of about 100 (see bucketCount), each created, leased and recorded in
 * single-partition transactions; "|" is always escaped in the notice id, so one range query
 * from "<id>|" to "<id>}" reads the whole notice for its report. Row key = the delivery key.
 */
const partitionOf = (noticeId: string, bucket: number) => `${tableKey(noticeId)}|${bucket.toString(16).padStart(2, '0')}`;

export class OutboxDeliveryTable implements DeliveryTable {
  constructor(private readonly table: TableClient) {}

  async createMany(rows: DeliveryRecord[]): Promise<WriteOutcome[]> {
    const outcomes = new Map<DeliveryRecord, WriteOutcome>();
    const unique = [...new Map(rows.map((r) => [`${r.bucket} ${r.key}`, r])).values()];
    for (const batch of [...byPartition(unique).values()].flatMap((group) => chunks(group, batchSize))) {
      try {
        const etags = await submitBatch(this.table, batch.map((r) => ({ create: toEntity(r) })));
        batch.forEach((r, i) => outcomes.set(r, { ok: true, etag: etags[i]! }));
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        // Enqueued before (a retry after a crash): create only the rows that are missing.
        for (const r of batch) outcomes.set(r, await this.createOne(r));
      }
    }
    return rows.map((r) => outcomes.get(r) ?? { ok: false });
  }

  private async createOne(row: DeliveryRecord): Promise<WriteOutcome> {
    try {
      const result = await this.table.createEntity(toEntity(row));
      return { ok: true, etag: result.etag ?? '' };
    } catch (err) {
      if (isAlreadyExists(err)) return { ok: false };
      throw err;
    }
  }

  async list(noticeId: string, range?: { bucket: number; fromKey: string; toKey: string }): Promise<Versioned<DeliveryRecord>[]> {
    const pk = tableKey(noticeId);
    const filter = range
      ? odata`PartitionKey eq ${partitionOf(noticeId, range.bucket)} and RowKey ge ${range.fromKey} and RowKey le ${range.toKey}`
      : odata`PartitionKey ge ${`${pk}|`} and PartitionKey lt ${`${pk}}`}`;
    const rows: Versioned<DeliveryRecord>[] = [];
    for await (const row of this.table.listEntities<DeliveryEntity>({ queryOptions: { filter } }))
      rows.push({ value: fromEntity(row), etag: row.etag });
    return rows;
  }

  async *listPages(noticeId: string): AsyncIterable<Versioned<DeliveryRecord>[]> {
    const pk = tableKey(noticeId);
    const filter = odata`PartitionKey ge ${`${pk}|`} and PartitionKey lt ${`${pk}}`}`;
    for await (const page of this.table.listEntities<DeliveryEntity>({ queryOptions: { filter } }).byPage({ maxPageSize: pageSize }))
      if (page.length > 0) yield page.map((row) => ({ value: fromEntity(row), etag: row.etag }));
  }

  async updateMany(rows: Versioned<DeliveryRecord>[]): Promise<WriteOutcome[]> {
    const outcomes = new Array<WriteOutcome>(rows.length);
    const indexes = byPartition(rows.map((r, i) => ({ noticeId: r.value.noticeId, bucket: r.value.bucket, i })));
    const batches = [...indexes.values()].flatMap((group) => chunks(group.map((x) => x.i), batchSize));
    await Promise.all(
      batches.map(async (indexes) => {
        const results = await this.updateBatch(indexes.map((i) => rows[i]!));
        indexes.forEach((rowIndex, k) => (outcomes[rowIndex] = results[k]!));
      }),
    );
    return outcomes;
  }

  private async updateBatch(batch: Versioned<DeliveryRecord>[]): Promise<WriteOutcome[]> {
    if (batch.length === 1) return [await this.updateOne(batch[0]!)];
    try {
      const etags = await submitBatch(this.table, batch.map((r) => ({ replace: toEntity(r.value), etag: r.etag })));
      return batch.map((r, i) => ({ ok: true, etag: etags[i]! }));
    } catch (err) {
      if (!isStaleEtag(err) && !isNotFound(err)) throw err;
      // One row changed under us and the whole transaction was refused: write them one by one.
      return Promise.all(batch.map((r) => this.updateOne(r)));
    }
  }

  private async updateOne(row: Versioned<DeliveryRecord>): Promise<WriteOutcome> {
    try {
      const result = await this.table.updateEntity(toEntity(row.value), 'Replace', { etag: row.etag });
      return { ok: true, etag: result.etag ?? '' };
    } catch (err) {
      if (isStaleEtag(err) || isNotFound(err)) return { ok: false };
      throw err;
    }
  }
}

function toEntity(r: DeliveryRecord): DeliveryEntity {
  return compact({
    partitionKey: partitionOf(r.noticeId, r.bucket),
    rowKey: r.key,
    noticeId: r.noticeId,
    bucket: r.bucket,
    tenantId: r.tenantId,
    conversationId: r.conversationId,
    state: r.state,
    attempts: r.attempts,
    failedInARow: r.failedInARow,
    activityId: r.activityId,
    sentVersion: r.sentVersion,
    leaseOwner: r.leaseOwner,
    leaseExpiresAt: r.leaseExpiresAt,
    statusCodes: JSON.stringify(r.statusCodes.slice(-20)),
    lastError: r.lastError?.slice(0, maxErrorLength),
    pointerAt: r.pointerAt,
    sentAt: r.sentAt,
    updatedAt: r.updatedAt,
  }) as DeliveryEntity;
}

function fromEntity(row: TableEntityResult<DeliveryEntity>): DeliveryRecord {
  return {
    noticeId: row.noticeId,
    key: row.rowKey ?? '',
    bucket: row.bucket,
    tenantId: row.tenantId,
    conversationId: row.conversationId,
    state: row.state,
    attempts: row.attempts,
    failedInARow: row.failedInARow ?? undefined,
    activityId: row.activityId ?? undefined,
    sentVersion: row.sentVersion ?? undefined,
    leaseOwner: row.leaseOwner ?? undefined,
    leaseExpiresAt: row.leaseExpiresAt ?? undefined,
    statusCodes: JSON.parse(row.statusCodes || '[]') as number[],
    lastError: row.lastError ?? undefined,
    pointerAt: row.pointerAt ?? undefined,
    sentAt: row.sentAt ?? undefined,
    updatedAt: row.updatedAt,
  };
}

function byPartition<T extends { noticeId: string; bucket: number }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = partitionOf(item.noticeId, item.bucket);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
