import type { AdaptiveCard } from '../cards/adaptive-card';
import { buildEarlyStartCard } from '../cards/early-start-card';
import { isUpgradeDeskError, type UpgradeDeskError } from '../domain/errors';
import type { Principal } from '../domain/permissions';
import type { Deps } from '../usecases/context';
import { loadUpgrade } from '../usecases/load-upgrade';

/** Whether a refusal only asks the engineer to confirm an upgrade start before the window. */
export function asksToConfirmEarlyStart(err: unknown): err is UpgradeDeskError {
  return isUpgradeDeskError(err) && err.code === 'early_start_needs_reason';
}

/**
 * The confirmation card for a start before the window (chat command and ticket card alike): its
 * button posts the start again with the reason, on the version of the upgrade the card shows.
 */
export async function earlyStartConfirmation(deps: Deps, principal: Principal, upgradeId: string, refusal: UpgradeDeskError, note?: string): Promise<AdaptiveCard> {
  const { upgrade, client } = await loadUpgrade(deps, principal, upgradeId);
  const window = upgrade.value.window;
  if (!window) throw refusal;
  return buildEarlyStartCard({
    upgradeId: upgrade.value.id, v: upgrade.etag, clientName: client.name, timeZone: client.timeZone, window, message: refusal.userMessage, note,
  });
}
