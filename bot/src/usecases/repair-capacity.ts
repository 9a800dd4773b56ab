import { heldWindow, sameWindow } from '../domain/effects';
import type { Upgrade } from '../domain/upgrade';
import { capacityBucketMs, capacityBuckets, type UpgradeWindow } from '../domain/window';
import type { Deps } from './context';
import type { CapacityBucket, ScheduleRebuildReport } from './ports';

/** Places of one upgrade that have drifted: the buckets (as time spans) and why. */
export interface CapacityDriftItem {
  upgradeId: string;
  /** The drifted buckets, joined into spans of time. */
  spans: UpgradeWindow[];
  /** How many quarter-hour buckets. */
  buckets: number;
  /** What the upgrade is now ("cancelled", "holds 2026-12-08T18:00:00.000Z to ...", "no such upgrade"). */
  reason: string;
}

/** What the capacity repair found (and, when applied, fixed). */
export interface CapacityRepairReport {
  /** Upgrades read, and how many of them hold a window. */
  upgrades: number;
  holding: number;
  /** Buckets with a holder. */
  buckets: number;
  /** Places an upgrade's window needs that its buckets lack (or hold only as a tentative claim). */
  missing: CapacityDriftItem[];
  /** Places held by upgrades that no longer hold a window over those buckets (moved, cancelled, completed, rolled back, gone). */
  stray: CapacityDriftItem[];
  /** Tentative claims past their time whose booking was never written: counted by nobody, cleared. */
  lapsed: CapacityDriftItem[];
  /** Upgrades with a tentative claim still live on a window they do not hold (a booking being written now): not drift, left alone. */
  inFlight: number;
  /** Whether the drift was fixed (`apply`), or only reported (a dry run). */
  applied: boolean;
}

export interface RepairReport {
  capacity: CapacityRepairReport;
  /** The schedule index's own rebuild (written/removed are what it wrote, or on a dry run would write). */
  schedule: ScheduleRebuildReport;
}

/** Whether a report found anything to fix. */
export function hasDrift(report: CapacityRepairReport): boolean {
  return report.missing.length + report.stray.length + report.lapsed.length > 0;
}

/**
 * Rebuilds the vendor's capacity buckets from the upgrades: every upgrade that holds a window
 * holds exactly its window's buckets, places held by upgrades that hold no such window are
 * removed, lapsed tentative claims are cleared; live tentative claims (a booking being written)
 * are left alone. A dry run (the default) only reports.
 *
 * The buckets are read before the upgrades, so a change made between the two reads is seen as
 * the change made it (its own effects do the same as the repair would); before each fix the
 * upgrade is read again, so one changed since is left to its own effects.
 */
export async function repairCapacity(deps: Deps, options: { apply?: boolean } = {}): Promise<CapacityRepairReport> {
  const holdings = await deps.stores.capacity.listHoldings();
  const upgrades = await deps.stores.upgrades.list();
  const found = findDrift(holdings, upgrades);
  const report: CapacityRepairReport = { ...found.report, applied: options.apply === true };
  if (!options.apply) return report;

  const { capacity, upgrades: store } = deps.stores;
  for (const item of found.missing) {
    const now = heldWindow((await store.get(item.upgradeId))?.value);
    if (sameWindow(now, item.window)) await capacity.hold(item.upgradeId, item.window);
  }
  for (const item of found.stray) {
    const held = heldWindow((await store.get(item.upgradeId))?.value);
    const keep = new Set(held ? capacityBuckets(held) : []);
    const buckets = item.buckets.filter((b) => !keep.has(b));
    if (buckets.length) await capacity.remove(item.upgradeId, buckets);
  }
  for (const item of found.lapsed) await capacity.remove(item.upgradeId, item.buckets, { lapsedOnly: true });
  return report;
}

/** The capacity repair, then the schedule index's own rebuild: the `npm run repair` command. */
export async function repairStorage(deps: Deps, options: { apply?: boolean } = {}): Promise<RepairReport> {
  const capacity = await repairCapacity(deps, options);
  const schedule = await deps.stores.schedule.rebuild({ dryRun: options.apply !== true });
  return { capacity, schedule };
}

