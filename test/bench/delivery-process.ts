/**
 * One side of the many-tenant fan-out bench, run as its own process like a bot would be, with
 * the Teams stand-in in the parent; test/bench/delivery.ts bundles it and runs `node <bundle> '<json>'`.
 * Prints {"ready":true,"rssInMb":n}, waits for a line on stdin, then does its part and prints
 * {"elapsedInMs":n,"peakRssInMb":n} (the peak sampled every 50 ms while it worked):
 * - "outbox": enqueues one notice (`noticeId`) to every target and waits until the worker has sent them all;
 * - "plain": posts the same message to every target, one after another, with fetch.
 */
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createDeliveryRuntime } from '../../bot/src/delivery/delivery-runtime';
import type { NoticeTarget } from '../../bot/src/delivery/outbox';
import { openDeliveryStorage } from '../../bot/src/store/delivery-storage';
import { systemClock } from '../../bot/src/usecases/ports';
import { cardMessage, channelId, localBotGateway, tenantId } from '../integration/delivery/harness';

export interface DeliveryProcessConfig {
  mode: 'outbox' | 'plain';
  connectionString: string;
  tablePrefix: string;
  serviceUrl: string;
  /** The channels of installChannels (test/integration/delivery/harness.ts): too many to pass as an argument. */
  shape: { tenants: number; channels: number; firstTenant?: number };
  /** The notice the outbox side enqueues (one per run: a notice enqueued again adds nothing). */
  noticeId: string;
}

const print = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as DeliveryProcessConfig;
  const run = config.mode === 'outbox' ? await prepareOutbox(config) : preparePlainLoop(config);
  print({ ready: true, rssInMb: process.memoryUsage.rss() / 2 ** 20 });
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const started = performance.now();
  await run();
  const elapsedInMs = performance.now() - started;
  clearInterval(sampler);
  print({ elapsedInMs, peakRssInMb: Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20 });
  process.exit(0);
}

/** The channels of installChannels as targets, built as the bot's callers build them (one tenant id string per tenant). */
function targetsOf(shape: DeliveryProcessConfig['shape']): NoticeTarget[] {
  const targets: NoticeTarget[] = [];
  const first = shape.firstTenant ?? 0;
  for (let t = first; t < first + shape.tenants; t++) {
    const tenant = tenantId(t);
    for (let c = 0; c < shape.channels; c++) targets.push({ tenantId: tenant, conversationId: channelId(t, c) });
  }
  return targets;
}

async function prepareOutbox(config: DeliveryProcessConfig): Promise<() => Promise<void>> {
  const storage = await openDeliveryStorage({ connectionString: config.connectionString, tablePrefix: config.tablePrefix });
  const runtime = createDeliveryRuntime({ stores: storage, gateway: localBotGateway(), clock: systemClock, log: (line) => process.stderr.write(`${line}\n`) });
  runtime.start();
  let targets: NoticeTarget[] | undefined = targetsOf(config.shape);
  const count = targets.length;
  // The targets are handed over as the bot's callers hand them (the release's townhall) and not
  // kept here once enqueued: what stays in memory afterwards is the outbox's own.
  const enqueue = async () => {
    const handed = targets!;
    targets = undefined;
    await runtime.outbox.enqueue({ id: config.noticeId, kind: 'townhall', clientId: 'vendor', activity: cardMessage('5.0'), targets: handed });
  };
  return async () => {
    await enqueue();
    while (runtime.worker.counts.sent + runtime.worker.counts.failed < count) await new Promise((r) => setTimeout(r, 20));
  };
}

function preparePlainLoop(config: DeliveryProcessConfig): () => Promise<void> {
  const targets = targetsOf(config.shape);
  return () => plainLoop(config.serviceUrl, targets);
}

async function plainLoop(serviceUrl: string, targets: NoticeTarget[]): Promise<void> {
  for (const t of targets) {
    const body = JSON.stringify({ ...cardMessage('5.0'), conversation: { id: t.conversationId, tenantId: t.tenantId }, channelData: { tenant: { id: t.tenantId } } });
    const url = `${serviceUrl}v3/conversations/${encodeURIComponent(t.conversationId)}/activities`;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (res.status !== 201) throw new Error(`the plain loop got ${res.status}`);
    await res.arrayBuffer();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
