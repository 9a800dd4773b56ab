import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { IntranetSettings } from '../domain/intranet';
import type { IntranetSettingsStore } from '../usecases/intranet-ports';
import type { Versioned } from '../usecases/ports';
import { UpgradeDeskError } from '../domain/errors';
import { intranetPartition, newJobRow } from './intranet-job-store';
import { isLostRace, orUndefined } from './table-errors';
import { compact, listRows, tableKey } from './table-rows';

/** Each client's intranet settings: in the jobs' partition of the intranet table, RowKey "~settings~<client id>". */
const partition = intranetPartition;
const rowKeyFrom = '~settings~';
const rowKeyTo = '~settings.';
const rowKeyOf = (clientId: string) => `${rowKeyFrom}${tableKey(clientId)}`;

interface SettingsEntity {
  partitionKey: string;
  rowKey: string;
  clientId: string;
  siteUrl?: string;
  publishing: boolean;
  updatedBy?: string;
  updatedAt?: string;
}

function fromEntity(e: SettingsEntity): IntranetSettings {
  return compact({ clientId: e.clientId, siteUrl: e.siteUrl, publishing: e.publishing === true, updatedBy: e.updatedBy, updatedAt: e.updatedAt });
}

export class TableIntranetSettingsStore implements IntranetSettingsStore {
  constructor(private readonly table: TableClient) {}

  async get(clientId: string): Promise<Versioned<IntranetSettings> | undefined> {
    const row = await orUndefined(this.table.getEntity<SettingsEntity>(partition, rowKeyOf(clientId)));
    return row && { value: fromEntity(row), etag: row.etag };
  }

  async put(settings: IntranetSettings, etag: string | undefined, options: { publishOpenUpgrades?: boolean } = {}): Promise<void> {
    const row = compact({ partitionKey: partition, rowKey: rowKeyOf(settings.clientId), ...settings });
    const write: TransactionAction = etag ? ['update', row, 'Replace', { etag }] : ['create', row];
    // With the backlog asked for in the same transaction: turned on, the client's open upgrades are published, even after a crash.
    const backlog: TransactionAction[] = options.publishOpenUpgrades ? [['upsert', { ...newJobRow({ kind: 'client', id: settings.clientId }, new Date().toISOString()) }, 'Replace']] : [];
    try {
      await this.table.submitTransaction([write, ...backlog]);
    } catch (err) {
      if (!isLostRace(err)) throw err;
      throw new UpgradeDeskError('conflict', 'Someone else changed these SharePoint settings just now; look at them again ("sharepoint") and retry.', { cause: err });
    }
  }

  async list(): Promise<IntranetSettings[]> {
    return (await listRows<SettingsEntity>(this.table, { filter: odata`PartitionKey eq ${partition} and RowKey ge ${rowKeyFrom} and RowKey lt ${rowKeyTo}` })).map(fromEntity);
  }
}
