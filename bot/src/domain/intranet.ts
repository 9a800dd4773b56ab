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

/** What one publication brings up to date: an upgrade (calendar row and freeze post) or a release (its article). */
export type IntranetSubject = { kind: 'upgrade'; id: string } | { kind: 'release'; id: string };

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

/** The site URL a person typed, checked: https, a host, no query. Returns the problem, or the tidy URL. */
export function checkSiteUrl(text: string): { ok: true; url: string } | { ok: false; problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: `"${text.trim()}" is not a web address; give the site's URL, e.g. https://contoso.sharepoint.com/sites/intranet.` };
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    return { ok: false, problem: `The site's URL must start with https:// (got ${url.protocol}//).` };
  if (url.search || url.hash) return { ok: false, problem: 'Give the site\'s URL without a query or #: e.g. https://contoso.sharepoint.com/sites/intranet.' };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

export function subjectKey(subject: IntranetSubject): string {
  return `${subject.kind}~${subject.id}`;
}
