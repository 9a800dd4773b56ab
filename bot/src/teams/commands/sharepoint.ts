import { buildIntranetCard, type IntranetJobLine } from '../../cards/intranet-card';
import type { IntranetJob } from '../../domain/intranet';
import type { Identity } from '../../domain/staff';
import type { Deps } from '../../usecases/context';
import { intranetBacklog } from '../../usecases/intranet-jobs';
import { retryParkedIntranetJobs, setIntranetPublishing, showIntranets, type ClientIntranetView } from '../../usecases/intranet-settings';
import type { CommandSpec, Reply } from './reply';

/**
 * `sharepoint`: where a client's upgrades are published on its intranet, and what is waiting or
 * parked. Owners turn their client's on or off; vendor staff any client's, and retry what is parked.
 */
export const sharepointCommand: CommandSpec = {
  name: 'sharepoint',
  usage: 'sharepoint [client] [on {site URL} | off | retry]',
  description: 'Publishing upgrades to the client\'s SharePoint intranet: show it, turn it on with the site\'s URL or off (owners, vendor staff), retry what is parked (vendor staff).',
  audience: { staff: ['csa', 'implementation_lead', 'release_manager'], owners: true },
  async run(deps, caller, command) {
    const args = command.args;
    const last = args.at(-1)?.toLowerCase();
    if (last === 'retry') {
      const clientQuery = args.slice(0, -1).join(' ') || undefined;
      const retried = await retryParkedIntranetJobs(deps, caller, clientQuery);
      const views = await showIntranets(deps, caller, clientQuery);
      return reply(deps, caller.identity, views, retried ? `Trying ${retried} parked publication${retried === 1 ? '' : 's'} again` : 'Nothing is parked');
    }
    // The last "on" or "off" is the switch: a client's name may hold one ("Hold On Ltd on https://...").
    const switchAt = args.findLastIndex((a) => /^(on|off)$/i.test(a));
    if (switchAt >= 0) {
      const on = args[switchAt]!.toLowerCase() === 'on';
      const clientQuery = args.slice(0, switchAt).join(' ') || undefined;
      const siteUrl = args.slice(switchAt + 1).join(' ') || undefined;
      const view = await setIntranetPublishing(deps, caller, { clientQuery, on, siteUrl });
      const headline = on ? `SharePoint publishing is on for ${view.client.name}` : `SharePoint publishing is off for ${view.client.name}`;
      return reply(deps, caller.identity, [view], headline);
    }
    return reply(deps, caller.identity, await showIntranets(deps, caller, command.rest || undefined));
  },
};

async function reply(deps: Deps, identity: Identity, views: ClientIntranetView[], headline?: string): Promise<Reply> {
  const staff = identity.kind === 'staff';
  const releaseJobs = staff ? ((await intranetBacklog(deps))?.jobs ?? []).filter((j) => j.subject.kind === 'release') : [];
  const hints = staff
    ? ['Type "sharepoint {client} on {site URL}" or "sharepoint {client} off" to change a client\'s, and "sharepoint retry" once what parked a publication is fixed.']
    : ['Type "sharepoint on {site URL}" or "sharepoint off" to change it. Your SharePoint admin grants Upgrade Desk access to that one site (Sites.Selected, Manage role).'];
  return {
    summary: headline ?? 'SharePoint publishing',
    card: buildIntranetCard({
      headline,
      clients: views.map((v) => ({ clientName: v.client.name, siteUrl: v.settings.siteUrl, publishing: v.settings.publishing, updatedBy: v.settings.updatedBy, jobs: v.jobs.map(lineOf) })),
      otherJobs: releaseJobs.map(lineOf),
      hints,
    }),
  };
}

function lineOf(job: IntranetJob): IntranetJobLine {
  const subject = job.subject.kind === 'release' ? `release ${job.subject.id}` : job.subject.kind === 'client' ? 'the open upgrades' : job.subject.id;
  return {
    subject,
    requestedAt: job.requestedAt,
    attempts: job.attempts,
    parked: Boolean(job.parkedAt),
    ...(job.lastError ? { lastError: job.lastError } : {}),
    ...(!job.parkedAt && job.attempts > 0 ? { nextAttemptAt: job.nextAttemptAt } : {}),
  };
}
