import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { odata, TableClient } from '@azure/data-tables';
import type { Browser } from 'playwright-core';
import { demoStaff, demoTenants } from '../../bot/dev/demo-data';
import { defaultDecisionPolicy, defaultWindowPolicy, type Client } from '../../bot/src/domain/client';
import type { Upgrade, UpgradeState } from '../../bot/src/domain/upgrade';
import { loadConfig } from '../../bot/src/config';
import { startApp, type RunningApp } from '../../bot/src/main';
import { scheduleVersion, TableScheduleIndex, type VersionedUpgrade } from '../../bot/src/store/schedule-index';
import { createTableStores } from '../../bot/src/store/table-stores';
import { buildTab } from '../../tabs/build.mjs';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { launchChromium, loopbackPage } from '../support/browser';
import { alternately, percentile, round, type Figure } from './figure';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** The year the API's 10,000 upgrades are spread over (UTC), as in schedule.ts. */
const firstMonth = Date.UTC(2027, 0, 1);
const months = 12;
const version = scheduleVersion(1, '2026-11-25T10:00:00.0000000Z');
/** Where the tab keeps the dev sign-in (tabs/src/session.ts). */
const sessionKey = 'upgrade-desk.dev-session';

const clientId = (i: number) => `client${String(i).padStart(3, '0')}`;
const timeZones = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Europe/Berlin'];

function benchClients(count: number): Client[] {
  return Array.from({ length: count }, (_, i) => ({
    id: clientId(i),
    name: `Client ${String(i).padStart(3, '0')}`,
    tenantId: `cccccccc-0000-0000-0000-${String(i).padStart(12, '0')}`,
    timeZone: timeZones[i % timeZones.length]!,
    phase: 'bau',
    csaId: demoStaff[0]!.aadObjectId,
    ownerIds: [],
    windowPolicy: { ...defaultWindowPolicy },
    decisionPolicy: { ...defaultDecisionPolicy },
    currentVersion: '5.0',
    blackoutDates: [],
  }));
}

/**
 * 10,000 upgrades of 200 clients over 2027, as schedule.ts spreads them, except that no request is
 * left without a date (the API adds open undated requests to every range; here the answer holds
 * exactly the month's rows, so it can be checked against the raw query).
 */
function yearOfUpgrades(count: number, clients: number): VersionedUpgrade[] {
  const at = '2026-11-25T10:00:00.000Z';
  const out: VersionedUpgrade[] = [];
  for (let i = 0; i < count; i++) {
    const day = (i * 7_919) % (months * 30);
    const start = firstMonth + day * dayMs + 18 * hourMs + (i % 4) * hourMs;
    const window = { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 6 * hourMs).toISOString() };
    const kind = i % 50;
    const state: UpgradeState = kind < 6 ? 'proposed' : kind < 8 ? 'cancelled' : kind < 30 ? 'completed' : 'booked';
    const upgrade: Upgrade = {
      id: `CHG-2027-${String(i + 1).padStart(5, '0')}`, clientId: clientId(i % clients), fromVersion: '5.0', toVersion: '5.1',
      mode: i % 10 === 0 ? 'self_service' : 'managed', state,
      proposedWindows: state === 'proposed' ? [window, { startsAt: new Date(start + 3 * dayMs).toISOString(), endsAt: new Date(start + 3 * dayMs + 6 * hourMs).toISOString() }] : [],
      ...(state === 'proposed' ? {} : { window }),
      prerequisitesDone: [], createdAt: at, updatedAt: at,
    };
    out.push({ upgrade, version });
  }
  return out;
}

