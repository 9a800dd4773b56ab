import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import type { DeliveryRecord, DeliveryState, DeliveryTable, WriteOutcome } from '../delivery/outbox-ports';
import type { Versioned } from '../usecases/ports';
import { isAlreadyExists, isNotFound, isStaleEtag } from './table-errors';
import { compact, tableKey } from './table-rows';

/** A transaction holds at most 100 operations, all in one partition. */
const batchSize = 100;
const maxErrorLength = 1_000;

type DeliveryEntity = {
  partitionKey: string;
  rowKey: string;
  noticeId: string;
  tenantId: string;
  conversationId: string;
  state: DeliveryState;
  attempts: number;
  activityId?: string;
  sentVersion?: number;
  leaseOwner?: string;
  leaseExpiresAt?: string;
  /** JSON array of numbers. */
  statusCodes: string;
  lastError?: string;
  pointerAt?: string;
  sentAt?: string;
  updatedAt: string;
};

/**
 * One row per (notice, conversation): partition = notice id, so a notice's rows are created,
 * leased and reported in single-partition transactions and one query; row key = the delivery key.
 */
export class OutboxDeliveryTable implements DeliveryTable {
  constructor(private readonly table: TableClient) {}

  async createMany(rows: DeliveryRecord[]): Promise<void> {
    const unique = [...new Map(rows.map((r) => [r.key, r])).values()];
    for (const batch of chunks(unique, batchSize)) {
      try {
        await this.table.submitTransaction(batch.map((r): TransactionAction => ['create', toEntity(r)]));
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        // Enqueued before (a retry after a crash): create only the rows that are missing.
        for (const r of batch) await this.table.createEntity(toEntity(r)).catch(ignoreAlreadyExists);
      }
    }
  }

  async list(noticeId: string, range?: { fromKey: string; toKey: string }): Promise<Versioned<DeliveryRecord>[]> {
    const pk = tableKey(noticeId);
    const filter = range
      ? odata`PartitionKey eq ${pk} and RowKey ge ${range.fromKey} and RowKey le ${range.toKey}`
      : odata`PartitionKey eq ${pk}`;
    const rows: Versioned<DeliveryRecord>[] = [];
    for await (const row of this.table.listEntities<DeliveryEntity>({ queryOptions: { filter } }))
      rows.push({ value: fromEntity(row), etag: row.etag });
    return rows;
  }

  async updateMany(rows: Versioned<DeliveryRecord>[]): Promise<WriteOutcome[]> {
    const outcomes = new Array<WriteOutcome>(rows.length);
    const byNotice = new Map<string, number[]>();
    rows.forEach((r, i) => byNotice.set(r.value.noticeId, [...(byNotice.get(r.value.noticeId) ?? []), i]));
    const batches = [...byNotice.values()].flatMap((indexes) => chunks(indexes, batchSize));
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
      const response = await this.table.submitTransaction(
        batch.map((r): TransactionAction => ['update', toEntity(r.value), 'Replace', { etag: r.etag }]),
      );
      const etags = new Map(response.subResponses.map((s) => [s.rowKey, s.etag]));
      // Azurite and Azure answer in request order; the row key is the safer match.
      return batch.map((r, i) => ({ ok: true, etag: etags.get(r.value.key) ?? response.subResponses[i]?.etag ?? '' }));
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
    partitionKey: tableKey(r.noticeId),
    rowKey: r.key,
    noticeId: r.noticeId,
    tenantId: r.tenantId,
    conversationId: r.conversationId,
    state: r.state,
    attempts: r.attempts,
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
    tenantId: row.tenantId,
    conversationId: row.conversationId,
    state: row.state,
    attempts: row.attempts,
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

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function ignoreAlreadyExists(err: unknown): void {
  if (!isAlreadyExists(err)) throw err;
}
