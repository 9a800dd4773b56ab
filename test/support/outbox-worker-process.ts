/**
 * A bot process's delivery half, run as a child by the crash and two-process tests:
 * `node --import tsx test/support/outbox-worker-process.ts '<json config>'`.
 * It prints one JSON line per event on stdout: {"ready":owner}, {"fired":id,"kind":kind,"owner":owner},
 * its owner being its name in leases, `<instance>#<incarnation>` (a new incarnation at every start,
 * which keeps a heartbeat: SIGTERM stops it cleanly, deleting it; kill -9 leaves it to go stale).
 * With `enqueue`, it enqueues that notice itself first (its deliveries then skip the queue).
 */
import { createDeliveryRuntime } from '../../bot/src/delivery/delivery-runtime';
import { openDeliveryStorage } from '../../bot/src/store/delivery-storage';
import { systemClock } from '../../bot/src/usecases/ports';
import type { NoticeTarget } from '../../bot/src/delivery/outbox';
import { cardMessage, localBotGateway } from '../integration/delivery/harness';

export interface WorkerProcessConfig {
  connectionString: string;
  tablePrefix: string;
  /** Its place in the deployment: a worker started again with the same instance is the same process restarted. */
  instance: string;
  leaseInMs: number;
  repointAfterInMs: number;
  sweepIntervalInMs: number;
  tenantBudgetPerSecond: number;
  maxInFlight?: number;
  fireTimers: boolean;
  /** How often it beats and when a beat is stale (default 5 s and 15 s, as in production). */
  heartbeat?: { beatEveryInMs: number; staleAfterInMs: number };
  enqueue?: { id: string; text: string; targets: NoticeTarget[] };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessConfig;
  const print = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
  const storage = await openDeliveryStorage({ connectionString: config.connectionString, tablePrefix: config.tablePrefix });
  const runtime = createDeliveryRuntime({
    stores: storage,
    gateway: localBotGateway(),
    clock: systemClock,
    instance: config.instance,
    heartbeat: config.heartbeat,
    pacer: { tenantBudgetPerSecond: config.tenantBudgetPerSecond },
    worker: { leaseInMs: config.leaseInMs, maxInFlight: config.maxInFlight, idlePollInMs: 100, backoff: { baseInMs: 100, capInMs: 1_000 } },
    sweeper: { repointAfterInMs: config.repointAfterInMs, intervalInMs: config.sweepIntervalInMs },
    poller: { intervalInMs: 100 },
    onTimer: config.fireTimers
      ? async (timer) => {
          print({ fired: timer.id, kind: timer.kind, owner: runtime.worker.owner });
        }
      : undefined,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  runtime.start();
  if (config.enqueue) {
    const { id, text, targets } = config.enqueue;
    await runtime.outbox.enqueue({ id, kind: 'townhall', clientId: 'vendor', activity: cardMessage(text), targets });
  }
  print({ ready: runtime.worker.owner });
  process.once('SIGTERM', () => {
    void runtime.stop().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
