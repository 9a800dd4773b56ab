import type { Client } from '../domain/client';
import type { ReleaseKind } from '../domain/release';
import { capacitySearchSpan, nextAvailableWindows, type OfferedWindow } from '../domain/window';
import type { Deps } from './context';

/** How far ahead the search looks, widening only when the nearer weeks hold too few windows. */
const horizonsInDays = [28, 91, 180] as const;

/**
 * The next windows a client can be offered for a release of this kind, computed from the capacity
 * buckets as they are now: the same buckets, counted the same way, that accepting a window claims,
 * so every window offered can be accepted (unless someone takes its last place first). The buckets
 * are read a few weeks at a time, further only when the nearer weeks hold too few windows.
 */
export async function offeredWindows(deps: Deps, client: Client, kind: ReleaseKind, count: number): Promise<OfferedWindow[]> {
  const usage = new Map<number, number>();
  let readUntil: number | undefined;
  let offered: OfferedWindow[] = [];
  const now = deps.clock.now();
  for (const horizonInDays of horizonsInDays) {
    const input = {
      now, timeZone: client.timeZone, policy: client.windowPolicy, kind, blackoutDates: client.blackoutDates,
      rules: deps.rules, count, horizonInDays,
    };
    const span = capacitySearchSpan(input);
    const from = readUntil ?? Date.parse(span.startsAt);
    if (Date.parse(span.endsAt) > from) {
      // The bucket at the seam is read twice, with the same count: set, never add.
      for (const [bucket, n] of await deps.stores.capacity.usage({ startsAt: new Date(from).toISOString(), endsAt: span.endsAt })) usage.set(bucket, n);
      readUntil = Date.parse(span.endsAt);
    }
    offered = nextAvailableWindows({ ...input, usage });
    if (offered.length >= count) break;
  }
  return offered;
}
