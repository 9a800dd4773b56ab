import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { Stores } from '../usecases/context';
import { TableAcknowledgementStore } from './acknowledgement-store';
import { TableAutomationKeyStore } from './automation-key-store';
import { TableCapacityStore } from './capacity-store';
import { ChangeIdCounter } from './change-id-counter';
import { TableClientRequestStore } from './client-request-store';
import { TableClientStore } from './client-store';
import { TableEffectsLedger } from './effects-ledger';
import { TableReleaseStore } from './release-store';
import { TableScheduleIndex } from './schedule-index';
import { TableStaffStore } from './staff-store';
import { TableIntranetJobs } from './intranet-job-store';
import { TableIntranetSettingsStore } from './intranet-settings-store';
import { isAlreadyExists, isNotFound } from './table-errors';
import { TableUpgradeStore } from './upgrade-store';

export interface CreateTableStoresOptions {
  /** An Azure Storage connection string, or Azurite's (http, or UseDevelopmentStorage=true). */
  connectionString: string;
  /** Put before every table name, so several apps or test suites share one account. */
  tablePrefix?: string;
}

/** The app's stores over Azure Tables, and a health probe. */
export interface TableStores extends Stores {
  /** The pending-effects rows written with upgrades and releases. */
  effects: TableEffectsLedger;
  /** Publications to make on the intranets (SharePoint), and each client's intranet settings. */
  intranetJobs: TableIntranetJobs;
  intranetSettings: TableIntranetSettingsStore;
  /** One cheap read; rejects when storage does not answer (GET /api/health). */
  ping(): Promise<void>;
}

const tableNames = ['clients', 'staff', 'releases', 'upgrades', 'counters', 'capacity', 'automationkeys', 'acknowledgements', 'requests', 'schedule', 'intranet'] as const;
type TableName = (typeof tableNames)[number];

const pingTimeoutInMs = 5_000;

/** Connects to the account, creates the tables the app uses if missing, and returns its stores. */
export async function createTableStores(options: CreateTableStoresOptions): Promise<TableStores> {
  const prefix = options.tablePrefix ?? '';
  if (!/^([A-Za-z][A-Za-z0-9]*)?$/.test(prefix))
    throw new Error(`Table prefix "${prefix}" must start with a letter and hold only letters and digits.`);
  const endpoint = TableServiceClient.fromConnectionString(options.connectionString).url;
  const clientOptions: TableServiceClientOptions = { allowInsecureConnection: new URL(endpoint).protocol === 'http:' };
  const open = (name: TableName, extra: TableServiceClientOptions = {}) =>
    TableClient.fromConnectionString(options.connectionString, `${prefix}${name}`, { ...clientOptions, ...extra });

  const tables = Object.fromEntries(tableNames.map((name) => [name, open(name)])) as Record<TableName, TableClient>;
  await Promise.all(Object.values(tables).map(createIfMissing));
  // The health check must answer quickly: no retries when storage is down.
  const pingTable = open('clients', { retryOptions: { maxRetries: 0 } });

  return {
    clients: new TableClientStore(tables.clients),
    staff: new TableStaffStore(tables.staff),
    releases: new TableReleaseStore(tables.releases),
    upgrades: new TableUpgradeStore(tables.upgrades, new ChangeIdCounter(tables.counters)),
    capacity: new TableCapacityStore(tables.capacity),
    keys: new TableAutomationKeyStore(tables.automationkeys),
    acknowledgements: new TableAcknowledgementStore(tables.acknowledgements),
    requests: new TableClientRequestStore(tables.requests),
    schedule: new TableScheduleIndex(tables.schedule, tables.upgrades),
    effects: new TableEffectsLedger({ upgrades: tables.upgrades, releases: tables.releases }),
    intranetJobs: new TableIntranetJobs(tables.intranet),
    intranetSettings: new TableIntranetSettingsStore(tables.intranet),
    ping: async () => {
      try {
        await pingTable.getEntity('ping', 'ping', { abortSignal: AbortSignal.timeout(pingTimeoutInMs) });
      } catch (err) {
        if (!isNotFound(err)) throw err; // a 404 is storage answering
      }
    },
  };
}

async function createIfMissing(table: TableClient): Promise<void> {
  try {
    await table.createTable();
  } catch (err) {
    if (!isAlreadyExists(err)) throw err; // TableAlreadyExists: another process made it first
  }
}
