import type { Client } from '../domain/client';
import { UpgradeDeskError } from '../domain/errors';
import { type Release, type ReleaseKind } from '../domain/release';
import { scheduledAt, scheduleEntryOf, type ScheduleEntry } from '../domain/schedule';
import type { Identity } from '../domain/staff';
import type { Upgrade, UpgradeMode, UpgradeState } from '../domain/upgrade';
import { capacityBucketMs } from '../domain/window';
import type { Deps } from './context';
import { visibleClients } from './find-client';
import type { CapacityView, ScheduleItemView, UpgradeDetailView, ViewerView } from './views/schedule-tab-view';

/**
 * What the schedule tab reads: the schedule index and the capacity buckets, never a scan of the
 * upgrades table. A client's people see their own client only (another client's upgrade is "not
 * found", like one that does not exist); the vendor's staff see every client.
 */
export type TabViewer = Exclude<Identity, { kind: 'unknown' }>;

export interface ScheduleFilters {
  /** ISO instants: upgrades that sit on the schedule from `from` (inclusive) to `to` (exclusive). */
  from: string;
  to: string;
  client?: string;
  states?: readonly UpgradeState[];
  release?: string;
  kind?: ReleaseKind;
  mode?: UpgradeMode;
  q?: string;
}

export const stateLabels: Record<UpgradeState, string> = {
  requested: 'Requested',
  proposed: 'Windows proposed',
  booked: 'Booked',
  ready: 'Ready',
  in_progress: 'In progress',
  awaiting_decision: 'Awaiting Go/No-Go',
  rolling_back: 'Rolling back',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

const dayMs = 86_400_000;

export function describeViewer(viewer: TabViewer): ViewerView {
  if (viewer.kind === 'staff') return { name: viewer.staff.name, kind: 'staff', roles: [...viewer.staff.roles] };
  return {
    name: viewer.name,
    kind: viewer.kind,
    roles: viewer.kind === 'owner' ? ['owner'] : [],
    clientId: viewer.client.id,
    clientName: viewer.client.name,
    timeZone: viewer.client.timeZone,
  };
}

function isStaff(viewer: TabViewer): boolean {
  return viewer.kind === 'staff';
}

export function requireStaff(viewer: TabViewer, what: string): void {
  if (!isStaff(viewer)) throw new UpgradeDeskError('forbidden', `${what} is for the vendor's staff only.`);
}

async function releasesByVersion(deps: Deps): Promise<Map<string, Release>> {
  return new Map((await deps.stores.releases.list()).map((r) => [r.version, r]));
}

/** Why staff should look at an upgrade now, if they should. */
export function attentionOf(entry: ScheduleEntry, kind: ReleaseKind, now: Date): string | undefined {
  switch (entry.state) {
    case 'requested':
      return 'Requested: no windows proposed yet';
    case 'proposed':
      return 'Windows proposed, not answered yet';
    case 'awaiting_decision':
      return 'Go/No-Go decision open';
    case 'rolling_back':
      return 'Rolling back';
    case 'booked': {
      if (kind !== 'major' || !entry.window) return undefined;
      const until = Date.parse(entry.window.startsAt) - now.getTime();
      return until <= 7 * dayMs ? 'Major not ready at T-7: prerequisites or CAB approval missing' : undefined;
    }
    default:
      return undefined;
  }
}

function itemOf(entry: ScheduleEntry, client: Client, releases: Map<string, Release>, now: Date): ScheduleItemView {
  const kind = releases.get(entry.toVersion)?.kind ?? 'minor';
  const item: ScheduleItemView = {
    id: entry.id,
    clientId: entry.clientId,
    clientName: client.name,
    clientTimeZone: client.timeZone,
    fromVersion: entry.fromVersion,
    toVersion: entry.toVersion,
    kind,
    mode: entry.mode,
    state: entry.state,
    stateLabel: stateLabels[entry.state] ?? entry.state,
    proposedWindows: entry.proposedWindows.map(({ startsAt, endsAt }) => ({ startsAt, endsAt })),
  };
  if (entry.window) item.window = { startsAt: entry.window.startsAt, endsAt: entry.window.endsAt };
  const attention = attentionOf(entry, kind, now);
  if (attention) item.needsAttention = attention;
  return item;
}

/** A schedule item with what the calendar feed needs besides: when it last changed and its revision. */
export interface CalendarItem extends ScheduleItemView {
  createdAt: string;
  updatedAt: string;
}

/**
 * The upgrades on the schedule in the range the caller may see, filtered; plus the open requests
 * with no date yet (whatever the range). Reads the month partitions the range touches (staff) or
 * with the client's id (a client's people), never the upgrades table.
 */
export async function readSchedule(deps: Deps, viewer: TabViewer, filters: ScheduleFilters): Promise<CalendarItem[]> {
  const clients = visibleClients(viewer, await deps.stores.clients.list());
  const byId = new Map(clients.map((c) => [c.id, c]));
  let clientId: string | undefined;
  if (viewer.kind !== 'staff') clientId = viewer.client.id;
  if (filters.client !== undefined) {
    const wanted = clients.find((c) => c.id === filters.client || c.name.toLowerCase() === filters.client!.toLowerCase());
    // Another client's id, or one that does not exist: the same empty answer.
    if (!wanted) return [];
    clientId = wanted.id;
  }
  const state = filters.states && filters.states.length ? filters.states : undefined;
  const [releases, scheduled, unscheduled] = await Promise.all([
    releasesByVersion(deps),
    deps.stores.schedule.list({ from: filters.from, to: filters.to, ...(clientId ? { clientId } : {}), ...(state ? { state } : {}) }),
    deps.stores.schedule.listUnscheduled({ ...(clientId ? { clientId } : {}), ...(state ? { state } : {}) }),
  ]);
  const now = deps.clock.now();
  const q = filters.q?.trim().toLowerCase();
  const items: CalendarItem[] = [];
  for (const entry of [...scheduled, ...unscheduled]) {
    const client = byId.get(entry.clientId);
    if (!client) continue;
    if (filters.release && entry.toVersion !== filters.release) continue;
    if (filters.mode && entry.mode !== filters.mode) continue;
    const item = itemOf(entry, client, releases, now);
    if (filters.kind && item.kind !== filters.kind) continue;
    if (q && ![item.id, item.clientId, item.clientName, item.fromVersion, item.toVersion, item.stateLabel].some((t) => t.toLowerCase().includes(q))) continue;
    items.push({ ...item, createdAt: entry.createdAt, updatedAt: entry.updatedAt });
  }
  const at = (i: CalendarItem) => scheduledAt({ ...i, updatedAt: i.updatedAt }) ?? '~';
  return items.sort((a, b) => at(a).localeCompare(at(b)) || a.id.localeCompare(b.id));
}

/** The upgrade if the viewer may see it; "not found" alike for another client's and a missing one. */
async function visibleUpgrade(deps: Deps, viewer: TabViewer, id: string): Promise<{ upgrade: Upgrade; client: Client }> {
  const found = await deps.stores.upgrades.get(id);
  const client = found ? await deps.stores.clients.get(found.value.clientId) : undefined;
  if (!found || !client || (viewer.kind !== 'staff' && viewer.client.id !== client.id))
    throw new UpgradeDeskError('not_found', `There is no upgrade ${id} that you can see.`);
  return { upgrade: found.value, client };
}

/** Notice ids of an upgrade's notices (the ones about it start with its change id). */
export interface UpgradeNotices {
  noticesOf(upgradeId: string): Promise<{ noticeId: string; kind: string }[]>;
}

/** An upgrade's detail: readiness, decision and votes, its notices' deliveries and acknowledgements, the audit timeline. */
export async function readUpgradeDetail(deps: Deps, viewer: TabViewer, id: string, notices?: UpgradeNotices): Promise<UpgradeDetailView> {
  const { upgrade, client } = await visibleUpgrade(deps, viewer, id);
  const [release, audit, noticeList] = await Promise.all([
    deps.stores.releases.get(upgrade.toVersion),
    deps.stores.upgrades.listAudit(upgrade.id),
    notices ? notices.noticesOf(upgrade.id) : Promise.resolve([]),
  ]);
  const releases = new Map(release ? [[release.version, release]] : []);
  const item = itemOf(scheduleEntryOf(upgrade), client, releases, deps.clock.now());
  const deliveries = (
    await Promise.all(
      noticeList.map(async ({ noticeId, kind }) => {
        const [report, acknowledgements] = await Promise.all([deps.deliveryReports?.report(noticeId), deps.stores.acknowledgements.count(noticeId)]);
        if (!report) return undefined;
        return { noticeId, kind: report.kind || kind, total: report.total, sent: report.sent, pending: report.pending, failed: report.failed, acknowledgements };
      }),
    )
  ).filter((d) => d !== undefined);
  const detail: UpgradeDetailView = {
    ...item,
    prerequisites: (release?.prerequisites ?? []).map((name) => ({ name, done: upgrade.prerequisitesDone.includes(name) })),
    deliveries,
    timeline: audit.map((a) => ({ at: a.at, actorName: a.actor.name, role: a.actor.role, source: a.source, action: a.action, detail: a.detail })),
  };
  // The audit knows the person who recorded it by name; the upgrade keeps only their id.
  if (upgrade.cabApproval)
    detail.cab = { ...upgrade.cabApproval, recordedBy: audit.find((a) => a.actor.id === upgrade.cabApproval!.recordedBy)?.actor.name ?? upgrade.cabApproval.recordedBy };
  if (upgrade.decision) {
    const d = upgrade.decision;
    detail.decision = {
      reason: d.reason,
      openedAt: d.openedAt,
      deadline: d.deadline,
      ...(d.newEta ? { newEta: d.newEta } : {}),
      votes: (d.votes ?? []).map((v) => ({ voterName: v.voterName, vote: v.vote, at: v.at })),
      ...(d.outcome ? { outcome: d.outcome } : {}),
      ...(d.decidedAt ? { decidedAt: d.decidedAt } : {}),
    };
  }
  return detail;
}

/** Places used and free per hour from `from` to `to` (ISO instants), from the capacity buckets: one range query. */
export async function readCapacity(deps: Deps, from: string, to: string): Promise<CapacityView> {
  const usage = await deps.stores.capacity.usage({ startsAt: from, endsAt: to });
  const capacityPerSlot = deps.rules.capacityPerSlot;
  const hourMs = 3_600_000;
  const perHour = hourMs / capacityBucketMs;
  const slots: CapacityView['slots'] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += hourMs) {
    const first = Math.floor(t / capacityBucketMs);
    let used = 0;
    for (let b = first; b < first + perHour; b++) used = Math.max(used, usage.get(b) ?? 0);
    slots.push({ startsAt: new Date(t).toISOString(), endsAt: new Date(t + hourMs).toISOString(), used, free: Math.max(0, capacityPerSlot - used) });
  }
  return { from, to, capacityPerSlot, slots };
}
