import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import { startApp } from '../src/main';
import { startAzurite, type RunningAzurite } from './azurite';
import { demoPeople, startPlaygrounds } from './playground';
import { seedDemoData } from './seed';
import { startSharePointStandin, type SharePointStandin } from './sharepoint-standin';
import { buildTab } from '../../tabs/build.mjs';

/**
 * npm start: Azurite (data kept in .data/azurite), demo data on first run, the bot on PORT, and one
 * Agents Playground per demo person, offline. Ctrl-C stops everything.
 */
const usage = `npm start [-- --playground-port <port>] [--no-playground] [--reset] [--sharepoint]
  --playground-port <port>  the first Playground's port; the others take the next ones (default 56150)
  --no-playground           start storage and the bot only
  --reset                   forget the local data and seed the demo again
  --sharepoint              publish to a local SharePoint stand-in (port 56200 or a free one), logging each request it gets`;

let values: { 'playground-port'?: string; 'no-playground'?: boolean; reset?: boolean; sharepoint?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      'playground-port': { type: 'string', default: '56150' },
      'no-playground': { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      sharepoint: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (err) {
  console.error(`${(err as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const firstPort = Number(values['playground-port']);
if (!Number.isInteger(firstPort) || firstPort < 1024 || firstPort > 65535 - demoPeople.length) {
  console.error(`--playground-port must be a port number from 1024 to ${65535 - demoPeople.length}, not "${values['playground-port']}".`);
  process.exit(2);
}

const stops: (() => Promise<void>)[] = [];
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping...');
    for (const stop of stops.reverse()) await stop().catch((err) => console.error(err));
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  if (values.reset) rmSync('.data/azurite', { recursive: true, force: true });
  let azurite: RunningAzurite | undefined;
  const useAzure = !!process.env.STORAGE_CONNECTION_STRING;
  if (!useAzure) {
    azurite = await startAzurite({ location: '.data/azurite', tablePort: 10002, queuePort: 10001 }).catch(() =>
      startAzurite({ location: '.data/azurite' }),
    );
    stops.push(() => azurite!.stop());
  }
  // --sharepoint: the loopback SharePoint the tests use, with the demo's release-notes site; each request it answers is printed.
  let sharepoint: SharePointStandin | undefined;
  if (values.sharepoint) {
    const log = (line: string) => console.log(`[sharepoint stand-in] ${line}`);
    sharepoint = await startSharePointStandin({ port: 56200, log }).catch(() => startSharePointStandin({ log }));
    stops.push(() => sharepoint!.close());
  }
  const env = sharepoint ? { ...process.env, SHAREPOINT_DEV: 'true', SHAREPOINT_RELEASE_NOTES_SITE: sharepoint.siteUrl('/sites/releases') } : process.env;
  // Warnings and errors only (JSON lines), so the banner below stays readable; LOG_LEVEL=info shows every request.
  const config = loadConfig(env, { storageConnectionString: azurite?.connectionString, logLevel: 'warn' });
  const app = await startApp(config);
  stops.push(() => app.stop());
  const seeded = await seedDemoData(app.stores, new Date(), { contosoWindowOpensSoon: true, history: true });
  // The tab, unminified for a fast start; the server serves dist/tab under /tab.
  const tab = await buildTab({ production: false }).then(() => 'built', (err: Error) => `not built (${err.message.split('\n')[0]})`);
  const lines = [
    `Storage:     ${useAzure ? 'Azure Storage (STORAGE_CONNECTION_STRING)' : `Azurite, tables on 127.0.0.1:${azurite!.tablePort}, queues on 127.0.0.1:${azurite!.queuePort}, data in .data/azurite`}`,
    `Demo data:   ${seeded ? 'seeded (first run)' : 'kept from the last run (npm start -- --reset to start over)'}`,
    `Bot:         ${app.server.url}/api/messages   health: ${app.server.url}/api/health`,
    sharepoint
      ? `SharePoint:  a local stand-in at ${sharepoint.url} (release notes: ${sharepoint.siteUrl('/sites/releases')}); as Contoso's owner type "sharepoint on ${sharepoint.siteUrl('/sites/contoso')}"`
      : 'SharePoint:  off (npm start -- --sharepoint publishes to a local stand-in)',
  ];
  let tryThis = 'The Playgrounds were not started (--no-playground).';
  if (!values['no-playground']) {
    console.log(`Starting ${demoPeople.length} Agents Playgrounds, one per demo person...`);
    const playgrounds = await startPlaygrounds({ botUrl: app.server.url, firstPort, workDir: '.data/playground' });
    stops.push(() => Promise.all(playgrounds.map((p) => p.stop())).then(() => undefined));
    const who = (p: (typeof playgrounds)[number]) => `${p.person.plays} (${p.userName})`;
    const width = Math.max(...playgrounds.map((p) => who(p).length));
    lines.push('Playgrounds: one per demo person, all online at once; open each in its own browser tab:');
    for (const p of playgrounds) lines.push(`  ${who(p).padEnd(width)}  ${p.url}${p.requestedPort ? `   (port ${p.requestedPort} was busy)` : ''}`);
    tryThis = `Start in the CSA's Playground (${playgrounds[0]!.url}): type "help", "windows contoso" or "upgrades".`;
  }
  console.log(`\nUpgrade Desk is running.\n  ${lines.join('\n  ')}\n\nTab:      ${app.server.url}/tab   (the schedule tab, ${tab}: sign in as a demo person)\n${tryThis} Ctrl-C stops everything.`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  await stopAll(1);
}
