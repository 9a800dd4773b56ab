/**
 * One side of the many-tenant fan-out bench, run as its own process like a bot would be, with
 * the Teams stand-in in the parent; test/bench/delivery.ts bundles it and runs `node <bundle> '<json>'`.
 * Prints {"ready":true}, waits for a line on stdin, then does its part and prints
 * {"elapsedInMs":n,"peakRssInMb":n}:
 * - "outbox": enqueues one notice to every target and waits until the worker has sent them all;
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
  shape: { tenants: number; channels: number };
}

const print = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as DeliveryProcessConfig;
  const targets: NoticeTarget[] = [];
  for (let t = 0; t < config.shape.tenants; t++)
    for (let c = 0; c < config.shape.channels; c++) targets.push({ tenantId: tenantId(t), conversationId: channelId(t, c) });
  const run = config.mode === 'outbox' ? await prepareOutbox(config, targets) : () => plainLoop(config.serviceUrl, targets);
  print({ ready: true });
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

async function prepareOutbox(config: DeliveryProcessConfig, targets: NoticeTarget[]): Promise<() => Promise<void>> {
  const storage = await openDeliveryStorage({ connectionString: config.connectionString, tablePrefix: config.tablePrefix });
  const runtime = createDeliveryRuntime({ stores: storage, gateway: localBotGateway(), clock: systemClock, log: (line) => process.stderr.write(`${line}\n`) });
  runtime.start();
  return async () => {
    await runtime.outbox.enqueue({ id: 'townhall:5.0', kind: 'townhall', clientId: 'vendor', activity: cardMessage('5.0'), targets });
    while (runtime.worker.counts.sent + runtime.worker.counts.failed < targets.length) await new Promise((r) => setTimeout(r, 20));
  };
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
