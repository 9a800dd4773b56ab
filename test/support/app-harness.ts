import { randomUUID } from 'node:crypto';
import { seedDemoData, type SeedOptions } from '../../bot/dev/seed';
import { demoTenants } from '../../bot/dev/demo-data';
import type { Release } from '../../bot/src/domain/release';
import type { RunningServer } from '../../bot/src/server';
import { loadConfig } from '../../bot/src/config';
import { startApp, type RunningApp, type StartAppOptions } from '../../bot/src/main';
import type { Stores } from '../../bot/src/usecases/context';
import type { AutomationKeyStore } from '../../bot/src/usecases/ports';
import { sharedAzurite, uniquePrefix } from './azurite';
import { CardClicker, type ClickWhere, type InvokeAnswer, type TeamsUser } from './card-click';
import { cardProblems, cardsOf } from './card-validation';
import { startTeamsStandin, type ReceivedActivity, type TeamsStandin } from './teams-standin';

export type { TeamsUser } from './card-click';

export const alexTheCsa: TeamsUser = { tenantId: demoTenants.vendor, aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };
export const pattiContosoOwner: TeamsUser = { tenantId: demoTenants.contoso, aadObjectId: 'c0c0c0c0-0000-0000-0000-000000000001', name: 'Patti Fernandez' };
export const lynneContosoOwner: TeamsUser = { tenantId: demoTenants.contoso, aadObjectId: 'c0c0c0c0-0000-0000-0000-000000000002', name: 'Lynne Robbins' };
export const isaiahFabrikamOwner: TeamsUser = { tenantId: demoTenants.fabrikam, aadObjectId: 'fabfab00-0000-0000-0000-000000000001', name: 'Isaiah Langer' };
export const meganTheEngineer: TeamsUser = { tenantId: demoTenants.vendor, aadObjectId: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' };
export const adeleTheReleaseManager: TeamsUser = { tenantId: demoTenants.vendor, aadObjectId: '00000000-0000-0000-0000-0000000000022', name: 'Adele Vance' };
export const strangerInContoso: TeamsUser = { tenantId: demoTenants.contoso, aadObjectId: 'c0c0c0c0-ffff-0000-0000-000000000009', name: 'Nestor Wilke' };

/** The personal chat of a user with the bot, as the harness names it. */
export const personalChatOf = (as: TeamsUser) => `a:personal-${as.aadObjectId}`;

type Where = ClickWhere;

export interface AppHarness {
  server: RunningServer;
  stores: Stores;
  teams: TeamsStandin;
  /** Sends a chat message as a user and resolves with the bot's replies to it. */
  say(text: string, as?: TeamsUser, options?: { expectReplies?: number }): Promise<ReceivedActivity[]>;
  /** Clicks an Action.Execute as a user: posts the adaptiveCard/action invoke and resolves with the card it answers. */
  act(data: Record<string, unknown>, as: TeamsUser, inputs?: Record<string, unknown>, where?: Where): Promise<Record<string, any>>;
  /** The same click, resolving with the invoke's whole answer: a card, or an error that leaves the card as it is. */
  answer(data: Record<string, unknown>, as: TeamsUser, inputs?: Record<string, unknown>, where?: Where): Promise<InvokeAnswer>;
  /** The same click without checking the card it answers (the bench times the round trip alone, then checks). */
  invoke(data: Record<string, unknown>, as: TeamsUser, inputs?: Record<string, unknown>, where?: Where): Promise<Record<string, any>>;
  /**
   * Uses the message extension as Teams does from a compose box: posts a composeExtension invoke
   * (`query` for a search, `queryLink` for a pasted link) and resolves with the HTTP status and body.
   */
  composeExtension(name: 'composeExtension/query' | 'composeExtension/queryLink', value: unknown, as: TeamsUser, where?: Where): Promise<{ status: number; body: any }>;
  /** Adds the bot to a team, as Teams does (a conversationUpdate in its General channel). */
  installInTeam(tenantId: string, teamId: string, teamName: string): Promise<void>;
  /** Moves the app's clock (timers due by then fire at the poller's next look). */
  setNow(next: Date): void;
  app: RunningApp;
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
  /** The Teams stand-in answers 429 past Teams' documented limits (off by default). */
  teamsLimits?: boolean;
  now?: Date;
  configure?: { credentials?: undefined };
  /** Runs after the harness records a published release (e.g. to make it fail). */
  onReleasePublished?: (release: Release) => Promise<void> | void;
  /** Receives the app's log lines, one JSON object each (silent by default). */
  log?: (line: string) => void;
  /** Outbox and poller tuning; tests default to quick polling, the bench to the production defaults. */
  delivery?: StartAppOptions['delivery'];
  /** More environment for the app's config (e.g. the schedule tab's SSO settings, DEV_ISSUER_DIR). */
  env?: Record<string, string>;
  /** Extras of the demo world (e.g. npm start's upgrade history); none by default, as the tests count the demo upgrades. */
  seed?: SeedOptions;
}

/** The real app (server, outbox, scheduler) on a free port, over Azurite with the demo data, talking to a loopback Teams stand-in. */
export async function startAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  let now = options.now ?? new Date('2026-11-25T10:00:00Z');
  const azurite = await sharedAzurite();
  const tablePrefix = uniquePrefix('e2e');
  const published: Release[] = [];
  const teams = await startTeamsStandin({ limits: options.teamsLimits ?? false });
  const config = loadConfig({ PORT: '0', STORAGE_CONNECTION_STRING: azurite.connectionString, TABLE_PREFIX: tablePrefix, VENDOR_TENANT_ID: demoTenants.vendor, ...options.env });
  const app = await startApp(config, {
    clock: { now: () => now },
    log: options.log ?? (() => undefined),
    delivery: options.delivery ?? { worker: { idlePollInMs: 50 }, sweeper: { intervalInMs: 500, repointAfterInMs: 2_000 }, poller: { intervalInMs: 100 } },
    onReleasePublished: async (release) => {
      published.push(release);
      await options.onReleasePublished?.(release);
    },
    relay: { graceInMs: 300, intervalInMs: 250 },
    intranet: { intervalInMs: 100 },
  });
  const { server, stores } = app;
  await seedDemoData(stores, now, options.seed);

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  const person = (as: TeamsUser) => ({
    from: { id: `29:${as.aadObjectId}`, aadObjectId: as.aadObjectId, name: as.name },
    recipient: { id: '28:bot', name: 'Upgrade Desk' },
    channelId: 'msteams',
    serviceUrl: teams.url,
    channelData: { tenant: { id: as.tenantId } },
  });

  async function say(text: string, as: TeamsUser = alexTheCsa, { expectReplies = 1 } = {}): Promise<ReceivedActivity[]> {
    const conversationId = personalChatOf(as);
    const id = randomUUID();
    const res = await post({
      ...person(as),
      type: 'message',
      id,
      text,
      timestamp: new Date().toISOString(),
      conversation: { id: conversationId, conversationType: 'personal', tenantId: as.tenantId },
    });
    if (res.status >= 300) throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
    const mine = () => teams.received(conversationId).filter((r) => r.activity.replyToId === id);
    const deadline = Date.now() + 10_000;
    while (mine().length < expectReplies && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return mine();
  }

  async function installInTeam(tenantId: string, teamId: string, teamName: string): Promise<void> {
    const res = await post({
      type: 'conversationUpdate', id: randomUUID(), channelId: 'msteams', serviceUrl: teams.url,
      from: { id: '29:installer' }, recipient: { id: '28:bot', name: 'Upgrade Desk' },
      membersAdded: [{ id: '28:bot' }],
      conversation: { id: teamId, conversationType: 'channel', tenantId },
      channelData: { tenant: { id: tenantId }, team: { id: teamId, name: teamName }, eventType: 'teamMemberAdded' },
    });
    if (res.status >= 300) throw new Error(`installing in ${teamName} answered ${res.status}`);
  }

  async function composeExtension(
    name: 'composeExtension/query' | 'composeExtension/queryLink', value: unknown, as: TeamsUser,
    where: Where = { conversationId: personalChatOf(as), conversationType: 'personal' },
  ): Promise<{ status: number; body: any }> {
    const res = await post({
      ...person(as),
      type: 'invoke',
      name,
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      conversation: { id: where.conversationId, conversationType: where.conversationType, tenantId: as.tenantId },
      channelData: { tenant: { id: as.tenantId }, source: { name: 'compose' } },
      value,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  const clicker = new CardClicker(server.url, teams.url);

  function invoke(data: Record<string, unknown>, as: TeamsUser, inputs: Record<string, unknown> = {}, where: Where = { conversationId: personalChatOf(as), conversationType: 'personal' }): Promise<Record<string, any>> {
    return clicker.click({ ...data, ...inputs }, as, where);
  }

  function answer(data: Record<string, unknown>, as: TeamsUser, inputs: Record<string, unknown> = {}, where: Where = { conversationId: personalChatOf(as), conversationType: 'personal' }): Promise<InvokeAnswer> {
    return clicker.answer({ ...data, ...inputs }, as, where);
  }

  async function act(data: Record<string, unknown>, as: TeamsUser, inputs: Record<string, unknown> = {}, where?: Where): Promise<Record<string, any>> {
    const card = await invoke(data, as, inputs, where);
    const problems = cardProblems(card);
    if (problems.length) throw new Error(`the invoke answered an invalid Adaptive Card:\n  ${problems.join('\n  ')}`);
    return card;
  }

  return {
    server,
    stores,
    teams,
    say,
    act,
    answer,
    invoke,
    composeExtension,
    installInTeam,
    setNow: (next: Date) => {
      now = next;
    },
    app,
    post,
    keys: stores.keys,
    published,
    storage: { connectionString: azurite.connectionString, tablePrefix },
    /** Stops the app; fails if any card the bot sent during the run was not a valid Adaptive Card 1.5. */
    close: async () => {
      clicker.close();
      await app.stop();
      const invalid = teams.requests().flatMap((r) => cardsOf(r.activity).map((card) => ({ r, problems: cardProblems(card) }))).filter((x) => x.problems.length);
      await teams.close();
      if (invalid.length)
        throw new Error(`The bot sent ${invalid.length} invalid card(s), e.g. to ${invalid[0]!.r.conversationId}:\n  ${invalid[0]!.problems.join('\n  ')}`);
    },
  };
}
