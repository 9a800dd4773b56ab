import type { Source } from '../domain/audit';
import { isUpgradeDeskError, UpgradeDeskError } from '../domain/errors';
import type { Principal } from '../domain/permissions';
import type { OfferedWindow } from '../domain/window';
import { applyUpgradeEvent, type AppliedEvent } from './apply-event';
import { availableWindows } from './book-upgrade';
import type { Deps } from './context';
import { loadUpgrade } from './load-upgrade';

export type AcceptOutcome =
  | { booked: true; applied: AppliedEvent }
  | { booked: false; reason: string; upgradeId: string; nextWindows: OfferedWindow[] };

/**
 * An owner accepts one proposed window. The accept command reserves the vendor's capacity before
 * its write (ETag-guarded), so two owners taking the last place at once end with one booking; the
 * other is told and offered the next windows.
 */
export async function acceptWindow(deps: Deps, principal: Principal, source: Source, upgradeId: string, startsAt: string): Promise<AcceptOutcome> {
  const { upgrade, client, release } = await loadUpgrade(deps, principal, upgradeId);
  const window = upgrade.value.proposedWindows.find((w) => Date.parse(w.startsAt) === Date.parse(startsAt));
  if (!window) {
    if (upgrade.value.state !== 'proposed')
      throw new UpgradeDeskError('invalid_transition', `${upgrade.value.id} is ${upgrade.value.state.replace('_', ' ')}; there is no proposal to accept any more.`);
    throw new UpgradeDeskError('window_invalid', 'That window is not in the latest proposal; pick one from the current card.');
  }
  try {
    // The owner who accepts is answered with the booking confirmation (proposal.accept), in place.
    const applied = await applyUpgradeEvent(deps, principal, source, upgradeId, { type: 'accept', window }, { answeredInPlace: true });
    return { booked: true, applied };
  } catch (err) {
    if (isUpgradeDeskError(err) && err.code === 'window_unavailable') {
      // The owner is offered the next windows at once, on the same ticket, rather than a dead end.
      const nextWindows = await availableWindows(deps, client, release, 3);
      if (nextWindows.length)
        await applyUpgradeEvent(deps, { kind: 'system', reason: `the window ${upgrade.value.id}'s owner picked was taken` }, source, upgrade.value.id, {
          type: 'propose', windows: nextWindows.map(({ startsAt: s, endsAt }) => ({ startsAt: s, endsAt })),
        });
      return { booked: false, reason: 'That window was taken by another booking a moment ago; here are the next available ones.', upgradeId: upgrade.value.id, nextWindows };
    }
    throw err;
  }
}
