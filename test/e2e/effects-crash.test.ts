import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TableClient } from '@azure/data-tables';
import { demoOwners, demoStaff, demoTenants } from '../../bot/dev/demo-data';
import { seedDemoData } from '../../bot/dev/seed';
import { issueAutomationKey } from '../../bot/src/api/automation-keys';
import { loadConfig } from '../../bot/src/config';
import { startApp, type RunningApp } from '../../bot/src/main';
import { openDeliveryStorage, type DeliveryStorage } from '../../bot/src/store/delivery-storage';
import { createTableStores, type TableStores } from '../../bot/src/store/table-stores';
import type { AppProcessConfig } from '../support/app-process';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { CardClicker, type TeamsUser } from '../support/card-click';
import { startTeamsStandin, type TeamsStandin } from '../support/teams-standin';
import { startSharePointStandin, type SharePointStandin } from '../../bot/dev/sharepoint-standin';

/** One SharePoint for every world; each world publishes to sites of its own (`/sites/<prefix>-<client>`). */
let sharepoint: SharePointStandin;
const sitesOf = (world: { prefix: string }) => `/sites/${world.prefix}-`;
const sharePointEnv = (world: { prefix: string }) => ({ SHAREPOINT_DEV: 'true', SHAREPOINT_RELEASE_NOTES_SITE: sharepoint.siteUrl(`${sitesOf(world)}releases`) });

const now = '2026-11-25T10:00:00.000Z';
const script = fileURLToPath(new URL('../support/app-process.ts', import.meta.url));
const patti: TeamsUser = { tenantId: demoTenants.contoso, aadObjectId: demoOwners.contoso[0]!.aadObjectId, name: 'Patti Fernandez' };
const isaiah: TeamsUser = { tenantId: demoTenants.fabrikam, aadObjectId: demoOwners.fabrikam[0]!.aadObjectId, name: 'Isaiah Langer' };

/** One demo world in its own tables, with the bot installed in every client's team and every person's chat. */
interface World {
  prefix: string;
  connectionString: string;
  stores: TableStores;
  delivery: DeliveryStorage;
  teams: TeamsStandin;
  vendorKey: string;
}

async function openWorld(): Promise<World> {
  const { connectionString } = await sharedAzurite();
  const prefix = uniquePrefix('crash');
  const [stores, delivery, teams] = await Promise.all([createTableStores({ connectionString, tablePrefix: prefix }), openDeliveryStorage({ connectionString, tablePrefix: prefix }), startTeamsStandin()]);
  await seedDemoData(stores, new Date(now));
  const reference = { serviceUrl: teams.url, channelId: 'msteams', botId: '28:bot', botName: 'Upgrade Desk' };
  for (const client of await stores.clients.list()) {
    await delivery.references.upsert({ ...reference, tenantId: client.tenantId, conversationId: `team-${client.id}`, kind: 'channel', teamId: `team-${client.id}`, isGeneral: true });
    await delivery.references.setTenantClient(client.tenantId, client.id);
    for (const owner of client.ownerIds)
      await delivery.references.upsert({ ...reference, tenantId: client.tenantId, conversationId: `a:${owner}`, kind: 'personal', isGeneral: false, userAadObjectId: owner, userId: `29:${owner}` });
  }
  for (const staff of demoStaff)
    await delivery.references.upsert({ ...reference, tenantId: demoTenants.vendor, conversationId: `a:${staff.aadObjectId}`, kind: 'personal', isGeneral: false, userAadObjectId: staff.aadObjectId });
  const vendorKey = (await issueAutomationKey(stores.keys, { scope: { kind: 'vendor' }, now: new Date(now) })).key;
  for (const client of await stores.clients.list())
    await stores.intranetSettings.put({ clientId: client.id, publishing: true, siteUrl: sharepoint.siteUrl(`${sitesOf({ prefix })}${client.id}`) }, undefined);
  return { prefix, connectionString, stores, delivery, teams, vendorKey };
}

