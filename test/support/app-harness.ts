import { randomUUID } from 'node:crypto';
import { seedDemoData } from '../../bot/dev/seed';
import { demoTenants } from '../../bot/dev/demo-data';
import type { Release } from '../../bot/src/domain/release';
import { defaultVendorWindowRules } from '../../bot/src/domain/window';
import { startServer, type RunningServer } from '../../bot/src/server';
import { createTableStores } from '../../bot/src/store/table-stores';
import type { Stores } from '../../bot/src/usecases/context';
import type { AutomationKeyStore } from '../../bot/src/usecases/ports';
import { sharedAzurite, uniquePrefix } from './azurite';
import { startTeamsStandin, type ReceivedActivity, type TeamsStandin } from './teams-standin';

/** A Teams user as an activity names them. */
export interface TeamsUser {
  tenantId: string;
  aadObjectId: string;
  name: string;
}

export const alexTheCsa: TeamsUser = { tenantId: demoTenants.vendor, aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };
export const pattiContosoOwner: TeamsUser = { tenantId: demoTenants.contoso, aadObjectId: 'c0c0c0c0-0000-0000-0000-000000000001', name: 'Patti Fernandez' };
export const lynneContosoOwner: TeamsUser = { tenantId: demoTenants.contoso, aadObjectId: 'c0c0c0c0-0000-0000-0000-000000000002', name: 'Lynne Robbins' };
export const isaiahFabrikamOwner: TeamsUser = { tenantId: demoTenants.fabrikam, aadObjectId: 'fabfab00-0000-0000-0000-000000000001', name: 'Isaiah Langer' };
export const meganTheEngineer: TeamsUser = { tenantId: demoTenants.vendor, aadObjectId: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' };
export const adeleTheReleaseManager: TeamsUser = { tenantId: demoTenants.vendor, aadObjectId: '00000000-0000-0000-0000-0000000000022', name: 'Adele Vance' };
export const strangerInContoso: TeamsUser = { tenantId: demoTenants.contoso, aadObjectId: 'c0c0c0c0-ffff-0000-0000-000000000009', name: 'Nestor Wilke' };

export interface AppHarness {
  server: RunningServer;
  stores: Stores;
  teams: TeamsStandin;
  /** Sends a chat message as a user and resolves with the bot's replies to it. */
  say(text: string, as?: TeamsUser, options?: { expectReplies?: number }): Promise<ReceivedActivity[]>;
  /** Clicks an Action.Execute as a user: posts the adaptiveCard/action invoke and resolves with the card it answers. */
  act(data: Record<string, unknown>, as: TeamsUser, inputs?: Record<string, unknown>): Promise<Record<string, any>>;
  /** Posts a raw body to /api/messages. */
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
  /** The automation keys the API checks. */
  keys: AutomationKeyStore;
  /** Every release handed to onReleasePublished, in order. */
  published: Release[];
  /** Where the tables live, to inspect raw rows. */
  storage: { connectionString: string; tablePrefix: string };
}

export interface AppHarnessOptions {
  now?: Date;
  configure?: { credentials?: undefined };
  /** Runs after the harness records a published release (e.g. to make it fail). */
  onReleasePublished?: (release: Release) => Promise<void> | void;
  /** Receives the server's log lines (silent by default). */
  log?: (line: string) => void;
}

/** The real server on a free port, over Azurite with the demo data, replying to a loopback Teams stand-in. */
export async function startAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const now = options.now ?? new Date('2026-11-25T10:00:00Z');
  const azurite = await sharedAzurite();
  const tablePrefix = uniquePrefix('e2e');
  const stores = await createTableStores({ connectionString: azurite.connectionString, tablePrefix });
  const published: Release[] = [];
  await seedDemoData(stores, now);
  const teams = await startTeamsStandin();
  const server = await startServer({
    config: { port: 0, serviceUrlHosts: [] },
    deps: { stores, clock: { now: () => now }, vendorTenantId: demoTenants.vendor, rules: defaultVendorWindowRules },
    pingStorage: () => stores.ping(),
    log: options.log ?? (() => undefined),
    onReleasePublished: async (release) => {
      published.push(release);
      await options.onReleasePublished?.(release);
    },
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  async function say(text: string, as: TeamsUser = alexTheCsa, { expectReplies = 1 } = {}): Promise<ReceivedActivity[]> {
    const conversationId = `personal-${as.aadObjectId}-${randomUUID()}`;
    const id = randomUUID();
    const res = await post({
      type: 'message',
      id,
      text,
      channelId: 'msteams',
      serviceUrl: teams.url,
      timestamp: new Date().toISOString(),
      from: { id: `29:${as.aadObjectId}`, aadObjectId: as.aadObjectId, name: as.name },
      recipient: { id: '28:bot', name: 'Upgrade Desk' },
      conversation: { id: conversationId, conversationType: 'personal', tenantId: as.tenantId },
      channelData: { tenant: { id: as.tenantId } },
    });
    if (res.status >= 300) throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
    const deadline = Date.now() + 10_000;
    while (teams.received(conversationId).length < expectReplies && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return teams.received(conversationId);
  }

  async function act(data: Record<string, unknown>, as: TeamsUser, inputs: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const res = await post({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: teams.url,
      from: { id: `29:${as.aadObjectId}`, aadObjectId: as.aadObjectId, name: as.name },
      recipient: { id: '28:bot', name: 'Upgrade Desk' },
      conversation: { id: `personal-${as.aadObjectId}`, conversationType: 'personal', tenantId: as.tenantId },
      channelData: { tenant: { id: as.tenantId } },
      value: { action: { type: 'Action.Execute', verb: data.verb, data: { ...data, ...inputs } }, trigger: 'manual' },
    });
    if (res.status !== 200) throw new Error(`the invoke answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { type?: string; value?: Record<string, any> };
    if (body.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) throw new Error(`the invoke answered no card: ${JSON.stringify(body)}`);
    return body.value;
  }

  return {
    server,
    stores,
    teams,
    say,
    act,
    post,
    keys: stores.keys,
    published,
    storage: { connectionString: azurite.connectionString, tablePrefix },
    close: async () => {
      await server.close();
      await teams.close();
    },
  };
}
