import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The roles the Playground can play, each with its config (one user, one tenant per config). */
export const playgroundRoles: Record<string, string> = {
  csa: '.m365agentsplayground.yml',
  engineer: 'bot/dev/playground/engineer.yml',
  'release-manager': 'bot/dev/playground/release-manager.yml',
  'contoso-owner': 'bot/dev/playground/contoso-owner.yml',
};

export interface RunningPlayground {
  url: string;
  stop(): Promise<void>;
}

const cli = join(dirname(createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');

/** Starts the Microsoft 365 Agents Playground offline against the bot, as the given role. */
export async function startPlayground(options: { botUrl: string; role: string; port: number; workDir: string }): Promise<RunningPlayground> {
  const configFile = playgroundRoles[options.role];
  if (!configFile) throw new Error(`Unknown role "${options.role}". Roles: ${Object.keys(playgroundRoles).join(', ')}.`);
  mkdirSync(options.workDir, { recursive: true });
  const configPath = resolve(configFile);
  if (!existsSync(configPath)) throw new Error(`Playground config ${configPath} is missing.`);
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, '-e', `${options.botUrl}/api/messages`, '-c', 'msteams', '--disable-telemetry', '-p', String(options.port)],
    {
      cwd: options.workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      },
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The Agents Playground exited (${child.exitCode}):\n${output}`);
    const up = await fetch(url).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The Agents Playground did not answer on ${url} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(force);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}
