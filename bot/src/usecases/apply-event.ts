import type { Source } from '../domain/audit';
import { fail, isUpgradeDeskError, type Result } from '../domain/errors';
import { transition, type Transition, type UpgradeEvent } from '../domain/lifecycle';
import { checkPermission, type Principal } from '../domain/permissions';
import { plannedTimers } from '../domain/timers';
import { systemActor, type Actor } from '../domain/audit';
import type { Client } from '../domain/client';
import { effectsOfChange } from '../domain/effects';
import type { Release } from '../domain/release';
import type { Upgrade } from '../domain/upgrade';
import { applyUpgradeEffects, settleEffects } from './apply-effects';
import type { UpgradeEffectsRecord } from './ports';
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
    const now = deps.clock.now();
    const timersChanged = JSON.stringify(plannedTimers(upgrade.value, client, release, now)) !== JSON.stringify(plannedTimers(result.upgrade, client, release, now));
    const record = changeRecord(upgrade.value, result, actor, { timersChanged, confirmedToActor: options.confirmedToActor });
    let written;
    try {
      written = await deps.stores.upgrades.update(result.upgrade, upgrade.etag, result.audit, record);
    } catch (err) {
      const lostRace = isUpgradeDeskError(err) && err.code === 'conflict';
      if (lostRace && (fromRecent || (options.retryOnConflict && attempt < maxAttempts))) {
        await backOff(attempt);
        continue;
      }
      throw err;
    }
    deps.trace?.('effects:recorded', written.value.id);
    const applied: AppliedEvent = { upgrade: written, client, release, transition: { ...result, upgrade: written.value } };
    // A change that leaves the state as it was (a vote) is announced in the background, after the answer.
    const later = options.announceLater === true && upgrade.value.state === written.value.state;
    const settled = settleEffects(deps, written.pending, () => applyUpgradeEffects(deps, record, applied, { announceLater: later }));
    if (!later) await settled;
    return applied;
  }
}

/** What a change implies, recorded with it: derived from the upgrade before and after. */
function changeRecord(before: Upgrade | undefined, result: Transition, actor: Actor, options: { timersChanged: boolean; confirmedToActor?: boolean }): UpgradeEffectsRecord {
  return {
    kind: 'upgrade',
    upgradeId: result.upgrade.id,
    effects: effectsOfChange(before, result.upgrade, { timersChanged: options.timersChanged }),
    change: { actor, notices: result.notices, audit: result.audit, ...(options.confirmedToActor ? { confirmedToActor: true } : {}) },
  };
}

/**
 * Creates an upgrade (a request, or a first proposal) with its audit lines and the effects of its
 * creation in one transaction, then applies them.
 */
export async function createUpgrade(
  deps: Deps,
  draft: Omit<Upgrade, 'id'>,
  result: Omit<Transition, 'upgrade'>,
  context: { actor: Actor; client: Client; release: Release },
): Promise<AppliedEvent> {
  const { actor, client, release } = context;
  const record = (upgrade: Upgrade) => changeRecord(undefined, { ...result, upgrade }, actor, { timersChanged: true });
  const created = await deps.stores.upgrades.create(draft, result.audit, record);
  deps.trace?.('effects:recorded', created.value.id);
  const applied: AppliedEvent = { upgrade: created, client, release, transition: { ...result, upgrade: created.value } };
  await settleEffects(deps, created.pending, () => applyUpgradeEffects(deps, record(created.value), applied));
  return applied;
}

/** A short random pause after a lost race, longer each time, so racing writers spread out. */
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10) * 2));
}
