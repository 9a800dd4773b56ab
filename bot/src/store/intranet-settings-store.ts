import { odata, type TableClient } from '@azure/data-tables';
import type { IntranetSettings } from '../domain/intranet';
import type { IntranetSettingsStore } from '../usecases/intranet-ports';
import type { Versioned } from '../usecases/ports';
import { UpgradeDeskError } from '../domain/errors';
import { isLostRace, orUndefined } from './table-errors';
import { compact, listRows, tableKey } from './table-rows';

/** Each client's intranet settings: PartitionKey 'site', RowKey = client id, in the intranet table. */
const partition = 'site';

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
    const row = await orUndefined(this.table.getEntity<SettingsEntity>(partition, tableKey(clientId)));
    return row && { value: fromEntity(row), etag: row.etag };
  }

  async put(settings: IntranetSettings, etag: string | undefined): Promise<void> {
    const row = compact({ partitionKey: partition, rowKey: tableKey(settings.clientId), ...settings });
    try {
      if (etag) await this.table.updateEntity(row, 'Replace', { etag });
      else await this.table.createEntity(row);
    } catch (err) {
      if (!isLostRace(err)) throw err;
      throw new UpgradeDeskError('conflict', 'Someone else changed these SharePoint settings just now; look at them again ("sharepoint") and retry.', { cause: err });
    }
  }

  async list(): Promise<IntranetSettings[]> {
    return (await listRows<SettingsEntity>(this.table, { filter: odata`PartitionKey eq ${partition}` })).map(fromEntity);
  }
}
