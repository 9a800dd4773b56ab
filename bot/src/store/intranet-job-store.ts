import { odata, type TableClient } from '@azure/data-tables';
import { subjectKey, type IntranetJob, type IntranetSubject } from '../domain/intranet';
import type { IntranetJobs, LeasedIntranetJob } from '../usecases/intranet-ports';
import type { Versioned } from '../usecases/ports';
import { withOptimisticRetry } from './optimistic-retry';
import { isLostRace, isNotFound, orUndefined } from './table-errors';
import { listRows, tableKey } from './table-rows';

/**
 * Publications to make on the intranets: PartitionKey 'intranet', RowKey = "upgrade~CHG-...",
 * "release~4.4" or "client~contoso", one row per subject however many changes asked for it. The
 * clients' settings share the partition (RowKeys from "~", after every job), so turning a client's
 * publishing on and asking for its backlog are one transaction. Times are ISO text (they sort as
 * they compare); an empty `leasedUntil` or `parkedAt` means none.
 */
export const intranetPartition = 'intranet';
const partition = intranetPartition;
/** Every job's RowKey sorts before this (settings rows start with it). */
const jobsEnd = '~';

/** A job row asked for now: due at once, no failures. */
export function newJobRow(subject: IntranetSubject, at: string): JobEntity {
  return { partitionKey: partition, rowKey: tableKey(subjectKey(subject)), kind: subject.kind, subjectId: subject.id, requestedAt: at, attempts: 0, nextAttemptAt: at, leasedUntil: '', parkedAt: '', lastError: '' };
}

export interface JobEntity {
  partitionKey: string;
  rowKey: string;
  kind: string;
  subjectId: string;
  requestedAt: string;
  attempts: number;
  nextAttemptAt: string;
  leasedUntil: string;
  parkedAt: string;
  lastError: string;
}

function fromEntity(e: JobEntity & { etag: string }): Versioned<IntranetJob> {
  const job: IntranetJob = {
    subject: { kind: e.kind as IntranetSubject['kind'], id: e.subjectId },
    requestedAt: e.requestedAt,
    attempts: e.attempts,
    nextAttemptAt: e.nextAttemptAt,
  };
  if (e.lastError) job.lastError = e.lastError;
  if (e.parkedAt) job.parkedAt = e.parkedAt;
  return { value: job, etag: e.etag };
}

/** The intranet jobs over Azure Tables; every change to a job is ETag-guarded. */
export class TableIntranetJobs implements IntranetJobs {
  constructor(private readonly table: TableClient) {}

  async request(subject: IntranetSubject, now: Date): Promise<void> {
    const rowKey = tableKey(subjectKey(subject));
    const at = now.toISOString();
    await withOptimisticRetry(async () => {
      const existing = await orUndefined(this.table.getEntity<JobEntity>(partition, rowKey));
      if (!existing) {
        await this.table.createEntity(newJobRow(subject, at));
        return;
      }
      // Asked again: due at once, its failures forgotten; a lease running stays (the holder finds the row changed and leaves it due).
      try {
        await this.table.updateEntity({ partitionKey: partition, rowKey, attempts: 0, nextAttemptAt: at, parkedAt: '' }, 'Merge', { etag: existing.etag });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // Completed and removed since the read: make it anew (a create that loses is retried from the read).
        await this.table.createEntity(newJobRow(subject, at));
      }
    }, { what: `the SharePoint job for ${subject.kind} ${subject.id}` });
  }

  async due(now: Date, limit: number): Promise<Versioned<IntranetJob>[]> {
    const at = now.toISOString();
    const filter = odata`PartitionKey eq ${partition} and RowKey lt ${jobsEnd} and parkedAt eq '' and nextAttemptAt le ${at} and leasedUntil le ${at}`;
    const due: Versioned<IntranetJob>[] = [];
    for await (const row of this.table.listEntities<JobEntity>({ queryOptions: { filter } })) {
      due.push(fromEntity(row as JobEntity & { etag: string }));
      if (due.length >= limit * 4) break;
    }
    return due.sort((a, b) => a.value.requestedAt.localeCompare(b.value.requestedAt)).slice(0, limit);
  }

  async lease(job: Versioned<IntranetJob>, until: Date): Promise<LeasedIntranetJob | undefined> {
    const leasedUntil = until.toISOString();
    try {
      const { etag } = await this.table.updateEntity({ ...this.keyOf(job.value.subject), leasedUntil }, 'Merge', { etag: job.etag });
      return { value: job.value, etag: etag!, leasedUntil };
    } catch (err) {
      if (isLostRace(err) || isNotFound(err)) return undefined;
      throw err;
    }
  }

  async complete(job: LeasedIntranetJob): Promise<void> {
    const key = this.keyOf(job.value.subject);
    try {
      await this.table.deleteEntity(key.partitionKey, key.rowKey, { etag: job.etag });
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isLostRace(err)) throw err;
      await this.unlease(job); // asked for again while it ran: it stays, due
    }
  }

  async fail(job: LeasedIntranetJob, reason: string, nextAttemptAt: string | undefined, now: Date): Promise<void> {
    const failed = {
      ...this.keyOf(job.value.subject),
      attempts: job.value.attempts + 1,
      lastError: reason.slice(0, 2000),
      leasedUntil: '',
      ...(nextAttemptAt ? { nextAttemptAt } : { parkedAt: now.toISOString() }),
    };
    try {
      await this.table.updateEntity(failed, 'Merge', { etag: job.etag });
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isLostRace(err)) throw err;
      await this.unlease(job); // asked for again while it ran: due again, with a fresh count
    }
  }

  async list(): Promise<IntranetJob[]> {
    const rows = await listRows<JobEntity>(this.table, { filter: odata`PartitionKey eq ${partition} and RowKey lt ${jobsEnd}` });
    return rows.map((r) => fromEntity(r as JobEntity & { etag: string }).value);
  }

  /**
   * Ends this process's lease of a row somebody asked for again meanwhile: only while the lease
   * is still this one (another process may have taken the row once it ran out), ETag-guarded.
   */
  private async unlease(job: LeasedIntranetJob): Promise<void> {
    const key = this.keyOf(job.value.subject);
    await withOptimisticRetry(async () => {
      const row = await orUndefined(this.table.getEntity<JobEntity>(key.partitionKey, key.rowKey));
      if (!row || row.leasedUntil !== job.leasedUntil) return;
      await this.table.updateEntity({ ...key, leasedUntil: '' }, 'Merge', { etag: row.etag });
    }, { what: `the SharePoint job for ${job.value.subject.kind} ${job.value.subject.id}` });
  }

  private keyOf(subject: IntranetSubject) {
    return { partitionKey: partition, rowKey: tableKey(subjectKey(subject)) };
  }
}
