import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import type { TimerRecord, TimerState, TimerStore } from '../delivery/timer-ports';
import type { Versioned } from '../usecases/ports';
import { isAlreadyExists, isNotFound, isStaleEtag, orUndefined } from './table-errors';
import { compact, tableKey } from './table-rows';

/*
 * One partition for every timer: the poller's question ("what is due now?") is one
 * single-partition query on dueAt. Fired timers are purged after a while to keep it short.
 */
const partitionKey = 'timer';

/** The record as a row: the id as `timerId`, the payload as JSON. */
type TimerEntity = Omit<TimerRecord, 'id' | 'kind' | 'payload'> & {
  partitionKey: string;
  rowKey: string;
  timerId: string;
  kind: string;
  payload: string;
};

export class TimerTable implements TimerStore {
  constructor(private readonly table: TableClient) {}

  async create(timer: TimerRecord): Promise<boolean> {
    try {
      await this.table.createEntity(toEntity(timer));
      return true;
    } catch (err) {
      if (isAlreadyExists(err)) return false;
      throw err;
    }
  }

  async get(id: string): Promise<Versioned<TimerRecord> | undefined> {
    const row = await orUndefined(this.table.getEntity<TimerEntity>(partitionKey, tableKey(id)));
    return row && { value: fromEntity(row), etag: row.etag };
  }

  async update(timer: TimerRecord, etag: string): Promise<{ ok: true; etag: string } | { ok: false }> {
    try {
      const result = await this.table.updateEntity(toEntity(timer), 'Replace', { etag });
      return { ok: true, etag: result.etag ?? '' };
    } catch (err) {
      if (isStaleEtag(err) || isNotFound(err)) return { ok: false };
      throw err;
    }
  }

  async delete(id: string, etag: string): Promise<boolean> {
    try {
      await this.table.deleteEntity(partitionKey, tableKey(id), { etag });
      return true;
    } catch (err) {
      if (isStaleEtag(err) || isNotFound(err)) return false;
      throw err;
    }
  }

  async listDue(now: string): Promise<Versioned<TimerRecord>[]> {
    const filter = odata`PartitionKey eq ${partitionKey} and ((state eq ${'scheduled'} and dueAt le ${now}) or (state eq ${'firing'} and leaseExpiresAt le ${now}))`;
    const rows = await this.query(filter);
    return rows.sort((a, b) => a.value.dueAt.localeCompare(b.value.dueAt));
  }

  async list(filter: { kind?: string; state?: TimerState } = {}): Promise<TimerRecord[]> {
    let query = odata`PartitionKey eq ${partitionKey}`;
    if (filter.kind) query += ` and ${odata`kind eq ${filter.kind}`}`;
    if (filter.state) query += ` and ${odata`state eq ${filter.state}`}`;
    return (await this.query(query)).map((r) => r.value);
  }

  async purge(before: string): Promise<number> {
    const filter = odata`PartitionKey eq ${partitionKey} and (state eq ${'fired'} or state eq ${'failed'}) and updatedAt lt ${before}`;
    let purged = 0;
    for (const row of await this.query(filter)) if (await this.delete(row.value.id, row.etag)) purged++;
    return purged;
  }

  private async query(filter: string): Promise<Versioned<TimerRecord>[]> {
    const rows: Versioned<TimerRecord>[] = [];
    for await (const row of this.table.listEntities<TimerEntity>({ queryOptions: { filter } })) rows.push({ value: fromEntity(row), etag: row.etag });
    return rows;
  }
}

function toEntity(t: TimerRecord): TimerEntity {
  return compact({
    partitionKey,
    rowKey: tableKey(t.id),
    timerId: t.id,
    kind: t.kind,
    dueAt: t.dueAt,
    payload: JSON.stringify(t.payload),
    state: t.state,
    attempts: t.attempts,
    leaseOwner: t.leaseOwner,
    leaseExpiresAt: t.leaseExpiresAt,
    firedAt: t.firedAt,
    lastError: t.lastError?.slice(0, 1_000),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  }) as TimerEntity;
}

function fromEntity(row: TableEntityResult<TimerEntity>): TimerRecord {
  return {
    id: row.timerId,
    kind: row.kind,
    dueAt: row.dueAt,
    payload: JSON.parse(row.payload || '{}') as TimerRecord['payload'],
    state: row.state,
    attempts: row.attempts,
    leaseOwner: row.leaseOwner ?? undefined,
    leaseExpiresAt: row.leaseExpiresAt ?? undefined,
    firedAt: row.firedAt ?? undefined,
    lastError: row.lastError ?? undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
