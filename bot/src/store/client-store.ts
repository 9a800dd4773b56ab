import { odata, type TableClient } from '@azure/data-tables';
import type { Client, ClientPhase, DecisionPolicy, WindowPolicy } from '../domain/client';
import type { ClientStore } from '../usecases/ports';
import { orUndefined } from './table-errors';
import { compact, listRows, tableKey } from './table-rows';

/**
 * Clients: PartitionKey 'client', RowKey = client id. The vendor has tens of clients, and the
 * app asks for one by id (point read) or for all of them (one single-partition query).
 * Lists and policies are JSON text.
 */
const partition = 'client';

interface ClientEntity {
  partitionKey: string;
  rowKey: string;
  id: string;
  name: string;
  tenantId: string;
  timeZone: string;
  phase: string;
  csaId: string;
  implementationLeadId?: string;
  ownerIds: string;
  windowPolicy: string;
  decisionPolicy: string;
  currentVersion: string;
  blackoutDates: string;
}

function toEntity(client: Client): ClientEntity {
  return compact({
    partitionKey: partition,
    rowKey: tableKey(client.id),
    id: client.id,
    name: client.name,
    tenantId: client.tenantId,
    timeZone: client.timeZone,
    phase: client.phase,
    csaId: client.csaId,
    implementationLeadId: client.implementationLeadId,
    ownerIds: JSON.stringify(client.ownerIds),
    windowPolicy: JSON.stringify(client.windowPolicy),
    decisionPolicy: JSON.stringify(client.decisionPolicy),
    currentVersion: client.currentVersion,
    blackoutDates: JSON.stringify(client.blackoutDates),
  });
}

function fromEntity(e: ClientEntity): Client {
  const client: Client = {
    id: e.id,
    name: e.name,
    tenantId: e.tenantId,
    timeZone: e.timeZone,
    phase: e.phase as ClientPhase,
    csaId: e.csaId,
    ownerIds: JSON.parse(e.ownerIds) as string[],
    windowPolicy: JSON.parse(e.windowPolicy) as WindowPolicy,
    decisionPolicy: JSON.parse(e.decisionPolicy) as DecisionPolicy,
    currentVersion: e.currentVersion,
    blackoutDates: JSON.parse(e.blackoutDates) as string[],
  };
  if (e.implementationLeadId !== undefined) client.implementationLeadId = e.implementationLeadId;
  return client;
}

/** Clients over Azure Tables. Upserts replace the whole row (set up by seeding and admins). */
export class TableClientStore implements ClientStore {
  constructor(private readonly table: TableClient) {}

  async get(id: string): Promise<Client | undefined> {
    const row = await orUndefined(this.table.getEntity<ClientEntity>(partition, tableKey(id)));
    return row && fromEntity(row);
  }

  async list(): Promise<Client[]> {
    const rows = await listRows<ClientEntity>(this.table, { filter: odata`PartitionKey eq ${partition}` });
    return rows.map(fromEntity);
  }

  async upsert(client: Client): Promise<void> {
    await this.table.upsertEntity(toEntity(client), 'Replace');
  }
}