/** `count` booked upgrades in the current UTC month (the month the tab opens on), spread over its days. */
function currentMonthUpgrades(count: number, clients: number, now = new Date()): VersionedUpgrade[] {
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const days = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0)).getUTCDate();
  const at = new Date(first).toISOString();
  const year = now.getUTCFullYear();
  return Array.from({ length: count }, (_, i) => {
    // 10:00..16:00 UTC: on the same day in the viewer's (the machine's) zone for most zones.
    const start = first + (i % days) * dayMs + 10 * hourMs + (i % 4) * hourMs;
    const upgrade: Upgrade = {
      id: `CHG-${year}-${String(90_000 + i).padStart(5, '0')}`, clientId: clientId(i % clients), fromVersion: '5.0', toVersion: '5.1',
      mode: 'managed', state: 'booked', proposedWindows: [],
      window: { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * hourMs).toISOString() },
      prerequisitesDone: [], createdAt: at, updatedAt: at,
    };
    return { upgrade, version };
  });
}

export interface World {
  app: RunningApp;
  url: string;
  token: { token: string; expiresAt: string };
  table: TableClient;
  count: number;
  clients: number;
  tabUpgrades: number;
}

/**
 * The real app (startApp) over tables seeded through the schedule index (`rebuildFrom`, the path
 * `rebuild` takes): 10,000 upgrades of 200 clients over 2027 and `tabUpgrades` booked ones in the
 * current month; the 200 clients and the demo staff in their stores; a dev sign-in token of the CSA.
 */
export async function startWorld(count = 10_000, clients = 200, tabUpgrades = 300): Promise<World> {
  const azurite = await sharedAzurite();
  const tablePrefix = uniquePrefix('btab');
  const stores = await createTableStores({ connectionString: azurite.connectionString, tablePrefix });
  if (!(stores.schedule instanceof TableScheduleIndex)) throw new Error('the bench needs the Table schedule index');
  const seeded = await stores.schedule.rebuildFrom([...yearOfUpgrades(count, clients), ...currentMonthUpgrades(tabUpgrades, clients)]);
  if (seeded.written !== 2 * (count + tabUpgrades)) throw new Error(`seeded ${seeded.written} index rows, expected ${2 * (count + tabUpgrades)}`);
  const all = benchClients(clients);
  for (let i = 0; i < all.length; i += 20) await Promise.all(all.slice(i, i + 20).map((c) => stores.clients.upsert(c)));
  await Promise.all(demoStaff.map((s) => stores.staff.upsert(s)));

  const config = loadConfig({ PORT: '0', STORAGE_CONNECTION_STRING: azurite.connectionString, TABLE_PREFIX: tablePrefix, VENDOR_TENANT_ID: demoTenants.vendor });
  const app = await startApp(config, { log: () => undefined });
  const url = app.server.url;
  // The token as the tab's dev sign-in gets it.
  const res = await fetch(`${url}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'csa' }) });
  if (res.status !== 200) throw new Error(`POST /api/dev/token answered ${res.status}: ${await res.text()}`);
  const token = (await res.json()) as { token: string; expiresAt: string };
  const table = TableClient.fromConnectionString(azurite.connectionString, `${tablePrefix}schedule`, { allowInsecureConnection: true });
  return { app, url, token, table, count, clients, tabUpgrades };
}

/**
 * `GET /api/schedule?from&to` for June 2027 over HTTP, as the tab asks it (the CSA's bearer
 * token), against one raw range query of the same rows (the month's partition, the same RowKey
 * range, every row read), measured in the same run, alternately.
 */
export async function scheduleApiFigures(world: World, runs = 100): Promise<Figure[]> {
  const { url, token, table } = world;
  const from = new Date(Date.UTC(2027, 5, 1)).toISOString();
  const to = new Date(Date.UTC(2027, 6, 1)).toISOString();
  const rawQuery = async () => {
    let n = 0;
    const filter = odata`PartitionKey eq ${'month-2027-06'} and RowKey ge ${from} and RowKey lt ${to}`;
    for await (const row of table.listEntities({ queryOptions: { filter } })) if (row) n++;
    return n;
  };
  const apiQuery = async () => {
    const res = await fetch(`${url}/api/schedule?from=2027-06-01&to=2027-06-30`, { headers: { authorization: `Bearer ${token.token}` } });
    if (res.status !== 200) throw new Error(`GET /api/schedule answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { upgrades: unknown[] }).upgrades.length;
  };

  const rows = await rawQuery();
  const answered = await apiQuery();
  if (answered !== rows || rows === 0) throw new Error(`GET /api/schedule answered ${answered} upgrades of June 2027, the raw query read ${rows}`);
  const { measured: api, baseline: raw } = await alternately(runs, apiQuery, rawQuery);
  const value = round(percentile(api, 95));
  const baseline = round(percentile(raw, 95));
  return [
    {
      name: 'schedule_api_p95', value, unit: 'ms', baseline, ratio: round(value / baseline, 2),
      target: `ratio <= 3 (GET /api/schedule for one month over HTTP, ${rows} of ${world.count} upgrades of ${world.clients} clients, vs one raw range query of the same rows)`,
      goal: { of: 'ratio', op: '<=', limit: 3 },
    },
  ];
}

