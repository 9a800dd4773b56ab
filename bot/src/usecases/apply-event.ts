import type { Source } from '../domain/audit';
import { fail, isUpgradeDeskError, type Result } from '../domain/errors';
import { transition, type Transition, type UpgradeEvent } from '../domain/lifecycle';
import { checkPermission, type Principal } from '../domain/permissions';
import { plannedTimers } from '../domain/timers';
import { systemActor } from '../domain/audit';
import { holdsWindow, type Upgrade } from '../domain/upgrade';
import { actorOf } from './actor';
import type { Deps } from './context';
import { loadUpgrade, type LoadedUpgrade } from './load-upgrade';

export interface AppliedEvent extends LoadedUpgrade {
  transition: Transition;
}

export interface ApplyOptions {
  /** Re-read and re-check on a lost race instead of reporting the conflict (automatic actors, votes). */
  retryOnConflict?: boolean;
  /** Skip the permission check: the system itself acts (timers). */
  asSystem?: boolean;
  /** The ETag the person's card was built from: a change since then makes the card stale. */
  expectedEtag?: string;
  /** Runs after the rules accept the event and before the write; may throw to stop it. */
  beforeWrite?(loaded: LoadedUpgrade, result: Transition): Promise<void>;
  /**
   * Start from the version this process last saw instead of reading it: the ETag-guarded write
   * catches a stale one, and a refusal is checked again on a fresh read before it is reported.
   */
  fromRecent?: boolean;
  /** A change that leaves the state as it was (a vote) is announced in the background, after the answer. */
  announceLater?: boolean;
  /** The edge answers the actor with the change's confirmation (an accepted window): no copy to their chat. */
  confirmedToActor?: boolean;
}

/** Attempts at a change that keeps losing races: 20 owners voting at once settle well within it. */
const maxAttempts = 30;

/** The one path every change to an upgrade takes: check, apply the rules, write with the ETag, announce. */
export async function applyUpgradeEvent(
  deps: Deps,
  principal: Principal,
  source: Source,
  upgradeId: string,
  event: UpgradeEvent,
  options: ApplyOptions = {},
): Promise<AppliedEvent> {
  for (let attempt = 1; ; attempt++) {
    const fromRecent = options.fromRecent === true && attempt === 1;
    const loaded = await loadUpgrade(deps, principal, upgradeId, { recent: fromRecent });
    const { upgrade, client, release } = loaded;
    const actor = options.asSystem ? systemActor : actorOf(principal);
    const check = (): Result<Transition> => {
      if (options.expectedEtag && options.expectedEtag !== upgrade.etag)
        return fail('conflict', `${upgrade.value.id} changed since this card was sent. Type "show ${upgrade.value.id}" for the current card.`);
      if (!options.asSystem) {
        const allowed = checkPermission(principal, client, upgrade.value, event);
        if (!allowed.ok) return allowed;
      }
      return transition(upgrade.value, event, {
        now: deps.clock.now(), actor, source, release, decisionPolicy: client.decisionPolicy, ownerIds: client.ownerIds, timeZone: client.timeZone,
      });
    };
    const checked = check();
    if (!checked.ok) {
      if (fromRecent) continue;
      throw checked.error;
    }
    const result = checked.value;
    // Nothing changes (a double click, a replayed invoke): nothing is written or announced.
    if (result.upgrade === upgrade.value) {
      if (fromRecent) continue;
      return { ...loaded, transition: result };
    }
    await options.beforeWrite?.(loaded, result);
    let written;
    try {
      written = await deps.stores.upgrades.update(result.upgrade, upgrade.etag, result.audit);
    } catch (err) {
      const lostRace = isUpgradeDeskError(err) && err.code === 'conflict';
      if (lostRace && (fromRecent || (options.retryOnConflict && attempt < maxAttempts))) {
        await backOff(attempt);
        continue;
      }
      throw err;
    }
    await releaseGivenUpWindow(deps, upgrade.value, written.value);
    const applied: AppliedEvent = { upgrade: written, client, release, transition: { ...result, upgrade: written.value } };
    await afterChange(deps, applied, actor, { before: upgrade.value, announceLater: options.announceLater, confirmedToActor: options.confirmedToActor });
    return applied;
  }
}

/**
 * Gives back the vendor's capacity an upgrade held once it no longer holds that window (new windows
 * proposed instead, cancelled, rolled back): only then, never before. A failure here leaves the place
 * taken in the calendar; the change itself is written and is announced all the same.
 */
async function releaseGivenUpWindow(deps: Deps, before: Upgrade, after: Upgrade): Promise<void> {
  const old = before.window;
  if (!old || !holdsWindow(before)) return;
  if (holdsWindow(after) && after.window && Date.parse(after.window.startsAt) === Date.parse(old.startsAt) && Date.parse(after.window.endsAt) === Date.parse(old.endsAt)) return;
  await deps.stores.capacity.release(before.id, old).catch(() => undefined);
}

/** A short random pause after a lost race, longer each time, so racing writers spread out. */
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10) * 2));
}

/**
 * Announces a change and re-plans the upgrade's timers when they changed (`before` is the upgrade
 * as it was; without it they are re-planned).
 */
export async function afterChange(
  deps: Deps,
  applied: AppliedEvent,
  actor = systemActor,
  options: { before?: Upgrade; announceLater?: boolean; confirmedToActor?: boolean } = {},
): Promise<void> {
  const upgrade = applied.upgrade.value;
  const now = deps.clock.now();
  const timers = plannedTimers(upgrade, applied.client, applied.release, now);
  const unchanged = options.before && JSON.stringify(plannedTimers(options.before, applied.client, applied.release, now)) === JSON.stringify(timers);
  if (!unchanged) await deps.timers?.planUpgrade(upgrade.id, timers);
  const change = {
    upgrade,
    etag: applied.upgrade.etag,
    client: applied.client,
    release: applied.release,
    actor,
    notices: applied.transition.notices,
    audit: applied.transition.audit,
    ...(options.confirmedToActor ? { confirmedToActor: true } : {}),
  };
  if (options.announceLater && options.before?.state === upgrade.state && deps.notifier?.upgradeChangedLater) deps.notifier.upgradeChangedLater(change);
  else await deps.notifier?.upgradeChanged(change);
}