/** The app in this process, on the world's tables, with a quick relay. */
function appFor(world: World): Promise<RunningApp> {
  return startApp(loadConfig({ PORT: '0', STORAGE_CONNECTION_STRING: world.connectionString, TABLE_PREFIX: world.prefix, VENDOR_TENANT_ID: demoTenants.vendor, ...sharePointEnv(world) }), {
    intranet: { intervalInMs: 100 },
    clock: { now: () => new Date(now) },
    log: () => undefined,
    relay: { graceInMs: 0, intervalInMs: 100 },
    delivery: { worker: { idlePollInMs: 50 }, sweeper: { intervalInMs: 300, repointAfterInMs: 1_000 }, poller: { intervalInMs: 60_000 } },
  });
}

/** The app as a child process that SIGKILLs itself when `step` completes; resolves once it listens. */
async function childApp(world: World, step: string): Promise<{ url: string; dead: Promise<NodeJS.Signals | null> }> {
  const config: AppProcessConfig = { connectionString: world.connectionString, tablePrefix: world.prefix, vendorTenantId: demoTenants.vendor, now, crashAt: { step }, env: sharePointEnv(world) };
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const dead = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const ready = /\{"ready":"([^"]+)"\}/.exec(buffered);
      if (ready) resolve(ready[1]!);
    });
    child.once('exit', () => reject(new Error(`the app process exited before it was ready:\n${stderr}`)));
  });
  return { url, dead };
}

interface Scenario {
  name: string;
  /** Notice ids and timer ids of what the change is about start with this. */
  subject: string;
  /** Brings the world to where the change starts (through the app in this process). */
  prepare?(world: World, app: RunningApp): Promise<void>;
  /** Makes the change against the app at `url` (it may die before it answers). */
  act(world: World, url: string): Promise<void>;
  steps: string[];
}

const upgradeSteps = ['effects:recorded', 'effects:capacity', 'effects:timers', 'effects:projected', 'effects:intranet', 'effects:announced'];

async function postJson(url: string, key: string, body: unknown): Promise<void> {
  await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => undefined);
}

async function click(world: World, url: string, data: Record<string, unknown>, as: TeamsUser): Promise<void> {
  const clicker = new CardClicker(url, world.teams.url);
  try {
    await clicker.answer(data, as, { conversationId: `a:${as.aadObjectId}`, conversationType: 'personal' }).catch(() => undefined);
  } finally {
    clicker.close();
  }
}

async function startContosoUpgrade(world: World): Promise<void> {
  const upgrade = (await world.stores.upgrades.get('CHG-2026-0001'))!;
  await world.stores.upgrades.update({ ...upgrade.value, state: 'in_progress', lastCommunication: 'instance_start' }, upgrade.etag, []);
}

const scenarios: Scenario[] = [
  {
    name: 'a release publication',
    subject: 'townhall:',
    act: (world, url) => postJson(`${url}/api/releases`, world.vendorKey, { version: '5.2', kind: 'minor', availableOn: '2027-05-03', highlights: ['Records retention labels'] }),
    steps: ['effects:recorded', 'effects:townhall'],
  },
  {
    name: 'a booking',
    subject: 'CHG-2026-0002',
    act: async (world, url) => {
      const proposed = (await world.stores.upgrades.get('CHG-2026-0002'))!.value.proposedWindows[0]!;
      await click(world, url, { verb: 'proposal.accept', upgradeId: 'CHG-2026-0002', startsAt: proposed.startsAt }, isaiah);
    },
    steps: upgradeSteps,
  },
  {
    name: 'an overrun',
    subject: 'CHG-2026-0001',
    prepare: startContosoUpgrade,
    act: (world, url) => postJson(`${url}/api/upgrades/CHG-2026-0001/events`, world.vendorKey, { event: 'overrun', reason: 'Search index rebuild is slow', newEta: '2026-12-05T02:00:00Z' }),
    steps: upgradeSteps,
  },
  {
    name: 'a No-Go',
    subject: 'CHG-2026-0001',
    prepare: async (world, app) => {
      await startContosoUpgrade(world);
      await postJson(`${app.server.url}/api/upgrades/CHG-2026-0001/events`, world.vendorKey, { event: 'overrun', reason: 'Search index rebuild is slow', newEta: '2026-12-05T02:00:00Z' });
    },
    act: async (world, url) => {
      const decision = (await world.stores.upgrades.get('CHG-2026-0001'))!.value.decision!;
      await click(world, url, { verb: 'decision.vote', upgradeId: 'CHG-2026-0001', decisionId: decision.id, vote: 'no_go' }, patti);
    },
    steps: upgradeSteps,
  },
];

