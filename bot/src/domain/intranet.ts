/**
 * Publishing to the intranets (SharePoint): which client publishes where, what a change asks to
 * be published, and how a failed publication is retried and then parked for a person to look at.
 */

/** A client's intranet: its SharePoint site and whether Upgrade Desk publishes there (off until someone turns it on). */
export interface IntranetSettings {
  clientId: string;
  /** e.g. https://contoso.sharepoint.com/sites/intranet */
  siteUrl?: string;
  publishing: boolean;
  /** Who changed it last, and when. */
  updatedBy?: string;
  updatedAt?: string;
}

/**
 * What one publication brings up to date: an upgrade (calendar row and freeze post), a release (its
 * article), or a client whose publishing was turned on (its open upgrades, each asked for in turn).
 */
export type IntranetSubject = { kind: 'upgrade'; id: string } | { kind: 'release'; id: string } | { kind: 'client'; id: string };

/** A publication waiting to be made, being retried, or parked. */
export interface IntranetJob {
  subject: IntranetSubject;
  /** When it was first asked for and not yet done (a newer change keeps the date: the backlog's age). */
  requestedAt: string;
  /** Failed attempts since it was last asked for. */
  attempts: number;
  /** Due from then (a lease while it runs, a backoff after a failure). */
  nextAttemptAt: string;
  lastError?: string;
  /** Set when retrying stopped: after `maxIntranetAttempts`, or at once for a refusal that retrying cannot fix. */
  parkedAt?: string;
}

export const maxIntranetAttempts = 8;

const firstBackoffInMs = 5_000;
const longestBackoffInMs = 15 * 60_000;

export type IntranetFailure = { retryAfterInMs?: number; permanent?: boolean };

/**
 * After a failed attempt (the `attempts`-th): when to try again, or park. SharePoint's Retry-After
 * when it gave one (it knows when it will take more), else doubling from 5 s to at most 15 min.
 */
export function afterFailure(attempts: number, failure: IntranetFailure, now: Date): { park: true } | { park: false; nextAttemptAt: string } {
  if (failure.permanent || attempts >= maxIntranetAttempts) return { park: true };
  const backoff = Math.min(longestBackoffInMs, firstBackoffInMs * 2 ** Math.max(0, attempts - 1));
  const wait = failure.retryAfterInMs ?? backoff;
  return { park: false, nextAttemptAt: new Date(now.getTime() + wait).toISOString() };
}

/** SharePoint Online's hosts (commercial, US government, China): the only hosts a client's site may be on. */
const sharePointHost = /^[a-z0-9-]+\.sharepoint(-mil)?\.(com|us|cn)$/i;
/** Where a page, list or library address starts inside a site: a pasted page address is cut back to its site. */
const insideSite = /\/(SitePages|Lists|Shared(%20| )Documents|Forms|_layouts|Pages)(\/|$).*/i;

/**
 * The site URL a person typed, checked: an https SharePoint Online site, without query or #, cut
 * back to the site when a page's address was pasted. `localSites`: the loopback stand-in of
 * development (http://127.0.0.1) is allowed too. Returns the tidy URL, or the problem in a sentence.
 */
export function checkSiteUrl(text: string, options: { localSites?: boolean } = {}): { ok: true; url: string } | { ok: false; problem: string } {
  const example = 'e.g. https://contoso.sharepoint.com/sites/intranet';
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: `"${text.trim()}" is not a web address; give the site's URL, ${example}.` };
  }
  const local = options.localSites === true && url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  if (!local) {
    if (url.protocol !== 'https:') return { ok: false, problem: `The site's URL must start with https:// (got ${url.protocol}//), ${example}.` };
    if (!sharePointHost.test(url.hostname)) return { ok: false, problem: `${url.hostname} is not a SharePoint Online site: give its https://<tenant>.sharepoint.com address, ${example}.` };
  }
  if (url.search || url.hash) return { ok: false, problem: `Give the site's URL without a query or #, ${example}.` };
  const path = url.pathname.replace(insideSite, '').replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}` };
}

export function subjectKey(subject: IntranetSubject): string {
  return `${subject.kind}~${subject.id}`;
}
