import { odata, type TableClient } from '@azure/data-tables';
import { UpgradeDeskError } from '../domain/errors';
import type { AutomationKey, AutomationKeyScope, AutomationKeyStore } from '../usecases/ports';
import { withOptimisticRetry } from './optimistic-retry';
import { isAlreadyExists, orUndefined } from './table-errors';
import { compact, listRows, tableKey } from './table-rows';

/**
 * Automation keys: PartitionKey 'key', RowKey = key id. Every API call reads one key by its id
 * (a point read), and `npm run key -- --list` reads them all (one single-partition query). A
 * vendor has tens of keys and deployment scripts call a few times per upgrade, far below one
 * partition's throughput, so one partition costs nothing. A scope-based partition would
 * force every lookup to know the client first. Only the SHA-256 hash of a key is stored.
 */
const partition = 'key';

interface AutomationKeyEntity {
  partitionKey: string;
  rowKey: string;
  keyId: string;
  keyHash: string;
  scopeKind: string;
  clientId?: string;
  label?: string;
  createdAt: string;
  revokedAt?: string;
}

function toEntity(key: AutomationKey): AutomationKeyEntity {
  return compact({
    partitionKey: partition,
    rowKey: tableKey(key.keyId),
    keyId: key.keyId,
    keyHash: key.keyHash,
    scopeKind: key.scope.kind,
    clientId: key.scope.kind === 'client' ? key.scope.clientId : undefined,
    label: key.label,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
  });
}

function fromEntity(e: AutomationKeyEntity): AutomationKey {
  const scope: AutomationKeyScope = e.scopeKind === 'client' ? { kind: 'client', clientId: e.clientId ?? '' } : { kind: 'vendor' };
  const key: AutomationKey = { keyId: e.keyId, keyHash: e.keyHash, scope, createdAt: e.createdAt };
  if (e.label !== undefined) key.label = e.label;
  if (e.revokedAt !== undefined) key.revokedAt = e.revokedAt;
  return key;
}

/** Automation keys over Azure Tables: created once, revoked, never deleted (the record stays). */
export class TableAutomationKeyStore implements AutomationKeyStore {
  constructor(private readonly table: TableClient) {}

  async get(keyId: string): Promise<AutomationKey | undefined> {
    const row = await orUndefined(this.table.getEntity<AutomationKeyEntity>(partition, tableKey(keyId)));
    return row && fromEntity(row);
  }

  async list(): Promise<AutomationKey[]> {
    const rows = await listRows<AutomationKeyEntity>(this.table, { filter: odata`PartitionKey eq ${partition}` });
    return rows.map(fromEntity).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async create(key: AutomationKey): Promise<void> {
    try {
      await this.table.createEntity(toEntity(key));
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      throw new UpgradeDeskError('conflict', `Automation key ${key.keyId} exists already; create another key.`, { cause: err });
    }
  }

  async revoke(keyId: string, at: string): Promise<AutomationKey | undefined> {
    return withOptimisticRetry(
      async () => {
        const row = await orUndefined(this.table.getEntity<AutomationKeyEntity>(partition, tableKey(keyId)));
        if (!row) return undefined;
        const key = fromEntity(row);
        if (key.revokedAt !== undefined) return key;
        await this.table.updateEntity({ partitionKey: partition, rowKey: row.rowKey, revokedAt: at }, 'Merge', { etag: row.etag });
        return { ...key, revokedAt: at };
      },
      { what: `automation key ${keyId}`, maxAttempts: 10 },
    );
  }
}
