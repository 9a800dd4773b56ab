import type { Client } from '../domain/client';
import { UpgradeDeskError } from '../domain/errors';
import { compareVersions, type Release } from '../domain/release';
import type { OfferedWindow } from '../domain/window';
import type { Caller, Deps } from './context';
import { findClient, visibleClients } from './find-client';
import { offeredWindows } from './offered-windows';

export interface WindowsResult {
  client: Client;
  release?: Release;
  windows: OfferedWindow[];
}

/** The release a client would move to next: the earliest one newer than its current version. */
export function nextReleaseFor(client: Client, releases: readonly Release[]): Release | undefined {
  return [...releases]
    .filter((r) => compareVersions(r.version, client.currentVersion) > 0)
    .sort((a, b) => compareVersions(a.version, b.version))[0];
}

/** The next available windows for a client, for a given release or its next one. */
export async function showWindows(deps: Deps, caller: Caller, clientQuery: string, version?: string): Promise<WindowsResult> {
  const clients = visibleClients(caller.identity, await deps.stores.clients.list());
  const client = findClient(clientQuery, clients);
  const releases = await deps.stores.releases.list();
  const release = version ? releases.find((r) => r.version === version) : nextReleaseFor(client, releases);
  if (version && !release)
    throw new UpgradeDeskError('not_found', `There is no release ${version}. Releases: ${releases.map((r) => r.version).join(', ') || 'none yet'}.`);
  const windows = await offeredWindows(deps, client, release?.kind ?? 'minor', 5);
  return { client, release, windows };
}
