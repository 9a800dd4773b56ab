import type { IntranetSubject } from '../domain/intranet';
import type { UpgradeState } from '../domain/upgrade';
import type { Deps } from './context';
import type { IntranetSite } from './intranet-ports';
import { calendarEntryOf, calledOffFreezePostOf, freezePostOf, releaseArticleOf } from './views/intranet-views';

const openStates: UpgradeState[] = ['requested', 'proposed', 'booked', 'ready', 'in_progress', 'awaiting_decision', 'rolling_back'];

/** What one publication did: published, or nothing to do and why (the job is done either way). */
export type IntranetOutcome = { published: string[] } | { skipped: string };

/**
 * Brings one subject up to date on the intranet, from the records as they are now (however many
 * changes were asked for meanwhile): an upgrade's calendar row and freeze post on its client's
 * site, a release's article on the release-notes site. Throws what SharePoint answered (an
 * IntranetError) for the worker to retry or park.
 */
export async function publishToIntranet(deps: Deps, subject: IntranetSubject): Promise<IntranetOutcome> {
  const intranet = deps.intranet;
  if (!intranet) return { skipped: 'SharePoint publishing is not set up' };
  if (subject.kind === 'release') {
    const site = intranet.releaseNotesSite;
    if (!site) return { skipped: 'no release-notes site is configured' };
    const release = await deps.stores.releases.get(subject.id);
    if (!release) return { skipped: `release ${subject.id} does not exist` };
    await intranet.publisher.publishReleaseArticle(site, releaseArticleOf(release));
    return { published: [`article for ${release.version}`] };
  }

  if (subject.kind === 'client') {
    // Turned on: each open upgrade of the client becomes a publication of its own.
    const open = await deps.stores.schedule.listClient(subject.id, { state: openStates });
    for (const upgrade of open) await intranet.jobs.request({ kind: 'upgrade', id: upgrade.id }, new Date());
    return { published: [`asked for ${open.length} open upgrade${open.length === 1 ? '' : 's'} of ${subject.id}`] };
  }

  const upgrade = await deps.stores.upgrades.get(subject.id);
  if (!upgrade) return { skipped: `upgrade ${subject.id} does not exist` };
  const [client, release, settings] = await Promise.all([
    deps.stores.clients.get(upgrade.value.clientId),
    deps.stores.releases.get(upgrade.value.toVersion),
    intranet.settings.get(upgrade.value.clientId),
  ]);
  if (!client || !release) return { skipped: `upgrade ${subject.id} names a client or release that does not exist` };
  if (!settings?.value.publishing || !settings.value.siteUrl) return { skipped: `${client.name} does not publish to SharePoint` };
  const site: IntranetSite = { url: settings.value.siteUrl, tenantId: client.tenantId };
  await intranet.publisher.mirrorUpgrade(site, calendarEntryOf(upgrade.value, client, deps.scheduleLink?.(upgrade.value.id)));
  const published = [`calendar row for ${upgrade.value.id}`];
  const post = freezePostOf(upgrade.value, client, release) ?? calledOffFreezePostOf(upgrade.value, release);
  if (post) {
    await intranet.publisher.publishFreezePost(site, post);
    published.push(`freeze post for ${upgrade.value.id}`);
  }
  return { published };
}
