import type { Client } from '../domain/client';
import { UpgradeDeskError } from '../domain/errors';
import { transition } from '../domain/lifecycle';
import { checkPermission, isClientContact, type Principal } from '../domain/permissions';
import type { Release } from '../domain/release';
import type { Source } from '../domain/audit';
import type { Upgrade } from '../domain/upgrade';
import type { OfferedWindow } from '../domain/window';
import { actorOf } from './actor';
import { applyUpgradeEvent, createUpgrade, type AppliedEvent } from './apply-event';
import type { Deps } from './context';
import { findClient, visibleClients } from './find-client';
import { offeredWindows } from './offered-windows';

export interface BookingOptions {
  client: Client;
  release: Release;
  windows: OfferedWindow[];
  /** The open upgrade of this client to this release, if one exists (requested or proposed). */
  existing?: Upgrade;
}

const open = (u: Pick<Upgrade, 'state'>) => u.state !== 'completed' && u.state !== 'cancelled';

/** The next windows a client can be offered for a release, from the vendor's capacity buckets (see offeredWindows). */
export async function availableWindows(deps: Deps, client: Client, release: Release, count = 6): Promise<OfferedWindow[]> {
  return offeredWindows(deps, client, release.kind, count);
}

/** `book <client> <version>`: checks who asks and what, and lists the windows to choose from. */
export async function startBooking(deps: Deps, principal: Principal, clientQuery: string, version: string): Promise<BookingOptions> {
  const clients = visibleClients(principal, await deps.stores.clients.list());
  const client = findClient(clientQuery, clients);
  if (!isClientContact(principal, client))
    throw new UpgradeDeskError('forbidden', `Only ${client.name}'s CSA or implementation lead can book its upgrades.`);
  const release = await deps.stores.releases.get(version);
  if (!release) {
    const versions = (await deps.stores.releases.list()).map((r) => r.version);
    throw new UpgradeDeskError('not_found', `There is no release ${version}. Releases: ${versions.join(', ') || 'none yet'}.`);
  }
  const upgrades = await deps.stores.schedule.listClient(client.id);
  const found = upgrades.find((u) => u.toVersion === version && open(u));
  // The index says which; the upgrade itself (read by id) says how it stands now.
  const current = found && (await deps.stores.upgrades.get(found.id))?.value;
  const same = current && open(current) ? current : undefined;
  if (same && !['requested', 'proposed'].includes(same.state))
    throw new UpgradeDeskError('invalid_transition', `${client.name} already has ${same.id} for ${version} (${same.state.replace('_', ' ')}). Use "reschedule ${same.id}" to move it.`);
  return { client, release, windows: await availableWindows(deps, client, release), existing: same };
}

/** Sends one to three windows to the client's owners: creates the upgrade (CHG id) or re-proposes on the open one. */
export async function proposeWindows(
  deps: Deps,
  principal: Principal,
  source: Source,
  input: { clientId: string; version: string; startsAt: string[] },
): Promise<AppliedEvent> {
  const options = await startBooking(deps, principal, input.clientId, input.version);
  const picked = [...new Set(input.startsAt)].map((s) => options.windows.find((w) => Date.parse(w.startsAt) === Date.parse(s)));
  if (picked.length < 1 || picked.length > 3) throw new UpgradeDeskError('window_invalid', 'Tick one to three windows to propose.');
  if (picked.some((w) => !w))
    throw new UpgradeDeskError('window_unavailable', 'One of the windows you ticked is no longer available; here are the current ones.');
  const windows = picked.map((w) => ({ startsAt: w!.startsAt, endsAt: w!.endsAt }));
  const event = { type: 'propose' as const, windows };
  if (options.existing) return applyUpgradeEvent(deps, principal, source, options.existing.id, event);

  const now = deps.clock.now().toISOString();
  const draft: Upgrade = {
    id: 'new', clientId: options.client.id, fromVersion: options.client.currentVersion, toVersion: options.release.version,
    mode: 'managed', state: 'requested', proposedWindows: [], prerequisitesDone: [], createdAt: now, updatedAt: now,
  };
  const allowed = checkPermission(principal, options.client, draft, event);
  if (!allowed.ok) throw allowed.error;
  const result = transition(draft, event, {
    now: deps.clock.now(), actor: actorOf(principal), source, release: options.release, decisionPolicy: options.client.decisionPolicy,
    ownerIds: options.client.ownerIds, timeZone: options.client.timeZone,
  });
  if (!result.ok) throw result.error;
  const { id: _ignored, ...rest } = result.value.upgrade;
  const applied = await createUpgrade(deps, rest, result.value, { actor: actorOf(principal), client: options.client, release: options.release });
  return applied;
}
