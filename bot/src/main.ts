import type { Config } from './config';
import { defaultVendorWindowRules } from './domain/window';
import { startServer, type RunningServer } from './server';
import { createTableStores } from './store/table-stores';
import type { Stores } from './usecases/context';
import { systemClock } from './usecases/ports';

export interface RunningApp {
  server: RunningServer;
  stores: Stores;
  stop(): Promise<void>;
}

/** Starts the whole app for a configuration: storage, use cases, HTTP server. */
export async function startApp(config: Readonly<Config>): Promise<RunningApp> {
  const stores = await createTableStores({ connectionString: config.storageConnectionString, tablePrefix: config.tablePrefix });
  const server = await startServer({
    config,
    deps: { stores, clock: systemClock, vendorTenantId: config.vendorTenantId, rules: defaultVendorWindowRules },
    pingStorage: () => stores.ping(),
  });
  return { server, stores, stop: () => server.close() };
}
