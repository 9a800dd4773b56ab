import type { TableClient } from '@azure/data-tables';
import type { ClientRequest, ClientRequestStore, Versioned } from '../usecases/ports';
import { UpgradeDeskError } from '../domain/errors';
import { isLostRace, orUndefined } from './table-errors';
import { fromJson, toJson } from './table-rows';

interface RequestEntity {
  partitionKey: string;
  rowKey: string;
  json: string;
}

/*
 * Keys: partition = 'request', row = the request id (REQ-...). Requests are read one at a time by
 * id (to answer a question, to route it back); a single partition is enough at townhall scale.
 */
const partition = 'request';

export class TableClientRequestStore implements ClientRequestStore {
  constructor(private readonly table: TableClient) {}

  async create(request: ClientRequest): Promise<void> {
    await this.table.createEntity<RequestEntity>({ partitionKey: partition, rowKey: request.id, json: toJson(request)! });
  }

  async get(id: string): Promise<Versioned<ClientRequest> | undefined> {
    const row = await orUndefined(this.table.getEntity<RequestEntity>(partition, id));
    const value = row && fromJson<ClientRequest>(row.json);
    return row && value ? { value, etag: row.etag } : undefined;
  }

  async update(request: ClientRequest, etag: string): Promise<void> {
    try {
      await this.table.updateEntity<RequestEntity>({ partitionKey: partition, rowKey: request.id, json: toJson(request)! }, 'Replace', { etag });
    } catch (err) {
      if (isLostRace(err)) throw new UpgradeDeskError('conflict', 'Someone answered this question just now; look at the current card.', { cause: err });
      throw err;
    }
  }
}
