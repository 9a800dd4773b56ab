import { startSharePointStandin, type RecordedRequest, type SharePointStandin, type SharePointStandinOptions } from '../../../bot/dev/sharepoint-standin';
import { SharePointPublisher } from '../../../bot/src/sharepoint/sharepoint-publisher';
import { devSharePointToken, devTokens } from '../../../bot/src/sharepoint/sharepoint-tokens';
import type { CalendarEntry, FreezePost, IntranetSite, ReleaseArticle } from '../../../bot/src/usecases/intranet-ports';

/** A stand-in SharePoint, a client's site on it, and a publisher using the dev token. */
export interface SharePointWorld {
  standin: SharePointStandin;
  site: IntranetSite;
  sitePath: string;
  publisher: SharePointPublisher;
  /** Requests since start (or the last `forget()`), as "METHOD decoded-path-after-_api" lines. */
  calls(): string[];
  forget(): void;
}

export async function sharePointWorld(options: SharePointStandinOptions & { sitePath?: string } = {}): Promise<SharePointWorld> {
  const standin = await startSharePointStandin(options);
  const sitePath = options.sitePath ?? '/sites/intranet';
  const site = { url: standin.siteUrl(sitePath), tenantId: '11111111-2222-3333-4444-555555555555' };
  return {
    standin,
    site,
    sitePath,
    publisher: new SharePointPublisher({ tokens: devTokens() }),
    calls: () => standin.requests.map(call),
    forget: () => {
      standin.requests.length = 0;
    },
  };
}

export function call(r: RecordedRequest): string {
  const rest = r.path.replace(/^.*?\/_api\//i, '');
  const merge = r.headers['x-http-method'] ? ` (${r.headers['x-http-method']})` : '';
  return `${r.method}${merge} ${rest}`;
}

export const bearer = `Bearer ${devSharePointToken}`;

export function entry(overrides: Partial<CalendarEntry> = {}): CalendarEntry {
  return {
    changeId: 'CHG-1',
    title: 'Contoso: upgrade to 4.4',
    startsAt: '2026-12-08T18:00:00.000Z',
    endsAt: '2026-12-09T00:00:00.000Z',
    state: 'Booked',
    fromVersion: '4.3',
    toVersion: '4.4',
    cancelled: false,
    link: 'https://teams.microsoft.com/l/entity/app/schedule?context=%7B%22subEntityId%22%3A%22CHG-1%22%7D',
    ...overrides,
  };
}

export function article(overrides: Partial<ReleaseArticle> = {}): ReleaseArticle {
  return {
    version: '4.4',
    title: 'Release 4.4',
    kind: 'major',
    availability: 'Available from Tue 1 Dec 2026',
    highlights: ['Faster search in ConneX'],
    roadmap: ['Offline mode in 4.5'],
    prerequisites: ['Confirm backups (Global Administrator, 15 min)'],
    runbook: ['Announce the freeze', 'Run the upgrade'],
    outages: ['ConneX and Add It may be offline for 10-20 minutes'],
    contentFreezeAdvised: true,
    recordingUrl: 'https://stream.example.com/townhall-4-4',
    ...overrides,
  };
}

export function freezePost(overrides: Partial<FreezePost> = {}): FreezePost {
  return {
    changeId: 'CHG-1',
    title: 'Content freeze on Tue 8 Dec 2026',
    startsAt: '2026-12-08T18:00:00.000Z',
    endsAt: '2026-12-09T00:00:00.000Z',
    when: 'Tue 8 Dec 2026, 18:00-00:00 (Europe/London)',
    paragraphs: ['Please do not edit intranet pages during the upgrade.', 'Changes made then may be lost.'],
    outages: ['ConneX and Add It may be offline for 10-20 minutes'],
    lifted: false,
    ...overrides,
  };
}
