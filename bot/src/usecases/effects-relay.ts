import { applyPendingEffects } from './apply-effects';
import type { Deps } from './context';

export interface EffectsRelayOptions {
  /** Rows younger than this are left to the process that wrote them (its fast path). */
  graceInMs: number;
  /** How long a row is this process's while it applies it; another process takes it after. */
  leaseInMs: number;
  /** Rows per pass. */
  limit: number;
}

export const defaultEffectsRelayOptions: EffectsRelayOptions = { graceInMs: 5_000, leaseInMs: 60_000, limit: 200 };

/**
 * One pass of the relay: applies the effects a crash (or a failure) left recorded and removes
 * them. Several processes may run it: each row is leased (ETag-guarded) before it is applied, and
 * applying one twice changes nothing. Returns how many rows it applied.
 */
export async function relayPendingEffects(deps: Deps, options: EffectsRelayOptions = defaultEffectsRelayOptions): Promise<number> {
  if (!deps.effects) return 0;
  const pending = await deps.effects.listPending({ recordedBefore: new Date(Date.now() - options.graceInMs), limit: options.limit });
  let applied = 0;
  for (const row of pending) {
    const leased = await deps.effects.lease(row, new Date(Date.now() + options.leaseInMs));
    if (!leased) continue;
    try {
      await applyPendingEffects(deps, leased);
      await deps.effects.complete(leased.ref);
      applied++;
    } catch (err) {
      // Left leased: tried again once the lease lapses.
      deps.log?.(`[effects] ${leased.ref.partitionKey} ${leased.ref.rowKey} not applied: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return applied;
}
