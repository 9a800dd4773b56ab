import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, wherever mocha was started from. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export const inRepo = (...parts: string[]): string => join(repoRoot, ...parts);

const made: string[] = [];
process.once('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh temporary directory, removed when the test process exits. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `upgrade-desk-${name}-`));
  made.push(dir);
  return dir;
}

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a bot/dev script with exactly `env` (plus PATH), so the caller's environment cannot leak in. */
export function runScript(script: string, args: string[], env: Record<string, string> = {}): ScriptRun {
  const run = spawnSync(process.execPath, [inRepo(script), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Values for every manifest placeholder, as provisioning would write them. */
export const sampleManifestEnv = {
  TEAMS_APP_ID: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  BOT_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  AAD_APP_CLIENT_ID: 'f0e1d2c3-b4a5-4968-8776-655443322110',
  TAB_ENDPOINT: 'https://updesk-abc123.azurewebsites.net',
  TAB_DOMAIN: 'updesk-abc123.azurewebsites.net',
} as const;
