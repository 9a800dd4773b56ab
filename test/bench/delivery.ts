import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startAzurite } from '../../bot/dev/azurite';
import { createDeliveryRuntime } from '../../bot/src/delivery/delivery-runtime';
import { floorInMs, teamsConversationWindows } from '../../bot/src/delivery/rate-windows';
import { openDeliveryStorage } from '../../bot/src/store/delivery-storage';
import { systemClock } from '../../bot/src/usecases/ports';
import { cardMessage, installChannels, localBotGateway } from '../integration/delivery/harness';
import { uniquePrefix } from '../support/azurite';
import { startTeamsStandin, type TeamsStandin } from '../support/teams-standin';
import { round, type Figure } from './figure';

/**
 * Delivery through the outbox (Azurite, its own) to the Teams stand-in with Teams' limits on:
 * one tenant against its 50/s floor, many tenants against a plain loop of the same posts,
 * and a burst into one thread against the floor of the per-conversation limits.
 */
export async function deliveryFigures(): Promise<Figure[]> {
  const azurite = await startAzurite();
  try {
    const one = await fanoutOneTenant(azurite.connectionString);
    const many = await fanoutManyTenants(azurite.connectionString);
    const burst = await threadBurst(azurite.connectionString);
    return [one, ...many, burst];
  } finally {
    await azurite.stop();
  }
}

interface Scenario {
  standin: TeamsStandin;
  /** Runs `enqueue` on a fresh outbox with a running worker; resolves with ms until the stand-in accepted `expected` posts. */
  deliver(enqueue: (outbox: ReturnType<typeof createDeliveryRuntime>['outbox']) => Promise<void>, expected: number): Promise<number>;
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
      collectGarbage(); // the setup's garbage is not the fan-out's memory
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
    return { name: 'fanout_one_tenant', value: seconds, unit: 's', baseline: floor, ratio: round(seconds / floor, 3), target: 'ratio <= 1.05 with no 429 (floor: 1,000 at 50/s)', http429: s.standin.http429 };
  } finally {
    await s.close();
  }
}

async function fanoutManyTenants(connectionString: string): Promise<Figure[]> {
  const s = await scenario(connectionString);
  try {
    const targets = await s.install({ tenants: 200, channels: 25 });
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
    let ms: number;
    try {
      // One townhall announcement to every client's notice channel: one notice, one report.
      const notice = { id: 'townhall:5.0', kind: 'townhall', clientId: 'vendor', activity: cardMessage('5.0'), targets };
      ms = await s.deliver((outbox) => outbox.enqueue(notice).then(() => undefined), targets.length);
    } finally {
      clearInterval(sampler);
    }
    checkOnce(s.standin, targets.length);
    const http429 = s.standin.http429;
    const rate = targets.length / (ms / 1000);
    s.standin.reset();
    const plainRate = await plainLoop(s.standin, targets);
    return [
      { name: 'fanout_many_tenants', value: round(rate, 1), unit: 'sends/s', baseline: round(plainRate, 1), ratio: round(rate / plainRate, 3), target: 'ratio >= 0.5 (5,000 channels, 200 tenants)', http429 },
      { name: 'fanout_many_tenants_peak_rss_mb', value: round(peakRss / 2 ** 20, 1), unit: 'MB', target: '< 250' },
    ];
  } finally {
    await s.close();
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
    return { name: 'thread_burst', value: seconds, unit: 's', baseline: floor, ratio: round(seconds / floor, 3), target: 'ratio <= 1.1 (40 messages, one thread)', http429: s.standin.http429 };
  } finally {
    await s.close();
  }
}

/** The same posts, one after another, with nothing in between: what the machine and the stand-in can do. */
async function plainLoop(standin: TeamsStandin, targets: { tenantId: string; conversationId: string }[]): Promise<number> {
  const started = performance.now();
  for (const t of targets) {
    const body = JSON.stringify({ ...cardMessage('5.0'), conversation: { id: t.conversationId, tenantId: t.tenantId }, channelData: { tenant: { id: t.tenantId } } });
    const res = await fetch(`${standin.url}v3/conversations/${encodeURIComponent(t.conversationId)}/activities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (res.status !== 201) throw new Error(`the plain loop got ${res.status}`);
    await res.arrayBuffer();
  }
  return targets.length / ((performance.now() - started) / 1000);
}

/** A full collection now, without --expose-gc on the command line. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function checkOnce(standin: TeamsStandin, expected: number): void {
  const posts = standin.received();
  const distinct = new Set(posts.map((p) => `${p.conversationId} ${p.activity.attachments?.[0]?.content?.body?.[0]?.text}`));
  if (posts.length !== expected || distinct.size !== expected) throw new Error(`expected ${expected} distinct posts, got ${posts.length} (${distinct.size} distinct)`);
}
