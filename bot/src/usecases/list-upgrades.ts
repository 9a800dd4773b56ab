import type { Client } from '../domain/client';
import { scheduledAt, type ScheduleEntry } from '../domain/schedule';
import type { Caller, Deps } from './context';
import { findClient, visibleClients } from './find-client';

export interface UpgradeListing {
  client?: Client;
  /**
   * Set when the listing is the vendor-wide schedule: the upgrades that sit on it from `from` to
   * `to` (ISO instants), and the requested ones with no date yet. A client's listing has them all.
   */
  span?: { from: string; to: string };
  rows: { upgrade: ScheduleEntry; client: Client }[];
}

/** How many whole UTC months before the current one, and after it, the vendor-wide listing shows. */
const monthsBack = 1;
const monthsAhead = 3;

/**
 * Upgrades the caller may see, from the schedule index (never a scan of the upgrades): one
 * client's, all of them (one partition per client visible, so an owner's is one read); for the
 * vendor's staff across every client, the months around now plus the requested ones with no date.
 * Soonest first; the unscheduled last.
 */
export async function listUpgrades(deps: Deps, caller: Caller, clientQuery?: string): Promise<UpgradeListing> {
  const clients = visibleClients(caller.identity, await deps.stores.clients.list());
  const client = clientQuery ? findClient(clientQuery, clients) : undefined;
  const scope = client ? [client] : clients;
  const byId = new Map(scope.map((c) => [c.id, c]));
  let span: UpgradeListing['span'];
  let entries: ScheduleEntry[];
  if (client || scope.length <= 1) {
    entries = (await Promise.all(scope.map((c) => deps.stores.schedule.listClient(c.id)))).flat();
  } else {
    const now = deps.clock.now();
    span = {
      from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1)).toISOString(),
      to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead + 1, 1)).toISOString(),
    };
    const [scheduled, unscheduled] = await Promise.all([deps.stores.schedule.list(span), deps.stores.schedule.listUnscheduled()]);
    entries = [...scheduled, ...unscheduled];
  }
  const when = (u: ScheduleEntry) => (u.window ? Date.parse(u.window.startsAt) : Number.MAX_SAFE_INTEGER);
  const rows = entries
    .filter((u) => byId.has(u.clientId))
    .sort((a, b) => when(a) - when(b) || (scheduledAt(a) ?? '~').localeCompare(scheduledAt(b) ?? '~') || a.id.localeCompare(b.id))
    .map((upgrade) => ({ upgrade, client: byId.get(upgrade.clientId)! }));
  return { client, span, rows };
}
