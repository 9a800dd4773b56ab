import type { Client } from '../domain/client';
import { heldWindow, sameWindow } from '../domain/effects';
import type { Release } from '../domain/release';
import { plannedTimers } from '../domain/timers';
import type { Upgrade } from '../domain/upgrade';
import type { Deps } from './context';
import type { PendingEffects, PendingEffectsRef, ReleaseEffectsRecord, UpgradeEffectsRecord, Versioned } from './ports';

/** The upgrade as the process that wrote it has it: no read needed on the fast path. */
export interface KnownUpgrade {
  upgrade: Versioned<Upgrade>;
  client: Client;
  release: Release;
}

/**
 * Applies an upgrade change's effects against the upgrade as stored now (or as just written), in
 * an order where a crash between any two steps is repaired by applying them all again: capacity,
 * timers, the schedule index, then the notices (whose ids make a second enqueue add nothing).
 */
export async function applyUpgradeEffects(deps: Deps, record: UpgradeEffectsRecord, known?: KnownUpgrade, options: { announceLater?: boolean } = {}): Promise<void> {
  const current = known ?? (await loadCurrent(deps, record.upgradeId));
  if (!current) return; // nothing to apply to: the upgrade is gone
  const { upgrade, client, release } = current;
  const { effects, change } = record;
  const holds = heldWindow(upgrade.value);
  if (effects.release && !sameWindow(holds, effects.release)) await deps.stores.capacity.release(upgrade.value.id, effects.release);
  if (effects.claim && sameWindow(holds, effects.claim)) await deps.stores.capacity.hold(upgrade.value.id, effects.claim);
  deps.trace?.('effects:capacity', upgrade.value.id);
  if (effects.planTimers) await deps.timers?.planUpgrade(upgrade.value.id, plannedTimers(upgrade.value, client, release, deps.clock.now()));
  deps.trace?.('effects:timers', upgrade.value.id);
  if (effects.project) await deps.schedule?.project(upgrade.value);
  deps.trace?.('effects:projected', upgrade.value.id);
  if (effects.intranet !== false && (await publishesToIntranet(deps, client.id))) await deps.intranet?.jobs.request({ kind: 'upgrade', id: upgrade.value.id }, new Date());
  deps.trace?.('effects:intranet', upgrade.value.id);
  if (effects.announce && deps.notifier) {
    const announced = { upgrade: upgrade.value, etag: upgrade.etag, client, release, ...change };
    if (options.announceLater && deps.notifier.upgradeChangedLater) await deps.notifier.upgradeChangedLater(announced);
    else await deps.notifier.upgradeChanged(announced);
  }
  deps.trace?.('effects:announced', upgrade.value.id);
}

/** A published release's effects: the townhall to every client's channel (one notice id per version). */
export async function applyReleaseEffects(deps: Deps, record: ReleaseEffectsRecord, known?: Release): Promise<{ delivered: number }> {
  const release = known ?? (await deps.stores.releases.get(record.version));
  if (!release) return { delivered: 0 };
  if (record.effects.article !== false && deps.intranet?.releaseNotesSite) await deps.intranet.jobs.request({ kind: 'release', id: release.version }, new Date());
  if (!deps.announceRelease) return { delivered: 0 };
  const announced = await deps.announceRelease(release);
  deps.trace?.('effects:townhall', record.version);
  return announced;
}

/** Applies a recorded effects row (the relay, after a crash or a slow fast path). */
export async function applyPendingEffects(deps: Deps, pending: PendingEffects): Promise<void> {
  if (pending.kind === 'upgrade') await applyUpgradeEffects(deps, pending);
  else await applyReleaseEffects(deps, pending);
}

/**
 * The fast path: the process that made a change applies its effects at once and removes their
 * row. A failure is logged, not thrown: the change is written, and the relay applies them later.
 */
export async function settleEffects(deps: Deps, ref: PendingEffectsRef | undefined, apply: () => Promise<void>): Promise<void> {
  try {
    await apply();
    if (ref) await deps.effects?.complete(ref);
    deps.trace?.('effects:done', ref?.partitionKey ?? '');
  } catch (err) {
    deps.log?.(`[effects] ${ref?.partitionKey ?? ''} left for the relay: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function publishesToIntranet(deps: Deps, clientId: string): Promise<boolean> {
  if (!deps.intranet) return false;
  const settings = await deps.intranet.settings.get(clientId);
  return Boolean(settings?.value.publishing && settings.value.siteUrl);
}

async function loadCurrent(deps: Deps, upgradeId: string): Promise<KnownUpgrade | undefined> {
  const upgrade = await deps.stores.upgrades.get(upgradeId);
  if (!upgrade) return undefined;
  const [client, release] = await Promise.all([deps.stores.clients.get(upgrade.value.clientId), deps.stores.releases.get(upgrade.value.toVersion)]);
  if (!client || !release) throw new Error(`Upgrade ${upgradeId} names a client or release that does not exist`);
  return { upgrade, client, release };
}
