import type { Client } from '../domain/client';
import type { Upgrade } from '../domain/upgrade';
import type { Caller, Deps } from './context';
import { findClient, visibleClients } from './find-client';

export interface UpgradeListing {
  client?: Client;
  rows: { upgrade: Upgrade; client: Client }[];
}

/** Upgrades the caller may see, optionally for one client; soonest window first, unscheduled last. */
export async function listUpgrades(deps: Deps, caller: Caller, clientQuery?: string): Promise<UpgradeListing> {
  const clients = visibleClients(caller.identity, await deps.stores.clients.list());
  const client = clientQuery ? findClient(clientQuery, clients) : undefined;
  const scope = client ? [client] : clients;
  const byId = new Map(scope.map((c) => [c.id, c]));
  const upgrades = client ? await deps.stores.upgrades.list({ clientId: client.id }) : await deps.stores.upgrades.list();
  const when = (u: Upgrade) => (u.window ? Date.parse(u.window.startsAt) : Number.MAX_SAFE_INTEGER);
  const rows = upgrades
    .filter((u) => byId.has(u.clientId))
    .sort((a, b) => when(a) - when(b) || a.id.localeCompare(b.id))
    .map((upgrade) => ({ upgrade, client: byId.get(upgrade.clientId)! }));
  return { client, rows };
}