/**
 * The production tab in headless Chromium, signed in as the CSA (the dev session put in
 * sessionStorage before the page's scripts run), on its opening month view with `tabUpgrades`
 * upgrades: the time from navigation until the calendar shows its events, the median of several
 * navigations (each a fresh browser context: nothing cached), and the JavaScript fetched until
 * then, gzipped.
 */
export async function tabRenderFigures(world: World, browser: Browser, runs = 7): Promise<Figure[]> {
  const session = JSON.stringify({ role: 'csa', token: world.token.token, expiresAt: world.token.expiresAt });
  const renders: number[] = [];
  let events = 0;
  let jsBodies: Buffer[] = [];
  for (let i = 0; i <= runs; i++) {
    const page = await loopbackPage(browser);
    try {
      await page.addInitScript(([key, value]) => sessionStorage.setItem(key!, value!), [sessionKey, session]);
      const js: Promise<Buffer>[] = [];
      let rendered = false;
      page.on('response', (response) => {
        const type = response.headers()['content-type'] ?? '';
        if (i === 1 && !rendered && (/javascript/.test(type) || new URL(response.url()).pathname.endsWith('.js'))) js.push(response.body());
      });
      await page.goto(`${world.url}/tab`, { waitUntil: 'commit' });
      // "Rendered": the month view shows its events, i.e. FullCalendar's event elements are in
      // the calendar (.ud-calendar). FullCalendar 7 gives its own elements hashed class names (no
      // .fc-event), so they are found by the class ScheduleCalendar gives every event (.ud-event).
      // The value is the page's performance.now() at that moment: ms since the navigation started.
      const at = await page.waitForFunction(
        () => (document.querySelectorAll('.ud-calendar .ud-event').length > 0 ? performance.now() : 0),
        undefined,
        { timeout: 30_000, polling: 'raf' },
      );
      rendered = true;
      const ms = (await at.jsonValue()) as number;
      const shown = await page.locator('.ud-calendar .ud-event').count();
      if (i === 0) continue; // warm-up: the server's first answers
      renders.push(ms);
      events = shown;
      if (i === 1) jsBodies = await Promise.all(js);
    } finally {
      await page.close();
    }
  }
  const kb = jsBodies.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0) / 1024;
  return [
    {
      name: 'tab_month_render', value: round(percentile(renders, 50), 1), unit: 'ms',
      target: `< 1500 (median of ${runs} navigations to the month view with ${world.tabUpgrades} upgrades, until the calendar shows its events: ${events} event elements)`,
      goal: { of: 'value', op: '<', limit: 1500 },
    },
    {
      name: 'tab_bundle_gzip_kb', value: round(kb, 1), unit: 'KB',
      target: `< 350 (${jsBodies.length} JS files fetched before the month view rendered, gzip -9 each, summed)`,
      goal: { of: 'value', op: '<', limit: 350 },
    },
  ];
}

/** The tab suite: the production tab built, one app over the seeded tables, the three figures. */
export async function tabFigures(): Promise<Figure[]> {
  await buildTab({ production: true });
  const world = await startWorld();
  let browser: Browser | undefined;
  try {
    const api = await scheduleApiFigures(world);
    browser = await launchChromium();
    return [...api, ...(await tabRenderFigures(world, browser))];
  } finally {
    await browser?.close();
    await world.app.stop();
  }
}
