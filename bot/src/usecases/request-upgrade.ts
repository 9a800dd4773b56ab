import { UpgradeDeskError } from '../domain/errors';
import { compareVersions } from '../domain/release';
import type { Principal } from '../domain/permissions';
import type { Source } from '../domain/audit';
import { isFinished, type Upgrade, type UpgradeMode } from '../domain/upgrade';
import { actorOf } from './actor';
import { createUpgrade, type AppliedEvent } from './apply-event';
import type { Deps } from './context';

/** A client owner asks for an upgrade: it reaches the CSA as `requested`, with a button to propose windows. */
export async function requestUpgrade(deps: Deps, principal: Principal, source: Source, version: string, mode: UpgradeMode = 'managed'): Promise<AppliedEvent> {
  if (principal.kind !== 'owner') throw new UpgradeDeskError('forbidden', 'Only a client\'s owners can request an upgrade; vendor staff use "book {client} {version}".');
  const client = principal.client;
  const release = await deps.stores.releases.get(version);
  if (!release) {
    const versions = (await deps.stores.releases.list()).map((r) => r.version);
    throw new UpgradeDeskError('not_found', `There is no release ${version}. Releases: ${versions.join(', ') || 'none yet'}.`);
  }
  if (compareVersions(version, client.currentVersion) <= 0)
    throw new UpgradeDeskError('bad_input', `${client.name} is on ${client.currentVersion} already; pick a newer release.`);
  const existing = (await deps.stores.schedule.listClient(client.id)).find((u) => u.toVersion === version && !isFinished(u.state));
  if (existing) throw new UpgradeDeskError('invalid_transition', `There is already ${existing.id} for ${version} (${existing.state.replace('_', ' ')}). Type "show ${existing.id}".`);
  const now = deps.clock.now().toISOString();
  const actor = actorOf(principal);
  const draft: Omit<Upgrade, 'id'> = {
    clientId: client.id, fromVersion: client.currentVersion, toVersion: version, mode, state: 'requested',
    proposedWindows: [], prerequisitesDone: [], createdAt: now, updatedAt: now,
  };
  const audit = [{ at: now, actor, source, action: 'requested', detail: `${actor.name} asked for ${version} (${mode.replace('_', '-')})` }];
  return createUpgrade(deps, draft, { audit, notices: [{ kind: 'requested' }] }, { actor, client, release });
}
