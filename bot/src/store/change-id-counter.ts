import type { TableClient } from '@azure/data-tables';
import { withOptimisticRetry } from './optimistic-retry';
import { isNotFound } from './table-errors';

/**
 * The per-year sequence behind change ids: PartitionKey 'change-id', RowKey = year, one row
 * holding the last number handed out. Incremented with its ETag, so two creators never get the
 * same number; a lost race reads again.
 */
const partition = 'change-id';

interface CounterEntity {
  partitionKey: string;
  rowKey: string;
  last: number;
}

/** Hands out change-id sequence numbers, unique under concurrent creation. */
export class ChangeIdCounter {
  constructor(private readonly table: TableClient) {}

  /** The next sequence number for the year, starting at 1. */
  next(year: number): Promise<number> {
    return withOptimisticRetry(() => this.tryNext(String(year)), { what: 'the change-id counter' });
  }

  private async tryNext(year: string): Promise<number> {
    let current;
    try {
      current = await this.table.getEntity<CounterEntity>(partition, year);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.table.createEntity<CounterEntity>({ partitionKey: partition, rowKey: year, last: 1 });
      return 1;
    }
    const next = current.last + 1;
    await this.table.updateEntity<CounterEntity>({ partitionKey: partition, rowKey: year, last: next }, 'Replace', {
      etag: current.etag,
    });
    return next;
  }
}
