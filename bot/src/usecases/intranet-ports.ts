import type { IntranetJob, IntranetSettings, IntranetSubject } from '../domain/intranet';
import type { Versioned } from './ports';

/**
 * The clients' and the vendor's intranets (SharePoint sites): what Upgrade Desk publishes there.
 * Implemented with @pnp/sp in src/sharepoint; every call is idempotent (keyed by change id or
 * version), so publishing the same thing twice changes nothing.
 */

/** One row of a client's "Upgrade calendar" list, keyed by the change id. */
export interface CalendarEntry {
  changeId: string;
  /** "Contoso: upgrade to 4.4" */
  title: string;
  /** The window (ISO instants); absent while no window is agreed. */
  startsAt?: string;
  endsAt?: string;
  /** As people read it: "Booked", "In progress", "Cancelled"... */
  state: string;
  fromVersion: string;
  toVersion: string;
  /** A cancelled upgrade stays in the list, marked. */
  cancelled: boolean;
  /** "Open in schedule" (the Teams tab), when known. */
  link?: string;
}

/** The content-freeze news post on a client's site, keyed by the change id. */
export interface FreezePost {
  changeId: string;
  /** "Content freeze on Tue 8 Dec 2026" or "Content freeze lifted" */
  title: string;
  /** The freeze (the upgrade window), ISO instants; absent once called off by a reschedule. */
  startsAt?: string;
  endsAt?: string;
  /** The dates and times as the client's people read them, e.g. "Tue 8 Dec 2026 18:00-24:00 GMT"; absent with the window. */
  when?: string;
  /** The message to staff, paragraph by paragraph (from the freeze template). */
  paragraphs: string[];
  /** While the upgrade runs: "ConneX and Add It may be offline for 10-20 minutes". */
  outages: string[];
  /** Completed, cancelled or rescheduled: the post says the freeze is lifted. A lifted post is only written over an existing one (a freeze never posted is not posted as lifted). */
  lifted: boolean;
}

/** A release's article on the vendor's release-notes site, keyed by version. */
export interface ReleaseArticle {
  version: string;
  /** "Release 4.4" */
  title: string;
  kind: 'major' | 'minor';
  /** "Available from Tue 1 Dec 2026" */
  availability: string;
  highlights: string[];
  roadmap: string[];
  prerequisites: string[];
  /** "Confirm backups (Global Administrator, 15 min)" */
  runbook: string[];
  /** "ConneX and Add It may be offline for 10-20 minutes" */
  outages: string[];
  contentFreezeAdvised: boolean;
  recordingUrl?: string;
  deckUrl?: string;
}

/** A site on a tenant: the client's (or the vendor's release-notes site). */
export interface IntranetSite {
  /** e.g. https://contoso.sharepoint.com/sites/intranet */
  url: string;
  /** The Entra tenant the site belongs to: the app-only token is asked of it. */
  tenantId: string;
}

export interface IntranetPublisher {
  /** Adds or updates the change's row of the site's "Upgrade calendar" list (made on first use). */
  mirrorUpgrade(site: IntranetSite, entry: CalendarEntry): Promise<void>;
  /** Creates or updates the change's freeze news post (a promoted site page) and publishes it. */
  publishFreezePost(site: IntranetSite, post: FreezePost): Promise<void>;
  /** Creates or updates the release's article (a site page) and publishes it. */
  publishReleaseArticle(site: IntranetSite, article: ReleaseArticle): Promise<void>;
}

/** Where a release's article is (or will be) on the release-notes site: the townhall links to it. */
export function releaseArticleUrl(siteUrl: string, version: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/SitePages/${releaseArticlePageName(version)}`;
}

export function releaseArticlePageName(version: string): string {
  return `release-${version.replace(/[^0-9A-Za-z]+/g, '-')}.aspx`;
}

export function freezePostPageName(changeId: string): string {
  return `content-freeze-${changeId.replace(/[^0-9A-Za-z]+/g, '-').toLowerCase()}.aspx`;
}

/**
 * Why SharePoint refused or failed, for retrying and for people. `retryAfterInMs` is from a
 * 429/503's Retry-After; `permanent` failures (403, 400) are parked at once, not retried.
 */
export class IntranetError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly options: { retryAfterInMs?: number; permanent?: boolean } = {},
  ) {
    super(message);
    this.name = 'IntranetError';
  }
}

/** Each client's intranet settings, ETag-guarded (owners and staff change them from chat). */
export interface IntranetSettingsStore {
  get(clientId: string): Promise<Versioned<IntranetSettings> | undefined>;
  /**
   * Writes the settings if the stored ones still have `etag` (undefined: only if there are none
   * yet); a lost race is a conflict. `publishOpenUpgrades`: in the same transaction, asks for the
   * client's open upgrades to be published (a job for the client).
   */
  put(settings: IntranetSettings, etag: string | undefined, options?: { publishOpenUpgrades?: boolean }): Promise<void>;
  list(): Promise<IntranetSettings[]>;
}

/** A job as leased: its row's ETag, to finish it only if nobody asked again meanwhile, and the lease's end, which names the lease. */
export type LeasedIntranetJob = Versioned<IntranetJob> & { leasedUntil: string };

/**
 * The publications to make: asked for as an effect of a change, made (and retried, and parked) by
 * the intranet worker. Times are the wall clock's (leases and backoffs, like the effects relay's),
 * not the app's clock, which tests and the demo may hold still.
 */
export interface IntranetJobs {
  /** Asks for the subject to be published (again): due at once, its failures forgotten, unparked. */
  request(subject: IntranetSubject, now: Date): Promise<void>;
  /** Jobs due now, not parked, oldest first. */
  due(now: Date, limit: number): Promise<Versioned<IntranetJob>[]>;
  /** Takes a due job until `until` (nobody else runs it meanwhile); undefined when another took it or it changed. */
  lease(job: Versioned<IntranetJob>, until: Date): Promise<LeasedIntranetJob | undefined>;
  /** Done: removed, unless it was asked for again while it ran (then it stays due). */
  complete(job: LeasedIntranetJob): Promise<void>;
  /** Failed: tried again at `nextAttemptAt`, or parked (undefined) with the reason. */
  fail(job: LeasedIntranetJob, reason: string, nextAttemptAt: string | undefined, now: Date): Promise<void>;
  /** Every job waiting (due, backing off or parked). */
  list(): Promise<IntranetJob[]>;
}

/** Publishing to the intranets, as the use cases see it; absent from Deps when it is not set up. */
export interface Intranet {
  jobs: IntranetJobs;
  settings: IntranetSettingsStore;
  /** Makes the publications (SharePoint); the worker's, not needed to ask for them. */
  publisher: IntranetPublisher;
  /** The vendor's release-notes site: each release gets an article there. Unset: no articles. */
  releaseNotesSite?: IntranetSite;
  /** Development: clients' sites may be on the loopback SharePoint stand-in (http://127.0.0.1). */
  localSites?: boolean;
}
