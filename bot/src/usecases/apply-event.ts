import type { Source } from '../domain/audit';
import { isUpgradeDeskError, UpgradeDeskError } from '../domain/errors';
import { transition, type Transition, type UpgradeEvent } from '../domain/lifecycle';
import { checkPermission, type Principal } from '../domain/permissions';
import { plannedTimers } from '../domain/timers';
import { systemActor } from '../domain/audit';
import { actorOf } from './actor';
import type { Deps } from './context';
import { loadUpgrade, type LoadedUpgrade } from './load-upgrade';

export interface AppliedEvent extends LoadedUpgrade {
  transition: Transition;
}

export interface ApplyOptions {
  /** Re-read and re-check on a lost race instead of reporting the conflict (automatic actors). */
  retryOnConflict?: boolean;
  /** Skip the permission check: the system itself acts (votes settling a decision, timers). */
  asSystem?: boolean;
  /** The ETag the person's card was built from: a change since then makes the card stale. */
  expectedEtag?: string;
  /** Runs after the rules accept the event and before the write; may throw to stop it. */
  beforeWrite?(loaded: LoadedUpgrade, result: Transition): Promise<void>;
}

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
    const loaded = await loadUpgrade(deps, principal, upgradeId);
    const { upgrade, client, release } = loaded;
    if (options.expectedEtag && options.expectedEtag !== upgrade.etag)
      throw new UpgradeDeskError('conflict', `${upgrade.value.id} changed since this card was sent. Type "show ${upgrade.value.id}" for the current card.`);
    if (!options.asSystem) {
      const allowed = checkPermission(principal, client, upgrade.value, event);
      if (!allowed.ok) throw allowed.error;
    }
    const actor = options.asSystem ? systemActor : actorOf(principal);
    const result = transition(upgrade.value, event, { now: deps.clock.now(), actor, source, release, decisionPolicy: client.decisionPolicy });
    if (!result.ok) throw result.error;
    try {
      await options.beforeWrite?.(loaded, result.value);
      const written = await deps.stores.upgrades.update(result.value.upgrade, upgrade.etag, result.value.audit);
      const applied: AppliedEvent = { upgrade: written, client, release, transition: { ...result.value, upgrade: written.value } };
      await afterChange(deps, applied, actor);
      return applied;
    } catch (err) {
      if (options.retryOnConflict && attempt < 5 && isUpgradeDeskError(err) && err.code === 'conflict') continue;
      throw err;
    }
  }
}

/** Announces a change and re-plans the upgrade's timers. */
export async function afterChange(deps: Deps, applied: AppliedEvent, actor = systemActor): Promise<void> {
  const upgrade = applied.upgrade.value;
  await deps.timers?.planUpgrade(upgrade.id, plannedTimers(upgrade, applied.client, applied.release, deps.clock.now()));
  await deps.notifier?.upgradeChanged({
    upgrade,
    etag: applied.upgrade.etag,
    client: applied.client,
    release: applied.release,
    actor,
    notices: applied.transition.notices,
    audit: applied.transition.audit,
  });
}