/** What exists for the subject: its notices (kind and how many conversations), its armed timers, and what the world's SharePoint sites hold. */
async function whatExists(world: World, subject: string): Promise<{ notices: string[]; timers: string[]; intranet: string[] }> {
  const table = TableClient.fromConnectionString(world.connectionString, `${world.prefix}outboxnotices`, { allowInsecureConnection: true });
  const notices: string[] = [];
  for await (const row of table.listEntities<{ noticeId: string; kind: string; targetCount: number }>({ queryOptions: { select: ['noticeId', 'kind', 'targetCount'] } }))
    if (row.noticeId.startsWith(subject)) notices.push(`${row.kind} x${row.targetCount}`);
  const timers = (await world.delivery.timers.list({ state: 'scheduled' })).map((t) => t.id).filter((id) => id.startsWith(subject));
  const intranet: string[] = [];
  for (const site of sharepoint.state.sites.values()) {
    if (!site.path.startsWith(sitesOf(world))) continue;
    const where = site.path.slice(sitesOf(world).length); // the client (or "releases"), the same in every world
    for (const list of site.lists) for (const item of list.items) if (item.values.ChangeId) intranet.push(`${where} ${item.values.ChangeId}: ${String(item.values.State)}`);
    for (const page of site.pages) if (page.named) intranet.push(`${where} ${page.FileName}`);
  }
  return { notices: notices.sort(), timers: timers.sort(), intranet: intranet.sort() };
}

/** Every recorded effect applied (and, unless told otherwise, the subject's notices queued). */
async function settled(world: World, subject: string, options: { announced?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const pending = await world.stores.effects.listPending({ recordedBefore: new Date(Date.now() + 60_000), limit: 1 });
    const published = (await world.stores.intranetJobs.list()).length === 0;
    const done = pending.length === 0 && published && (options.announced === false || (await whatExists(world, subject)).notices.length > 0);
    if (done) {
      // Give the outbox a moment to take what the relay queued.
      await new Promise((r) => setTimeout(r, 300));
      return;
    }
    if (Date.now() > deadline) throw new Error(`effects still pending for ${subject}: ${JSON.stringify(pending)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a crash (SIGKILL) between a change and its last effect loses nothing and repeats nothing', function () {
  this.timeout(120_000);
  const worlds: World[] = [];
  before(async () => {
    sharepoint = await startSharePointStandin();
  });
  after(async () => {
    await Promise.all(worlds.map((w) => w.teams.close()));
    await sharepoint?.close();
  });

  for (const scenario of scenarios) {
    describe(scenario.name, () => {
      let expected: Awaited<ReturnType<typeof whatExists>>;

      before(async () => {
        const world = await openWorld();
        worlds.push(world);
        const app = await appFor(world);
        try {
          await scenario.prepare?.(world, app);
          await scenario.act(world, app.server.url);
          await settled(world, scenario.subject);
          expected = await whatExists(world, scenario.subject);
        } finally {
          await app.stop();
        }
        assert.ok(expected.notices.length > 0, 'the change announces something');
        assert.ok(expected.intranet.length > 0, 'the change publishes something on SharePoint');
      });

      for (const step of scenario.steps) {
        it(`killed after ${step}: after a restart every notice, timer and SharePoint publication exists exactly once`, async () => {
          const world = await openWorld();
          worlds.push(world);
          if (scenario.prepare) {
            const before = await appFor(world);
            try {
              await scenario.prepare(world, before);
              await settled(world, scenario.subject, { announced: false });
            } finally {
              await before.stop();
            }
          }
          const child = await childApp(world, step);
          await scenario.act(world, child.url);
          assert.equal(await child.dead, 'SIGKILL', `the app died at ${step}`);
          assert.ok((await world.stores.effects.listPending({ recordedBefore: new Date(Date.now() + 60_000), limit: 10 })).length > 0, 'the crash left effects recorded');

          const restarted = await appFor(world);
          try {
            await settled(world, scenario.subject);
            assert.deepEqual(await whatExists(world, scenario.subject), expected);
          } finally {
            await restarted.stop();
          }
        });
      }
    });
  }
});
