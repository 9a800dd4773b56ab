import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { issueAutomationKey } from '../src/api/automation-keys';
import { ConfigError, loadConfig } from '../src/config';
import { createTableStores } from '../src/store/table-stores';
import type { AutomationKey, AutomationKeyScope, AutomationKeyStore, ClientStore } from '../src/usecases/ports';
import { startAzurite, type RunningAzurite } from './azurite';

/**
 * npm run key -- <client-id|vendor> [--label text] | --revoke <keyId> | --list
 * Issues, revokes and lists the HTTP API's automation keys in the configured storage (when
 * STORAGE_CONNECTION_STRING is unset, the same local Azurite as npm start, data in .data/azurite).
 */
const usage = `npm run key -- <client-id|vendor> [--label <text>]   issue a key for one client, or for the vendor
npm run key -- --revoke <keyId>                        revoke a key
npm run key -- --list                                  list the keys (never the keys themselves)`;

export type KeyCommand =
  | { kind: 'issue'; target: string; label?: string }
  | { kind: 'revoke'; keyId: string }
  | { kind: 'list' }
  | { kind: 'help' };

/** Reads the command line; throws an Error whose message says what is wrong. */
export function parseKeyArgs(args: string[]): KeyCommand {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { label: { type: 'string' }, revoke: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return { kind: 'help' };
  const chosen = [positionals.length > 0, values.revoke !== undefined, !!values.list].filter(Boolean).length;
  if (chosen !== 1 || positionals.length > 1) throw new Error('Give exactly one of: a client id or "vendor", --revoke <keyId>, --list.');
  if (values.label !== undefined && positionals.length === 0) throw new Error('--label goes with a new key: npm run key -- <client-id|vendor> --label <text>.');
  if (values.revoke !== undefined) return { kind: 'revoke', keyId: values.revoke };
  if (values.list) return { kind: 'list' };
  return values.label ? { kind: 'issue', target: positionals[0]!, label: values.label } : { kind: 'issue', target: positionals[0]! };
}

export interface KeyCommandContext {
  keys: AutomationKeyStore;
  clients: ClientStore;
  now(): Date;
  /** The bot's base URL, for the example request. */
  apiUrl: string;
  out(line: string): void;
  err(line: string): void;
}

/** Runs one key command against the stores; returns the process exit code. */
export async function runKeyCommand(command: KeyCommand, ctx: KeyCommandContext): Promise<number> {
  switch (command.kind) {
    case 'help':
      ctx.out(usage);
      return 0;
    case 'list':
      return listKeys(ctx);
    case 'revoke':
      return revokeKey(command.keyId, ctx);
    case 'issue':
      return issueKey(command.target, command.label, ctx);
  }
}

async function issueKey(target: string, label: string | undefined, ctx: KeyCommandContext): Promise<number> {
  let scope: AutomationKeyScope = { kind: 'vendor' };
  if (target !== 'vendor') {
    if (!(await ctx.clients.get(target))) {
      const known = (await ctx.clients.list()).map((c) => c.id).sort();
      ctx.err(
        known.length
          ? `There is no client "${target}". Known clients: ${known.join(', ')} (or "vendor" for a key that speaks for the vendor).`
          : `There is no client "${target}", and no clients at all in this storage yet (npm start seeds the demo ones).`,
      );
      return 2;
    }
    scope = { kind: 'client', clientId: target };
  }
  const issued = await issueAutomationKey(ctx.keys, label ? { scope, label, now: ctx.now() } : { scope, now: ctx.now() });
  ctx.out(`New automation key ${issued.record.keyId} for ${describeScope(scope)}${label ? ` (${label})` : ''}:

  ${issued.key}

It is shown only this once: keep it in your pipeline's secret store now; only its hash is stored.
Send it on every API request as:

  Authorization: Bearer ${issued.key}

For example:
  ${scope.kind === 'vendor'
    ? `curl -X POST ${ctx.apiUrl}/api/releases -H "Authorization: Bearer ${issued.key}" -H "Content-Type: application/json" -d @release.json`
    : `curl -X POST ${ctx.apiUrl}/api/upgrades/CHG-2026-0001/events -H "Authorization: Bearer ${issued.key}" -H "Content-Type: application/json" -d '{"event":"instance-start"}'`}

Revoke it with: npm run key -- --revoke ${issued.record.keyId}`);
  return 0;
}

async function revokeKey(keyId: string, ctx: KeyCommandContext): Promise<number> {
  const known = await ctx.keys.get(keyId);
  if (known?.revokedAt) {
    ctx.out(`Automation key ${keyId} was revoked already, on ${known.revokedAt}.`);
    return 0;
  }
  const key = known && (await ctx.keys.revoke(keyId, ctx.now().toISOString()));
  if (!key) {
    ctx.err(`There is no automation key ${keyId}; npm run key -- --list shows them.`);
    return 1;
  }
  ctx.out(`Revoked automation key ${keyId} (${describeScope(key.scope)}) at ${key.revokedAt}; requests with it now get 401.`);
  return 0;
}

async function listKeys(ctx: KeyCommandContext): Promise<number> {
  const keys = await ctx.keys.list();
  if (!keys.length) {
    ctx.out('No automation keys yet: npm run key -- <client-id|vendor> creates one.');
    return 0;
  }
  const rows = [['KEY ID', 'SCOPE', 'CREATED', 'STATUS', 'LABEL'], ...keys.map(listRow)];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) ctx.out(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  return 0;
}

function listRow(key: AutomationKey): string[] {
  return [key.keyId, describeScope(key.scope), key.createdAt, key.revokedAt ? `revoked ${key.revokedAt}` : 'active', key.label ?? ''];
}

function describeScope(scope: AutomationKeyScope): string {
  return scope.kind === 'vendor' ? 'vendor' : `client ${scope.clientId}`;
}

const azuriteLocation = '.data/azurite';

/** Local storage as npm start has it: its own Azurite, or npm start's when that one holds the ports. */
export async function localAzurite(): Promise<{ connectionString: string; azurite?: RunningAzurite }> {
  try {
    const azurite = await startAzurite({ location: azuriteLocation, tablePort: 10002, queuePort: 10001 });
    return { connectionString: azurite.connectionString, azurite };
  } catch {
    // The ports are taken, most likely by a running npm start: its Azurite has the same data.
    return { connectionString: 'UseDevelopmentStorage=true' };
  }
}

async function main(): Promise<number> {
  let command: KeyCommand;
  try {
    command = parseKeyArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${usage}`);
    return 2;
  }
  if (command.kind === 'help') {
    console.log(usage);
    return 0;
  }
  const local = process.env.STORAGE_CONNECTION_STRING ? undefined : await localAzurite();
  try {
    const config = loadConfig(process.env, { storageConnectionString: local?.connectionString });
    const stores = await createTableStores({ connectionString: config.storageConnectionString, tablePrefix: config.tablePrefix });
    const code = await runKeyCommand(command, {
      keys: stores.keys,
      clients: stores.clients,
      now: () => new Date(),
      apiUrl: `http://localhost:${config.port}`,
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    });
    return code;
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    return 1;
  } finally {
    await local?.azurite?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(await main());
