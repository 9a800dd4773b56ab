import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startAzurite } from '../../bot/dev/azurite';
import { createDeliveryRuntime } from '../../bot/src/delivery/delivery-runtime';
import type { Outbox } from '../../bot/src/delivery/outbox';
import { floorInMs, teamsConversationWindows } from '../../bot/src/delivery/rate-windows';
import { openDeliveryStorage } from '../../bot/src/store/delivery-storage';
import { systemClock } from '../../bot/src/usecases/ports';
import { cardMessage, installChannels, localBotGateway } from '../integration/delivery/harness';
import { uniquePrefix } from '../support/azurite';
import { startTeamsStandin, type TeamsStandin } from '../support/teams-standin';
import type { DeliveryProcessConfig } from './delivery-process';
import { round, type Figure } from './figure';

/**
 * Delivery through the outbox (Azurite, its own) to the Teams stand-in with Teams' limits on:
 * one tenant against its 50/s floor, many tenants against a plain loop of the same posts,
 * and a burst into one thread against the floor of the per-conversation limits.
 */
export async function deliveryFigures(parts: readonly DeliveryPart[] = deliveryParts): Promise<Figure[]> {
  const azurite = await startAzurite();
  try {
    const figures: Figure[] = [];
    if (parts.includes('one')) figures.push(await fanoutOneTenant(azurite.connectionString));
    if (parts.includes('many')) figures.push(...(await fanoutManyTenants(azurite.connectionString)));
    if (parts.includes('burst')) figures.push(await threadBurst(azurite.connectionString));
    return figures;
  } finally {
    await azurite.stop();
  }
}

/** The parts of the delivery bench: one tenant, many tenants (with the peak memory figures), a thread burst. */
export const deliveryParts = ['one', 'many', 'burst'] as const;
export type DeliveryPart = (typeof deliveryParts)[number];

interface Scenario {
  standin: TeamsStandin;
  /** Runs `enqueue` on a fresh outbox with a running worker; resolves with ms until the stand-in accepted `expected` posts. */
  deliver(enqueue: (outbox: Outbox) => Promise<void>, expected: number): Promise<number>;
  install(shape: { tenants: number; channels: number }): ReturnType<typeof installChannels>;
  close(): Promise<void>;
}

async function scenario(connectionString: string): Promise<Scenario> {
  const storage = await openDeliveryStorage({ connectionString, tablePrefix: uniquePrefix('bench') });
  const standin = await startTeamsStandin({ limits: true });
  const runtime = createDeliveryRuntime({ stores: storage, gateway: localBotGateway(), clock: systemClock, log: (line) => console.error(line) });
  return {
    standin,
    install: (shape) => installChannels(storage.references, standin.url, shape),
    async deliver(enqueue, expected) {
      runtime.start();
      const started = performance.now();
      await enqueue(runtime.outbox);
      while (standin.received().length < expected) await new Promise((r) => setTimeout(r, 20));
      const elapsed = performance.now() - started;
      await runtime.stop();
      return elapsed;
    },
    async close() {
      await runtime.stop();
      await standin.close();
    },
  };
}

async function fanoutOneTenant(connectionString: string): Promise<Figure> {
  const s = await scenario(connectionString);
  try {
    const targets = await s.install({ tenants: 1, channels: 1_000 });
    const ms = await s.deliver((outbox) => outbox.enqueue({ id: 'townhall:one', kind: 'townhall', clientId: 'c', activity: cardMessage('5.0'), targets }).then(() => undefined), targets.length);
    checkOnce(s.standin, targets.length);
    const floor = 20;
    const seconds = round(ms / 1000, 2);
    return { name: 'fanout_one_tenant', value: seconds, unit: 's', baseline: floor, ratio: round(seconds / floor, 3), target: 'ratio <= 1.05 with no 429 (floor: 1,000 at 50/s)', goal: { of: 'ratio', op: '<=', limit: 1.05, no429: true }, http429: s.standin.http429 };
  } finally {
    await s.close();
  }
}

/**
 * The bot's side runs in its own process, as it would beside Teams: the figures are that
 * process's peak memory, for 5,000 channels and for 20,000 (four times the tenants, the same
 * channels each) in the same run, and its rate against a plain loop (a process of its own too)
 * over the same 5,000 channels, against the same stand-in. The rows and references are set up
 * here, untimed. The side runs with the bot's production node flags (its heap limit).
 */
