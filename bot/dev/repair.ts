import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import { defaultVendorWindowRules } from '../src/domain/window';
import { createTableStores } from '../src/store/table-stores';
import type { Deps } from '../src/usecases/context';
import { systemClock } from '../src/usecases/ports';
import { hasDrift, repairStorage, type CapacityDriftItem, type RepairReport } from '../src/usecases/repair-capacity';
import { localAzurite } from './key';

/**
 * npm run repair [-- --apply]
 * Rebuilds the vendor's capacity buckets and the schedule index from the upgrades and prints the
 * drift per kind: a dry run by default, `--apply` fixes it. Runs against the configured storage
 * (when STORAGE_CONNECTION_STRING is unset, the same local Azurite as npm start, data in .data/azurite).
 */
const usage = `npm run repair              report drift between the upgrades and the capacity buckets / schedule index (changes nothing)
npm run repair -- --apply   the same, and fix it`;

export type RepairCommand = { kind: 'repair'; apply: boolean } | { kind: 'help' };

/** Reads the command line; throws an Error whose message says what is wrong. */
export function parseRepairArgs(args: string[]): RepairCommand {
  const { values } = parseArgs({ args, options: { apply: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return { kind: 'help' };
  return { kind: 'repair', apply: values.apply === true };
}

/** Runs the repair (dry run unless `apply`) and prints its report; returns the process exit code. */
export async function runRepairCommand(deps: Deps, apply: boolean, out: (line: string) => void): Promise<number> {
  const report = await repairStorage(deps, { apply });
  for (const line of formatRepairReport(report)) out(line);
  return 0;
}

/** The report as lines for a person: each kind of drift, what drifted, and whether it was fixed. */
export function formatRepairReport({ capacity, schedule }: RepairReport): string[] {
  const applied = capacity.applied;
  const status = (n: number) => (n === 0 ? 'none' : applied ? `${n}, fixed` : `${n}, not fixed (dry run)`);
  const lines = [`Capacity buckets: ${capacity.upgrades} upgrades read, ${capacity.holding} holding a window, ${capacity.buckets} buckets in use.`];
  const kind = (title: string, items: CapacityDriftItem[]) => {
    lines.push(`  ${title}: ${status(items.length)}`);
    for (const item of items)
      lines.push(`    ${item.upgradeId}: ${item.spans.map((s) => `${s.startsAt} to ${s.endsAt}`).join(', ')} (${item.buckets} quarter-hours; ${item.reason})`);
  };
  kind('missing places (the upgrade holds the window, the buckets lack it)', capacity.missing);
  kind('stray places (held by an upgrade that no longer holds that window)', capacity.stray);
  kind('lapsed tentative claims', capacity.lapsed);
  if (capacity.inFlight) lines.push(`  tentative claims in flight, left alone: ${capacity.inFlight}`);
  const rows = schedule.written + schedule.removed;
  lines.push(`Schedule index: ${schedule.upgrades} upgrades read; drifted: ${status(schedule.drifted.length)}`);
  if (schedule.drifted.length)
    lines.push(`    ${schedule.drifted.join(', ')} (${schedule.written} rows ${applied ? 'written' : 'to write'}, ${schedule.removed} ${applied ? 'removed' : 'to remove'})`);
  const drift = hasDrift(capacity) || rows > 0;
  if (!drift) lines.push('No drift.');
  else lines.push(applied ? 'Fixed.' : 'Dry run: nothing was changed. Run `npm run repair -- --apply` to fix it.');
  return lines;
}

async function main(): Promise<number> {
  let command: RepairCommand;
  try {
    command = parseRepairArgs(process.argv.slice(2));
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
    const deps: Deps = { stores, clock: systemClock, vendorTenantId: config.vendorTenantId, rules: defaultVendorWindowRules };
    return await runRepairCommand(deps, command.apply, (line) => console.log(line));
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    return 1;
  } finally {
    await local?.azurite?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(await main());
