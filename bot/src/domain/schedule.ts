import { isFinished, type Upgrade } from './upgrade';

/**
 * An upgrade as the schedule shows it: what lists, window checks and the schedule tab need,
 * without its decision, audit or runbook. Kept by the schedule index, one entry per upgrade.
 */
export type ScheduleEntry = Pick<Upgrade, 'id' | 'clientId' | 'fromVersion' | 'toVersion' | 'mode' | 'state' | 'proposedWindows' | 'createdAt' | 'updatedAt'> &
  Partial<Pick<Upgrade, 'window' | 'standbyEngineerId'>>;

/** The schedule's view of an upgrade. */
export function scheduleEntryOf(upgrade: Upgrade): ScheduleEntry {
  const entry: ScheduleEntry = {
    id: upgrade.id,
    clientId: upgrade.clientId,
    fromVersion: upgrade.fromVersion,
    toVersion: upgrade.toVersion,
    mode: upgrade.mode,
    state: upgrade.state,
    proposedWindows: upgrade.proposedWindows.map(({ startsAt, endsAt }) => ({ startsAt, endsAt })),
    createdAt: upgrade.createdAt,
    updatedAt: upgrade.updatedAt,
  };
  if (upgrade.window) entry.window = { startsAt: upgrade.window.startsAt, endsAt: upgrade.window.endsAt };
  if (upgrade.standbyEngineerId !== undefined) entry.standbyEngineerId = upgrade.standbyEngineerId;
  return entry;
}

/**
 * When an upgrade sits on the schedule (an ISO instant), or undefined while it has no date at
 * all (requested, nothing proposed yet):
 * - its window's start, once it has one;
 * - else the start of the earliest window proposed to the owners;
 * - else, finished without ever having a window (cancelled while requested), when it was closed,
 *   so the unscheduled upgrades are only the open ones.
 */
export function scheduledAt(upgrade: Pick<Upgrade, 'state' | 'window' | 'proposedWindows' | 'updatedAt'>): string | undefined {
  if (upgrade.window) return iso(upgrade.window.startsAt);
  const proposed = upgrade.proposedWindows.map((w) => Date.parse(w.startsAt)).filter((t) => !Number.isNaN(t));
  if (proposed.length) return new Date(Math.min(...proposed)).toISOString();
  if (isFinished(upgrade.state)) return iso(upgrade.updatedAt);
  return undefined;
}

function iso(text: string): string {
  return new Date(Date.parse(text)).toISOString();
}
