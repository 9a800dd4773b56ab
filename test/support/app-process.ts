/**
 * The whole bot as a child process, for the crash tests:
 * `node --import tsx test/support/app-process.ts '<json config>'`. It prints {"ready": url} on
 * stdout once it listens. With `crashAt`, it kills itself with SIGKILL (no clean-up, no flush) the
 * moment the named step of applying a change's effects completes for the `nth` time.
 */
import { loadConfig } from '../../bot/src/config';
import { startApp } from '../../bot/src/main';

export interface AppProcessConfig {
  connectionString: string;
  tablePrefix: string;
  vendorTenantId: string;
  /** The app's clock, fixed: the same world in every run. */
  now: string;
  crashAt?: { step: string; nth?: number };
  /** More environment for the app's config (e.g. SharePoint publishing to a stand-in). */
  env?: Record<string, string>;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as AppProcessConfig;
  let seen = 0;
  const trace = config.crashAt
    ? (step: string) => {
        if (step === config.crashAt!.step && ++seen === (config.crashAt!.nth ?? 1)) process.kill(process.pid, 'SIGKILL');
      }
    : undefined;
  const app = await startApp(
    loadConfig({ PORT: '0', STORAGE_CONNECTION_STRING: config.connectionString, TABLE_PREFIX: config.tablePrefix, VENDOR_TENANT_ID: config.vendorTenantId, ...config.env }),
    {
      clock: { now: () => new Date(config.now) },
      log: (line) => process.stderr.write(`${line}\n`),
      trace,
      // Its own relay stays out of the way: what the crash leaves is the next process's to find.
      relay: { intervalInMs: 600_000, graceInMs: 600_000 },
      intranet: { intervalInMs: 600_000 },
      delivery: { worker: { idlePollInMs: 50 }, sweeper: { intervalInMs: 500, repointAfterInMs: 2_000 }, poller: { intervalInMs: 60_000 } },
    },
  );
  process.stdout.write(`${JSON.stringify({ ready: app.server.url })}\n`);
  process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
