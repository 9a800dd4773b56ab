import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { dieWithParent } from './azurite';

/** A demo person with their own Agents Playground (one user in one tenant per Playground config). */
export interface DemoPerson {
  role: string;
  /** What they do in the demo, as the start-up banner says it. */
  plays: string;
  config: string;
}

/** Everyone the demo needs online at once: the vendor's staff and an owner of each demo client. */
export const demoPeople: readonly DemoPerson[] = [
  { role: 'csa', plays: 'CSA and implementation lead', config: '.m365agentsplayground.yml' },
  { role: 'engineer', plays: 'Engineer', config: 'bot/dev/playground/engineer.yml' },
  { role: 'release-manager', plays: 'Release manager', config: 'bot/dev/playground/release-manager.yml' },
  { role: 'contoso-owner', plays: 'Owner of Contoso', config: 'bot/dev/playground/contoso-owner.yml' },
  { role: 'fabrikam-owner', plays: 'Owner of Fabrikam', config: 'bot/dev/playground/fabrikam-owner.yml' },
  { role: 'northwind-owner', plays: 'Owner of Northwind Traders', config: 'bot/dev/playground/northwind-owner.yml' },
];

interface PlaygroundConfig {
  tenantId: string;
  currentUser: { name: string; aadObjectId: string };
  personalChat?: { id: string };
  team?: { id: string; channels?: { id: string }[] };
}

export interface RunningPlayground {
  person: DemoPerson;
  /** The user the Playground plays, from its config. */
  userName: string;
  url: string;
  port: number;
  /** The port asked for, when the Playground had to take another. */
  requestedPort?: number;
  stop(): Promise<void>;
}

const cli = join(dirname(createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
const startTimeoutInMs = 30_000;

function readConfig(person: DemoPerson): PlaygroundConfig {
  const path = resolve(person.config);
  if (!existsSync(path)) throw new Error(`Playground config ${path} (${person.role}) is missing.`);
  return parseYaml(readFileSync(path, 'utf8')) as PlaygroundConfig;
}

/**
 * Starts the Agents Playground offline against the bot as one demo person, checks that the server
 * answering is that Playground, and tells the bot it is installed in the person's chat (and, with
 * `installTeam`, in every channel of the config's team), as Teams does when an app is added.
 */
export async function startPlayground(options: {
  botUrl: string;
  person: DemoPerson;
  port: number;
  workDir: string;
  installTeam?: boolean;
}): Promise<RunningPlayground> {
  const { person } = options;
  const config = readConfig(person);
  mkdirSync(options.workDir, { recursive: true });
  const child: ChildProcess = spawn(
    process.execPath,
    ['--require', dieWithParent, cli, '-e', `${options.botUrl}/api/messages`, '-c', 'msteams', '--disable-telemetry', '-p', String(options.port)],
    {
      cwd: options.workDir,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: resolve(person.config),
      },
    },
  );
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
      child.kill('SIGTERM');
    });
  try {
    // It prints the port it listens on; when the one asked for is busy it quietly takes another.
    const port = await listeningPort(child, person);
    const url = `http://127.0.0.1:${port}`;
    // It says "Listening" before it reads its config, and exits when the config is wrong.
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    const up = await Promise.race([waitForPing(url), exited.then(() => false)]);
    if (!up) throw new Error(`The Agents Playground for ${person.role} (${person.config}) did not start: ${playgroundErrors(options.workDir)}`);
    await checkIdentity(url, person, config);
    await install(url, config.personalChat?.id);
    if (options.installTeam) for (const channel of teamChannels(config)) await install(url, channel);
    return {
      person,
      userName: config.currentUser.name,
      url,
      port,
      requestedPort: port === options.port ? undefined : options.port,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One Playground per demo person, each on the first free port from `firstPort` on; a team is installed by its first member. */
export async function startPlaygrounds(options: { botUrl: string; firstPort: number; workDir: string; people?: readonly DemoPerson[] }): Promise<RunningPlayground[]> {
  const started: RunningPlayground[] = [];
  const teamsInstalled = new Set<string>();
  try {
    for (const [i, person] of (options.people ?? demoPeople).entries()) {
      const team = readConfig(person).team?.id;
      const playground = await startPlayground({
        botUrl: options.botUrl,
        person,
        port: options.firstPort + i,
        workDir: join(options.workDir, person.role),
        installTeam: !!team && !teamsInstalled.has(team),
      });
      if (team) teamsInstalled.add(team);
      started.push(playground);
    }
    return started;
  } catch (err) {
    await Promise.all(started.map((p) => p.stop()));
    throw err;
  }
}

function listeningPort(child: ChildProcess, person: DemoPerson): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(`did not start listening within ${startTimeoutInMs / 1000} s`), startTimeoutInMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`The Agents Playground for ${person.role} ${why}:\n${output}`));
    };
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(`exited (${code})`));
  });
}

async function waitForPing(url: string): Promise<boolean> {
  const deadline = Date.now() + startTimeoutInMs;
  while (Date.now() < deadline) {
    if ((await fetch(`${url}/_debug/ping`).then((r) => r.text(), () => '')) === 'pong') return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** What the Playground wrote about its failure: it logs to devTools/ in its working folder, not to its output. */
function playgroundErrors(workDir: string): string {
  const log = join(workDir, 'devTools', 'm365agentsplayground.log');
  if (!existsSync(log)) return 'it wrote no log';
  const errors = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('error ')).slice(-3);
  return errors.length ? errors.join('; ') : `see ${log}`;
}

/** The server on the port must be the Agents Playground playing this person, not something else that answers there. */
async function checkIdentity(url: string, person: DemoPerson, config: PlaygroundConfig): Promise<void> {
  const notIt = (what: string) =>
    new Error(`${url} answers, but not as the Agents Playground for ${person.role} (${config.currentUser.name}): ${what}. Is another program using that port?`);
  const ping = await fetch(`${url}/_debug/ping`).then((r) => r.text(), (err: Error) => `no answer (${err.message})`);
  if (ping !== 'pong') throw notIt(`/_debug/ping said "${ping.slice(0, 80)}"`);
  const served = (await fetch(`${url}/_internal/v1/config`).then((r) => r.json(), () => undefined)) as { config?: PlaygroundConfig } | undefined;
  const user = served?.config?.currentUser;
  if (served?.config?.tenantId !== config.tenantId || user?.aadObjectId !== config.currentUser.aadObjectId)
    throw notIt(`it plays ${user?.name ?? 'nobody'} in tenant ${served?.config?.tenantId ?? 'unknown'}`);
}

function teamChannels(config: PlaygroundConfig): string[] {
  if (!config.team) return [];
  // The team's General channel has the team's id.
  return [config.team.id, ...(config.team.channels ?? []).map((c) => c.id)];
}

/** The Playground sends the bot installationUpdate "add" for the conversation, as Teams does when the app is added there. */
async function install(url: string, conversationId: string | undefined): Promise<void> {
  if (!conversationId) return;
  const res = await fetch(`${url}/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`The Agents Playground at ${url} could not install the bot in ${conversationId} (${res.status}).`);
}
