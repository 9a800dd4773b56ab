import type { Client } from '../domain/client';
import { UpgradeDeskError } from '../domain/errors';
import { checkSiteUrl, type IntranetJob, type IntranetSettings } from '../domain/intranet';
import type { Caller, Deps } from './context';
import { findClient } from './find-client';
import type { Intranet } from './intranet-ports';

/** One client's intranet as the `sharepoint` command shows it. */
export interface ClientIntranetView {
  client: Client;
  settings: IntranetSettings;
  /** This client's publications not done yet (waiting, backing off or parked, with the reason). */
  jobs: IntranetJob[];
}

function intranetOf(deps: Deps): Intranet {
  if (!deps.intranet) throw new UpgradeDeskError('intranet_not_set_up');
  return deps.intranet;
}

/** The clients whose intranet settings the caller may change: an owner their own, vendor staff any. */
function changeableClients(caller: Caller, clients: readonly Client[]): Client[] {
  const { identity } = caller;
  if (identity.kind === 'staff') return [...clients];
  if (identity.kind === 'owner') return clients.filter((c) => c.id === identity.client.id);
  return [];
}

/** The intranet settings and backlog of the clients the caller may see (one, when named). */
export async function showIntranets(deps: Deps, caller: Caller, clientQuery?: string): Promise<ClientIntranetView[]> {
  const intranet = intranetOf(deps);
  // Its failures can name sites and permissions: for the vendor's staff and the client's owners, not every member.
  const visible = changeableClients(caller, await deps.stores.clients.list());
  if (visible.length === 0) throw new UpgradeDeskError('forbidden', 'SharePoint publishing is for the vendor\'s staff and its clients\' owners.');
  const clients = clientQuery ? [findClient(clientQuery, visible)] : visible;
  const [settings, jobs] = await Promise.all([intranet.settings.list(), intranet.jobs.list()]);
  const upgradesOf = await jobClients(deps, jobs);
  return clients
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((client) => ({
      client,
      settings: settings.find((s) => s.clientId === client.id) ?? { clientId: client.id, publishing: false },
      jobs: jobs.filter((j) => (j.subject.kind === 'upgrade' && upgradesOf.get(j.subject.id) === client.id) || (j.subject.kind === 'client' && j.subject.id === client.id)),
    }));
}

async function jobClients(deps: Deps, jobs: IntranetJob[]): Promise<Map<string, string>> {
  const ids = jobs.filter((j) => j.subject.kind === 'upgrade').map((j) => j.subject.id);
  const found = await Promise.all(ids.map(async (id) => [id, (await deps.stores.upgrades.get(id))?.value.clientId] as const));
  return new Map(found.filter((f): f is readonly [string, string] => f[1] !== undefined));
}

export interface PublishingChange {
  clientQuery?: string;
  on: boolean;
  siteUrl?: string;
}

/**
 * Turns a client's SharePoint publishing on (with its site URL, given now or before) or off.
 * Owners change their own client's, vendor staff any client's. Turning it on asks for every open
 * upgrade of the client to be published, so the calendar starts complete. ETag-guarded: two
 * people changing it at once get a conflict, not a lost change.
 */
export async function setIntranetPublishing(deps: Deps, caller: Caller, change: PublishingChange): Promise<ClientIntranetView> {
  const intranet = intranetOf(deps);
  const changeable = changeableClients(caller, await deps.stores.clients.list());
  if (changeable.length === 0) throw new UpgradeDeskError('forbidden', 'Only the client\'s owners and the vendor\'s staff turn SharePoint publishing on or off.');
  if (!change.clientQuery && changeable.length > 1) throw new UpgradeDeskError('bad_input', 'Say which client: sharepoint {client} on {site URL}, or sharepoint {client} off.');
  const client = change.clientQuery ? findClient(change.clientQuery, changeable) : changeable[0]!;
  const current = await intranet.settings.get(client.id);
  let siteUrl = current?.value.siteUrl;
  if (change.siteUrl !== undefined) {
    const checked = checkSiteUrl(change.siteUrl, { localSites: intranet.localSites === true });
    if (!checked.ok) throw new UpgradeDeskError('bad_input', checked.problem);
    siteUrl = checked.url;
  }
  if (change.on && !siteUrl)
    throw new UpgradeDeskError('bad_input', `Give ${client.name}'s SharePoint site: sharepoint on {site URL}, e.g. sharepoint on https://${client.id}.sharepoint.com/sites/intranet.`);
  const name = caller.identity.kind === 'staff' ? caller.identity.staff.name : caller.identity.kind === 'owner' ? caller.identity.name : 'someone';
  const settings: IntranetSettings = { clientId: client.id, ...(siteUrl ? { siteUrl } : {}), publishing: change.on, updatedBy: name, updatedAt: deps.clock.now().toISOString() };
  await intranet.settings.put(settings, current?.etag, { publishOpenUpgrades: change.on });
  const [view] = await showIntranets(deps, caller, client.id);
  return view!;
}

/** Vendor staff: asks again for the parked publications (of one client, when named) once the cause is fixed. Returns how many. */
export async function retryParkedIntranetJobs(deps: Deps, caller: Caller, clientQuery?: string): Promise<number> {
  const intranet = intranetOf(deps);
  if (caller.identity.kind !== 'staff') throw new UpgradeDeskError('forbidden', 'Retrying SharePoint publications is for the vendor\'s staff.');
  const views = clientQuery ? await showIntranets(deps, caller, clientQuery) : undefined;
  const parked = (views ? views.flatMap((v) => v.jobs) : await intranet.jobs.list()).filter((j) => j.parkedAt);
  for (const job of parked) await intranet.jobs.request(job.subject, new Date());
  return parked.length;
}
