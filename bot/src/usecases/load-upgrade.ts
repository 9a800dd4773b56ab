import type { Client } from '../domain/client';
import { UpgradeDeskError } from '../domain/errors';
import { parseChangeId } from '../domain/change-id';
import type { Principal } from '../domain/permissions';
import type { Release } from '../domain/release';
import type { Upgrade } from '../domain/upgrade';
import type { Deps } from './context';
import type { Versioned } from './ports';

export interface LoadedUpgrade {
  upgrade: Versioned<Upgrade>;
  client: Client;
  release: Release;
}

/** Whether the principal may see this client's upgrades at all: vendor staff, or the client's own people. */
export function canSee(p: Principal, clientId: string): boolean {
  if (p.kind === 'staff' || p.kind === 'system') return true;
  if (p.kind === 'owner' || p.kind === 'member') return p.client.id === clientId;
  if (p.kind === 'automation') return p.clientId === 'vendor' || p.clientId === clientId;
  return false;
}

/**
 * Loads an upgrade with its client and release; one the principal may not see is reported as not
 * found. `recent`: the version this process last saw will do (see UpgradeStore.recent).
 */
export async function loadUpgrade(deps: Deps, principal: Principal, idText: string, options: { recent?: boolean } = {}): Promise<LoadedUpgrade> {
  const parsed = parseChangeId(idText);
  if (!parsed.ok) throw parsed.error;
  const { upgrades } = deps.stores;
  const upgrade = options.recent && upgrades.recent ? await upgrades.recent(parsed.value.id) : await upgrades.get(parsed.value.id);
  if (!upgrade || !canSee(principal, upgrade.value.clientId))
    throw new UpgradeDeskError('not_found', `There is no upgrade ${parsed.value.id} that you can see. Type "upgrades" for the list.`);
  const [client, release] = await Promise.all([
    deps.stores.clients.get(upgrade.value.clientId),
    deps.stores.releases.get(upgrade.value.toVersion),
  ]);
  if (!client || !release) throw new Error(`Upgrade ${parsed.value.id} names a client or release that does not exist`);
  return { upgrade, client, release };
}
