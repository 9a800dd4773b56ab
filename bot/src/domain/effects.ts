import { holdsWindow, type Upgrade } from './upgrade';
import type { UpgradeWindow } from './window';

/**
 * What a change to an upgrade implies beyond its own row. It is recorded in the same Table
 * transaction as the change and applied afterwards, at once by the process that made the change
 * and by the relay after a crash. Every effect is applied against the upgrade as it is stored
 * then, so applying one twice, late or out of order changes nothing.
 */
export interface UpgradeEffects {
  /** Tell people: the transition's notices, and the ticket card brought up to date. */
  announce: boolean;
  /** Re-plan the upgrade's due timers from its state (reminders, window end, decision deadline). */
  planTimers: boolean;
  /** The window the upgrade now holds: a place in the vendor's capacity for it. */
  claim?: UpgradeWindow;
  /** The window it held and no longer does: its place is given back. */
  release?: UpgradeWindow;
  /** Bring the schedule index up to date. */
  project: boolean;
  /** Bring the client's intranet up to date (its upgrade calendar, the freeze post): the window or the state changed. Absent in rows recorded before it existed: true. */
  intranet?: boolean;
}

/** The effects of a change from `before` (undefined for a new upgrade) to `after`. */
export function effectsOfChange(before: Upgrade | undefined, after: Upgrade, options: { timersChanged: boolean }): UpgradeEffects {
  const held = heldWindow(before);
  const holds = heldWindow(after);
  const moved = !sameWindow(held, holds);
  return {
    announce: true,
    planTimers: options.timersChanged,
    ...(moved && holds ? { claim: holds } : {}),
    ...(moved && held ? { release: held } : {}),
    project: true,
    intranet: !before || before.state !== after.state || !sameWindow(before.window, after.window),
  };
}

/** The window an upgrade holds a place for in the vendor's capacity, if any. */
export function heldWindow(upgrade: Upgrade | undefined): UpgradeWindow | undefined {
  return upgrade && holdsWindow(upgrade) ? upgrade.window : undefined;
}

export function sameWindow(a: UpgradeWindow | undefined, b: UpgradeWindow | undefined): boolean {
  if (!a || !b) return a === b;
  return Date.parse(a.startsAt) === Date.parse(b.startsAt) && Date.parse(a.endsAt) === Date.parse(b.endsAt);
}
