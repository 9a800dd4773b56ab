import { afterFailure, type IntranetFailure, type IntranetJob } from '../domain/intranet';
import type { Deps } from './context';
import { IntranetError } from './intranet-ports';
import { publishToIntranet, type IntranetOutcome } from './publish-to-intranet';

export interface IntranetWorkOptions {
  /** How long a job is this process's while it runs; another process may take it after. */
  leaseInMs: number;
  /** Jobs per pass. */
  limit: number;
}

export const defaultIntranetWorkOptions: IntranetWorkOptions = { leaseInMs: 120_000, limit: 20 };

export interface IntranetPass {
  published: number;
  failed: number;
  parked: number;
}

/**
 * One pass of the intranet worker: makes the due publications, one at a time, each leased
 * (ETag-guarded) so no two processes make the same one at once. A failure is tried again later,
 * after a backoff or SharePoint's Retry-After; a refusal retrying cannot fix (403), or the last
 * attempt, parks the job with its reason for a person (`sharepoint` in chat, GET /api/health).
 */
export async function runDueIntranetJobs(deps: Deps, options: IntranetWorkOptions = defaultIntranetWorkOptions): Promise<IntranetPass> {
  const pass: IntranetPass = { published: 0, failed: 0, parked: 0 };
  const jobs = deps.intranet?.jobs;
  if (!jobs) return pass;
  for (const due of await jobs.due(new Date(), options.limit)) {
    const leased = await jobs.lease(due, new Date(Date.now() + options.leaseInMs));
    if (!leased) continue; // another process took it, or it was asked for again: a later pass sees it
    const { subject } = leased.value;
    let outcome: IntranetOutcome;
    try {
      outcome = await withDeadline(publishToIntranet(deps, subject), options.leaseInMs * 0.75);
    } catch (err) {
      const attempts = leased.value.attempts + 1;
      const next = afterFailure(attempts, failureOf(err), new Date());
      const reason = err instanceof Error ? err.message : String(err);
      await jobs.fail(leased, reason, next.park ? undefined : next.nextAttemptAt, new Date());
      if (next.park) pass.parked++;
      else pass.failed++;
      deps.log?.(`[sharepoint] ${subject.kind} ${subject.id}: attempt ${attempts} failed (${reason}); ${next.park ? 'parked: type "sharepoint retry" once it is fixed' : `next attempt at ${next.nextAttemptAt}`}`);
      continue;
    }
    // Published: a failure to record it (storage) leaves the job leased, and it is published again (idempotently) once the lease runs out.
    await jobs.complete(leased);
    pass.published++;
    deps.log?.(`[sharepoint] ${subject.kind} ${subject.id}: ${'published' in outcome ? `published ${outcome.published.join(', ')}` : `nothing to publish (${outcome.skipped})`}`);
  }
  return pass;
}

/** A publication that runs past its lease could meet another process's; it gives up first (and is retried). */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IntranetError(`SharePoint took longer than ${Math.round(ms / 1000)} s; tried again later`, undefined)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function failureOf(err: unknown): IntranetFailure {
  if (!(err instanceof IntranetError)) return {};
  return { ...(err.options.retryAfterInMs !== undefined ? { retryAfterInMs: err.options.retryAfterInMs } : {}), ...(err.options.permanent ? { permanent: true } : {}) };
}

export interface IntranetBacklog {
  /** Waiting or backing off. */
  waiting: number;
  parked: number;
  /** Age of the oldest job not done, in seconds (0 when none). */
  oldestAgeInSeconds: number;
  jobs: IntranetJob[];
}

/** What is left to publish, for GET /api/health and the `sharepoint` command. */
export async function intranetBacklog(deps: Deps): Promise<IntranetBacklog | undefined> {
  const jobs = deps.intranet?.jobs;
  if (!jobs) return undefined;
  const all = await jobs.list();
  const now = Date.now();
  const oldest = Math.min(now, ...all.map((j) => Date.parse(j.requestedAt)));
  return {
    waiting: all.filter((j) => !j.parkedAt).length,
    parked: all.filter((j) => j.parkedAt).length,
    oldestAgeInSeconds: Math.max(0, Math.round((now - oldest) / 1000)),
    jobs: all,
  };
}
