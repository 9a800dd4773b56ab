import { odata, type TableClient } from '@azure/data-tables';
import type { AcknowledgementStore } from '../usecases/ports';
import { isAlreadyExists, orUndefined } from './table-errors';
import { listRows, tableKey } from './table-rows';

/*
 * Keys: partition = the notice id, row = the user's AAD object id. One row per person and
 * notice, created once (a second click is a 409: nothing changes); counting a notice's
 * acknowledgements is one single-partition query.
 */
export class TableAcknowledgementStore implements AcknowledgementStore {
  constructor(private readonly table: TableClient) {}

  async acknowledge(noticeId: string, userAadObjectId: string, name: string, at: string): Promise<boolean> {
    try {
      await this.table.createEntity({ partitionKey: tableKey(noticeId), rowKey: tableKey(userAadObjectId), noticeId, userAadObjectId, name, at });
      return true;
    } catch (err) {
      if (isAlreadyExists(err)) return false;
      throw err;
    }
  }

  async count(noticeId: string): Promise<number> {
    return (await listRows(this.table, { filter: odata`PartitionKey eq ${tableKey(noticeId)}`, select: ['RowKey'] })).length;
  }

  async has(noticeId: string, userAadObjectId: string): Promise<boolean> {
    return (await orUndefined(this.table.getEntity(tableKey(noticeId), tableKey(userAadObjectId)))) !== undefined;
  }
}
