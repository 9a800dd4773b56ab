import type { AuditEntry } from '../domain/audit';
import { UpgradeDeskError } from '../domain/errors';
import { compareVersions } from '../domain/release';
import type { Upgrade, UpgradeState } from '../domain/upgrade';
import type { Deps } from './context';
import type { InsightsView, RolloutStateView, RolloutView } from './views/schedule-tab-view';
import { requireStaff, type TabViewer } from './schedule-tab';

/**
 * The schedule tab's release views: where every client is with a release (rollout) and how the
 * releases' upgrades went (insights), both from the schedule index and the audit. Staff only.
 */
const rank: Record<RolloutStateView, number> = { not_started: 0, requested: 1, proposed: 2, booked: 3, upgraded: 4 };

function rolloutStateOf(state: UpgradeState): RolloutStateView {
  switch (state) {
    case 'completed':
      return 'upgraded';
    case 'booked':
    case 'ready':
    case 'in_progress':
    case 'awaiting_decision':
    case 'rolling_back':
      return 'booked';
    case 'proposed':
      return 'proposed';
    case 'requested':
      return 'requested';
    default:
      return 'not_started';
  }
}

/** Where every client is with a release, and how far behind the newest each one runs. Staff only. */
export async function readRollout(deps: Deps, viewer: TabViewer, version: string): Promise<RolloutView> {
  requireStaff(viewer, 'The release rollout');
  const releases = (await deps.stores.releases.list()).sort((a, b) => compareVersions(a.version, b.version));
  const release = releases.find((r) => r.version === version);
  if (!release) throw new UpgradeDeskError('not_found', `There is no release ${version}. Releases: ${releases.map((r) => r.version).join(', ') || 'none yet'}.`);
  const clients = (await deps.stores.clients.list()).sort((a, b) => a.name.localeCompare(b.name));
  const perClient = await Promise.all(clients.map((c) => deps.stores.schedule.listClient(c.id)));
  const counts = { upgraded: 0, booked: 0, proposed: 0, requested: 0, notStarted: 0 };
  const rows = clients.map((client, i) => {
    let state: RolloutStateView = compareVersions(client.currentVersion, version) >= 0 ? 'upgraded' : 'not_started';
    let upgradeId: string | undefined;
    for (const entry of perClient[i]!) {
      if (entry.toVersion !== version) continue;
      const s = rolloutStateOf(entry.state);
      if (rank[s] > rank[state] || (!upgradeId && s === state && entry.state !== 'cancelled')) {
        state = s;
        upgradeId = entry.id;
      }
    }
    const behind = releases.filter((r) => compareVersions(r.version, client.currentVersion) > 0).length;
    counts[state === 'not_started' ? 'notStarted' : state]++;
    return { clientId: client.id, clientName: client.name, state, currentVersion: client.currentVersion, ...(upgradeId ? { upgradeId } : {}), behind, flagged: behind >= 2 };
  });
  return { version, kind: release.kind, newest: releases.at(-1)!.version, releases: releases.map((r) => r.version), counts, clients: rows };
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface RunStats {
  durations: number[];
  finished: number;
  overruns: number;
  decisions: number;
  noGos: number;
}

/** The runs in an upgrade's audit: each start to its complete or rollback complete, with overruns and decisions. */
export function runsOf(audit: readonly AuditEntry[], window: { endsAt: string } | undefined, stats: RunStats): void {
  let startedAt: number | undefined;
  let overran = false;
  for (const entry of audit) {
    const at = Date.parse(entry.at);
    if (entry.action === 'upgrade_start') {
      startedAt = at;
      overran = false;
    } else if (entry.action === 'overrun') overran = true;
    else if (entry.action === 'decision') {
      stats.decisions++;
      if (/^No-Go/i.test(entry.detail)) stats.noGos++;
    } else if ((entry.action === 'upgrade_complete' || entry.action === 'rollback_complete') && startedAt !== undefined) {
      stats.finished++;
      if (entry.action === 'upgrade_complete') {
        stats.durations.push(Math.round((at - startedAt) / 60_000));
        if (window && at > Date.parse(window.endsAt)) overran = true;
      }
      if (overran) stats.overruns++;
      startedAt = undefined;
    }
  }
}

/** Per release: duration p50/p90 of completed runs, overrun and No-Go rates, from the audit of the upgrades that ran. Staff only. */
export async function readInsights(deps: Deps, viewer: TabViewer, options: { maxUpgrades?: number } = {}): Promise<InsightsView> {
  requireStaff(viewer, 'Upgrade insights');
  const [releases, clients] = await Promise.all([deps.stores.releases.list(), deps.stores.clients.list()]);
  const entries = (await Promise.all(clients.map((c) => deps.stores.schedule.listClient(c.id)))).flat();
  // Upgrades that may have run: the ones with a window that has opened (or finished ones).
  const now = deps.clock.now().getTime();
  const ran = entries
    .filter((e) => e.state === 'completed' || e.state === 'rolling_back' || e.state === 'in_progress' || e.state === 'awaiting_decision' || (e.window && Date.parse(e.window.startsAt) <= now))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, options.maxUpgrades ?? 2_000);
  const stats = new Map<string, RunStats>(releases.map((r) => [r.version, { durations: [], finished: 0, overruns: 0, decisions: 0, noGos: 0 }]));
  let next = 0;
  const lane = async () => {
    while (next < ran.length) {
      const entry = ran[next++]!;
      const s = stats.get(entry.toVersion);
      if (!s) continue;
      runsOf(await deps.stores.upgrades.listAudit(entry.id), entry.window, s);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return {
    releases: releases
      .sort((a, b) => compareVersions(a.version, b.version))
      .map((r) => {
        const s = stats.get(r.version)!;
        const sorted = [...s.durations].sort((a, b) => a - b);
        return {
          version: r.version,
          upgrades: s.finished,
          durationP50Minutes: percentile(sorted, 50),
          durationP90Minutes: percentile(sorted, 90),
          overrunRate: s.finished ? s.overruns / s.finished : 0,
          noGoRate: s.decisions ? s.noGos / s.decisions : 0,
        };
      }),
  };
}
