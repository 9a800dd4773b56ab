import { card, facts, text, title, type AdaptiveCard, type CardElement } from './adaptive-card';
import { bullets, instantInZoneAndUtc, subtle } from './card-parts';

export interface IntranetJobLine {
  /** "CHG-2026-0001" or "release 4.4" */
  subject: string;
  requestedAt: string;
  attempts: number;
  parked: boolean;
  lastError?: string;
  nextAttemptAt?: string;
}

export interface ClientIntranetLine {
  clientName: string;
  siteUrl?: string;
  publishing: boolean;
  updatedBy?: string;
  jobs: IntranetJobLine[];
}

export interface IntranetCardView {
  /** What just happened ("SharePoint publishing is on for Contoso"), if anything. */
  headline?: string;
  clients: ClientIntranetLine[];
  /** Publications not tied to one client (release articles). */
  otherJobs: IntranetJobLine[];
  /** Usage lines for what the viewer may do next. */
  hints: string[];
}

const maxJobsListed = 10;

/** SharePoint publishing per client: the site, on or off, and what is waiting or parked with the reason. */
export function buildIntranetCard(view: IntranetCardView): AdaptiveCard {
  const body: CardElement[] = [title(view.headline ?? 'SharePoint publishing')];
  for (const client of view.clients) {
    body.push({
      type: 'Container',
      separator: true,
      items: [
        text(client.clientName, { weight: 'Bolder' }),
        facts([
          ['Publishing', client.publishing ? 'On' : 'Off'],
          ['Site', client.siteUrl ?? 'not set'],
          ...(client.updatedBy ? ([['Changed by', client.updatedBy]] as [string, string][]) : []),
        ]),
        ...jobLines(client.jobs, client.publishing),
      ],
    });
  }
  if (view.otherJobs.length) body.push({ type: 'Container', separator: true, items: [text('Release articles', { weight: 'Bolder' }), ...jobLines(view.otherJobs, true)] });
  if (view.hints.length) body.push(subtle(view.hints.join(' ')));
  return card(body);
}

function jobLines(jobs: IntranetJobLine[], publishing: boolean): CardElement[] {
  if (jobs.length === 0) return [subtle(publishing ? 'Nothing waiting: the intranet is up to date.' : 'Nothing is published to this client\'s intranet while publishing is off.')];
  const listed = jobs.slice(0, maxJobsListed);
  const more = jobs.length - listed.length;
  return [
    ...bullets(listed.map(describeJob)),
    ...(more > 0 ? [subtle(`and ${more} more`)] : []),
  ];
}

function describeJob(job: IntranetJobLine): string {
  const since = `asked for ${instantInZoneAndUtc(job.requestedAt, 'UTC')}`;
  if (job.parked) return `${job.subject}: parked after ${job.attempts} attempt${job.attempts === 1 ? '' : 's'} (${since}). ${job.lastError ?? ''}`.trim();
  const next = job.nextAttemptAt ? `, next try ${instantInZoneAndUtc(job.nextAttemptAt, 'UTC')}` : '';
  if (job.attempts > 0) return `${job.subject}: retrying, ${job.attempts} failed so far (${since}${next}). ${job.lastError ?? ''}`.trim();
  return `${job.subject}: waiting (${since})`;
}
