import type { Source } from '../domain/audit';
import { UpgradeDeskError } from '../domain/errors';
import { canReschedule } from '../domain/lifecycle';
import { checkPermission, type Principal } from '../domain/permissions';
import type { OfferedWindow } from '../domain/window';
import { applyUpgradeEvent, type AppliedEvent } from './apply-event';
import { availableWindows } from './book-upgrade';
import type { Deps } from './context';
import { loadUpgrade, type LoadedUpgrade } from './load-upgrade';

export interface RescheduleOptions {
  /** The upgrade as it stands: still booked, its window and place in the vendor's capacity kept. */
  loaded: LoadedUpgrade;
  /** The windows the CSA can offer instead (the booked one left out). */
  windows: OfferedWindow[];
}

/**
 * `reschedule <CHG-id>`: checks who asks and that the upgrade is booked, and lists the windows to
 * offer instead. Nothing changes yet: a picker abandoned half-way leaves the booking as it was.
 */
export async function startReschedule(deps: Deps, principal: Principal, upgradeId: string): Promise<RescheduleOptions> {
  const loaded = await loadUpgrade(deps, principal, upgradeId);
  const { upgrade, client, release } = loaded;
  const allowed = checkPermission(principal, client, upgrade.value, { type: 'reschedule', reason: '', windows: [] });
  if (!allowed.ok) throw allowed.error;
  const bookable = canReschedule(upgrade.value);
  if (!bookable.ok) throw bookable.error;
  const booked = upgrade.value.window;
  const windows = (await availableWindows(deps, client, release)).filter((w) => !booked || Date.parse(w.startsAt) !== Date.parse(booked.startsAt));
  return { loaded, windows };
}

/**
 * Sends new windows to the owners in place of the booked one. This is when the booked window is
 * given up (and its place in the vendor's capacity released, by applyUpgradeEvent after the write).
 */
export async function rescheduleUpgrade(
  deps: Deps,
  principal: Principal,
  source: Source,
  input: { upgradeId: string; reason: string; startsAt: string[] },
): Promise<AppliedEvent> {
  const { loaded, windows: offered } = await startReschedule(deps, principal, input.upgradeId);
  const picked = [...new Set(input.startsAt)].map((s) => offered.find((w) => Date.parse(w.startsAt) === Date.parse(s)));
  if (picked.length < 1 || picked.length > 3) throw new UpgradeDeskError('window_invalid', 'Tick one to three windows to propose; the booked window stays until you send them.');
  if (picked.some((w) => !w))
    throw new UpgradeDeskError('window_unavailable', `One of the windows you ticked is no longer available; the booked window stays. Type "reschedule ${loaded.upgrade.value.id}" for the current ones.`);
  const windows = picked.map((w) => ({ startsAt: w!.startsAt, endsAt: w!.endsAt }));
  return applyUpgradeEvent(deps, principal, source, loaded.upgrade.value.id, { type: 'reschedule', reason: input.reason, windows });
}