async function fanoutManyTenants(connectionString: string): Promise<Figure[]> {
  const tablePrefix = uniquePrefix('bench');
  const storage = await openDeliveryStorage({ connectionString, tablePrefix });
  const standin = await startTeamsStandin({ limits: true });
  try {
    const small = { tenants: 200, channels: 25 };
    const large = { tenants: 800, channels: 25 };
    const targets = await installChannels(storage.references, standin.url, large);
    const smallCount = small.tenants * small.channels;
    const script = await buildSide();
    const side = (mode: DeliveryProcessConfig['mode'], shape: DeliveryProcessConfig['shape'], noticeId: string) =>
      runSide(script, { mode, connectionString, tablePrefix, serviceUrl: standin.url, shape, noticeId });

    const outbox = await side('outbox', small, 'townhall:5.0');
    checkOnce(standin, smallCount);
    const http429 = standin.http429;
    standin.reset();
    const plain = await side('plain', small, 'townhall:5.0');
    checkOnce(standin, smallCount);
    standin.reset();
    const outboxLarge = await side('outbox', large, 'townhall:6.0');
    checkOnce(standin, targets.length);
    const http429Large = standin.http429;
    standin.reset();

    const rate = smallCount / (outbox.elapsedInMs / 1000);
    const plainRate = smallCount / (plain.elapsedInMs / 1000);
    const largeRate = targets.length / (outboxLarge.elapsedInMs / 1000);
    const growth = outboxLarge.peakRssInMb / outbox.peakRssInMb;
    return [
      { name: 'fanout_many_tenants', value: round(rate, 1), unit: 'sends/s', baseline: round(plainRate, 1), ratio: round(rate / plainRate, 3), target: 'ratio >= 0.5 (5,000 channels, 200 tenants)', goal: { of: 'ratio', op: '>=', limit: 0.5 }, http429 },
      { name: 'fanout_many_tenants_peak_rss_mb', value: round(outbox.peakRssInMb, 1), unit: 'MB', target: '< 250 (the bot process, 5,000 channels)', goal: { of: 'value', op: '<', limit: 250 } },
      { name: 'fanout_20000_channels_peak_rss_mb', value: round(outboxLarge.peakRssInMb, 1), unit: 'MB', target: `informative: 20,000 channels, 800 tenants, at ${round(largeRate, 1)} sends/s`, http429: http429Large },
      { name: 'fanout_rss_growth', value: round(growth, 3), unit: 'x', target: '<= 1.1 (peak RSS, 20,000 channels over 5,000)', goal: { of: 'value', op: '<=', limit: 1.1 } },
    ];
  } finally {
    await standin.close();
  }
}

/**
 * Bundles test/bench/delivery-process.ts as `npm run build` bundles the bot (esbuild, packages
 * external), so the side runs as plain JavaScript: under tsx a process carries ~50 MB more
 * (its loader thread and transforms) than the bot would in production.
 */
async function buildSide(): Promise<string> {
  const outfile = fileURLToPath(new URL('../../dist/bench/delivery-process.mjs', import.meta.url));
  await build({
    entryPoints: [fileURLToPath(new URL('./delivery-process.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * The node flags App Service starts the bot with (infra/main.bicep's appCommandLine, e.g. its
 * old-space cap, which decides how far V8 lets the heap grow): the side runs as the bot would.
 */
function productionNodeFlags(): string[] {
  const bicep = readFileSync(fileURLToPath(new URL('../../infra/main.bicep', import.meta.url)), 'utf8');
  const command = /appCommandLine:\s*'node\s+(.*?)\s*bot\/index\.js'/.exec(bicep);
  if (!command) throw new Error("infra/main.bicep has no appCommandLine of the form 'node [flags] bot/index.js'");
  return command[1]!.split(/\s+/).filter(Boolean);
}

/** Runs the bundled side: starts it, lets it go once it is ready, and reads its result. */
async function runSide(script: string, config: DeliveryProcessConfig): Promise<{ elapsedInMs: number; peakRssInMb: number }> {
  const child = spawn(process.execPath, [...productionNodeFlags(), script, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const lines = createInterface({ input: child.stdout! });
    for await (const line of lines) {
      const event = JSON.parse(line) as { ready?: boolean; elapsedInMs?: number; peakRssInMb?: number };
      if (event.ready) child.stdin!.write('go\n');
      else if (event.elapsedInMs !== undefined) return { elapsedInMs: event.elapsedInMs, peakRssInMb: event.peakRssInMb ?? NaN };
    }
    throw new Error(`the ${config.mode} side exited with ${await exited} before it said how it went`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  }
}

async function threadBurst(connectionString: string): Promise<Figure> {
  const s = await scenario(connectionString);
  try {
    const [channel] = await s.install({ tenants: 1, channels: 1 });
    const thread = { tenantId: channel!.tenantId, conversationId: `${channel!.conversationId};messageid=1700000000000` };
    const ms = await s.deliver(async (outbox) => {
      for (let i = 0; i < 40; i++) await outbox.enqueue({ id: `chg:step-${String(i).padStart(2, '0')}`, kind: 'communication', clientId: 'c', activity: cardMessage(`step ${i}`), targets: [thread] });
    }, 40);
    checkOnce(s.standin, 40);
    const floor = floorInMs(40, teamsConversationWindows) / 1000;
    const seconds = round(ms / 1000, 2);
    return { name: 'thread_burst', value: seconds, unit: 's', baseline: floor, ratio: round(seconds / floor, 3), target: 'ratio <= 1.1 (40 messages, one thread)', goal: { of: 'ratio', op: '<=', limit: 1.1 }, http429: s.standin.http429 };
  } finally {
    await s.close();
  }
}

/** Every post went to a different conversation, or carried a different message: nothing twice. */
function checkOnce(standin: TeamsStandin, expected: number): void {
  const posts = standin.received();
  const distinct = new Set(posts.map((p) => `${p.conversationId} ${p.activity.attachments?.[0]?.content?.body?.[0]?.text ?? ''}`));
  if (posts.length !== expected || distinct.size !== expected) throw new Error(`expected ${expected} distinct posts, got ${posts.length} (${distinct.size} distinct)`);
}
