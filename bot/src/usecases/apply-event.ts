import type { Source } from '../domain/audit';
import { fail, isUpgradeDeskError, type Result } from '../domain/errors';
import { transition, type Transition, type UpgradeEvent } from '../domain/lifecycle';
import { checkPermission, type Principal } from '../domain/permissions';
import { plannedTimers } from '../domain/timers';
import type { Actor } from '../domain/audit';
import type { Client } from '../domain/client';
import { effectsOfChange } from '../domain/effects';
import type { Release } from '../domain/release';
import type { Upgrade } from '../domain/upgrade';
import { applyUpgradeEffects, settleEffects } from './apply-effects';
import type { UpgradeEffectsRecord } from './ports';
import { actorOf } from './actor';
import { policyOf } from './command-policy';
import type { Deps } from './context';
import { loadUpgrade, type LoadedUpgrade } from './load-upgrade';

export interface AppliedEvent extends LoadedUpgrade {
  transition: Transition;
}

/** What the edge adds to a command: the card it came from, and whether it answers the person in place. */
export interface CommandInput {
  /** The ETag the person's card was built from: a change since then makes the card stale. */
  expectedEtag?: string;
  /** The edge answers the actor with the change's confirmation (an accepted window): no copy to their chat. */
  answeredInPlace?: boolean;
}

/** Attempts at a change that keeps losing races: 20 owners voting at once settle well within it. */
const maxAttempts = 30;

/**
 * The one path every change to an upgrade takes, from chat, cards, the API and timers alike:
 * authorize, let the domain decide, reserve capacity if the command books a window, write with the
 * ETag together with the change's effects, then apply them. How a command meets a lost race, where
 * it starts reading and when it is announced is the command's own policy (command-policy.ts).
 */
export async function applyUpgradeEvent(
  deps: Deps,
  principal: Principal,
  source: Source,
  upgradeId: string,
  event: UpgradeEvent,
  input: CommandInput = {},
): Promise<AppliedEvent> {
  const policy = policyOf(event, principal);
  const actor = actorOf(principal);
  const reserved = policy.reserves?.(event);
  let claimed = false;
  try {
    for (let attempt = 1; ; attempt++) {
      const fromRecent = policy.startFrom === 'recent' && attempt === 1;
      const loaded = await loadUpgrade(deps, principal, upgradeId, { recent: fromRecent });
      const { upgrade, client, release } = loaded;
      const check = (): Result<Transition> => {
        if (input.expectedEtag && input.expectedEtag !== upgrade.etag)
          return fail('conflict', `${upgrade.value.id} changed since this card was sent. Type "show ${upgrade.value.id}" for the current card.`);
        const allowed = checkPermission(principal, client, upgrade.value, event);
        if (!allowed.ok) return allowed;
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
      if (reserved && !claimed) {
        await deps.stores.capacity.claim(upgrade.value.id, reserved, deps.rules.capacityPerSlot);
        claimed = true;
      }
      const now = deps.clock.now();
      const timersChanged = JSON.stringify(plannedTimers(upgrade.value, client, release, now)) !== JSON.stringify(plannedTimers(result.upgrade, client, release, now));
      const record = changeRecord(upgrade.value, result, actor, { timersChanged, answeredInPlace: input.answeredInPlace });
      let written;
      try {
        written = await deps.stores.upgrades.update(result.upgrade, upgrade.etag, result.audit, record);
      } catch (err) {
        const lostRace = isUpgradeDeskError(err) && err.code === 'conflict';
        if (lostRace && (fromRecent || (policy.onConflict === 'retry' && attempt < maxAttempts))) {
          await backOff(attempt);
          continue;
        }
        throw err;
      }
      claimed = false; // held now: the change's effects confirm the place
      deps.trace?.('effects:recorded', written.value.id);
      const applied: AppliedEvent = { upgrade: written, client, release, transition: { ...result, upgrade: written.value } };
      const later = policy.announce === 'after_answer_if_state_unchanged' && upgrade.value.state === written.value.state;
      const settled = settleEffects(deps, written.pending, () => applyUpgradeEffects(deps, record, applied, { announceLater: later }));
      if (!later) await settled;
      return applied;
    }
  } finally {
    // A reservation the change did not take is given back at once (it would lapse by itself).
    if (claimed && reserved) await deps.stores.capacity.release(upgradeId, reserved).catch(() => undefined);
  }
}
/** What a change implies, recorded with it: derived from the upgrade before and after. */
function changeRecord(before: Upgrade | undefined, result: Transition, actor: Actor, options: { timersChanged: boolean; answeredInPlace?: boolean }): UpgradeEffectsRecord {
  return {
    kind: 'upgrade',
    upgradeId: result.upgrade.id,
    effects: effectsOfChange(before, result.upgrade, { timersChanged: options.timersChanged }),
    change: { actor, notices: result.notices, audit: result.audit, ...(options.answeredInPlace ? { confirmedToActor: true } : {}) },
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