interface Found {
  report: Omit<CapacityRepairReport, 'applied'>;
  missing: { upgradeId: string; window: UpgradeWindow }[];
  stray: { upgradeId: string; buckets: number[] }[];
  lapsed: { upgradeId: string; buckets: number[] }[];
}

/** Compares the buckets as stored with what the upgrades hold. Pure. */
export function findDrift(holdings: readonly CapacityBucket[], upgrades: readonly Upgrade[]): Found {
  const byId = new Map(upgrades.map((u) => [u.id, u]));
  const expected = new Map<string, { window: UpgradeWindow; buckets: Set<number> }>();
  for (const upgrade of upgrades) {
    const window = heldWindow(upgrade);
    if (window) expected.set(upgrade.id, { window, buckets: new Set(capacityBuckets(window)) });
  }
  // Per upgrade: the buckets where it holds a confirmed place, stray places, lapsed claims.
  const confirmed = new Map<string, Set<number>>();
  const stray = new Map<string, number[]>();
  const lapsed = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, id: string, bucket: number) => map.set(id, [...(map.get(id) ?? []), bucket]);
  const inFlight = new Set<string>();
  for (const { bucket, holders } of holdings) {
    for (const { upgradeId, status } of holders) {
      const owns = expected.get(upgradeId)?.buckets.has(bucket) === true;
      if (status === 'held') {
        if (owns) confirmed.set(upgradeId, (confirmed.get(upgradeId) ?? new Set()).add(bucket));
        else push(stray, upgradeId, bucket);
      } else if (status === 'lapsed') {
        if (!owns) push(lapsed, upgradeId, bucket); // one it owns is confirmed by `hold`, as a missing place
      } else if (!owns) inFlight.add(upgradeId);
    }
  }
  const missing: Found['missing'] = [];
  const missingItems: CapacityDriftItem[] = [];
  for (const [upgradeId, { window, buckets }] of expected) {
    const have = confirmed.get(upgradeId);
    const lacking = [...buckets].filter((b) => !have?.has(b));
    if (!lacking.length) continue;
    missing.push({ upgradeId, window });
    missingItems.push(item(upgradeId, lacking, `holds ${window.startsAt} to ${window.endsAt}`));
  }
  const describe = (id: string) => whatItIs(byId.get(id));
  return {
    report: {
      upgrades: upgrades.length,
      holding: expected.size,
      buckets: holdings.length,
      missing: missingItems,
      stray: [...stray].sort(byKey).map(([id, buckets]) => item(id, buckets, describe(id))),
      lapsed: [...lapsed].sort(byKey).map(([id, buckets]) => item(id, buckets, `a claim never confirmed; ${describe(id)}`)),
      inFlight: inFlight.size,
    },
    missing,
    stray: [...stray].map(([upgradeId, buckets]) => ({ upgradeId, buckets })),
    lapsed: [...lapsed].map(([upgradeId, buckets]) => ({ upgradeId, buckets })),
  };
}

function item(upgradeId: string, buckets: number[], reason: string): CapacityDriftItem {
  return { upgradeId, spans: spansOf(buckets), buckets: buckets.length, reason };
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => a.localeCompare(b);

function whatItIs(upgrade: Upgrade | undefined): string {
  if (!upgrade) return 'no such upgrade';
  const window = heldWindow(upgrade);
  if (window) return `${upgrade.state.replace('_', ' ')}, holds ${window.startsAt} to ${window.endsAt}`;
  return `${upgrade.state.replace('_', ' ')}, holds no window`;
}

/** Bucket indexes joined into the spans of time they cover, in order. */
export function spansOf(buckets: readonly number[]): UpgradeWindow[] {
  const sorted = [...new Set(buckets)].sort((a, b) => a - b);
  const spans: UpgradeWindow[] = [];
  let start: number | undefined;
  let end = 0;
  for (const b of sorted) {
    if (start !== undefined && b === end) {
      end = b + 1;
      continue;
    }
    if (start !== undefined) spans.push(span(start, end));
    start = b;
    end = b + 1;
  }
  if (start !== undefined) spans.push(span(start, end));
  return spans;
}

function span(first: number, endExclusive: number): UpgradeWindow {
  return { startsAt: new Date(first * capacityBucketMs).toISOString(), endsAt: new Date(endExclusive * capacityBucketMs).toISOString() };
}
