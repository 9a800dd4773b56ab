import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import { startApp } from '../src/main';
import { startAzurite, type RunningAzurite } from './azurite';
import { playgroundRoles, startPlayground } from './playground';
import { seedDemoData } from './seed';

/**
 * npm start: Azurite (data kept in .data/azurite), demo data on first run, the bot on PORT, and the
 * Agents Playground offline. Ctrl-C stops everything.
 */
const { values } = parseArgs({
  options: {
    as: { type: 'string', default: 'csa' },
    'no-playground': { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`npm start [-- --as <role>] [--no-playground] [--reset]
  --as <role>       who the Playground user is: ${Object.keys(playgroundRoles).join(', ')} (default csa)
  --no-playground   start storage and the bot only
  --reset           forget the local data and seed the demo again`);
  process.exit(0);
}
if (!playgroundRoles[values.as!]) {
  console.error(`Unknown role "${values.as}". Roles: ${Object.keys(playgroundRoles).join(', ')}.`);
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
  const config = loadConfig(process.env, { storageConnectionString: azurite?.connectionString });
  const app = await startApp(config);
  stops.push(() => app.stop());
  const seeded = await seedDemoData(app.stores, new Date());
  const lines = [
    `Storage:     ${useAzure ? 'Azure Storage (STORAGE_CONNECTION_STRING)' : `Azurite, tables on 127.0.0.1:${azurite!.tablePort}, queues on 127.0.0.1:${azurite!.queuePort}, data in .data/azurite`}`,
    `Demo data:   ${seeded ? 'seeded (first run)' : 'kept from the last run (npm start -- --reset to start over)'}`,
    `Bot:         ${app.server.url}/api/messages   health: ${app.server.url}/api/health`,
  ];
  if (!values['no-playground']) {
    const playground = await startPlayground({ botUrl: app.server.url, role: values.as!, port: 56150, workDir: '.data/playground' });
    stops.push(() => playground.stop());
    lines.push(`Playground:  ${playground.url}   (you are the ${values.as}; other roles: npm start -- --as <role>)`);
  }
  console.log(`\nUpgrade Desk is running.\n  ${lines.join('\n  ')}\n\nTry "help", "windows contoso" and "upgrades" in the Playground. Ctrl-C stops everything.`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  await stopAll(1);
}
