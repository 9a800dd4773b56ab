import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { parseChangeId } from '../domain/change-id';
import { UpgradeDeskError } from '../domain/errors';
import { versionPattern } from '../domain/release';
import { upgradeStates, type UpgradeState } from '../domain/upgrade';
import type { Logger } from '../logging';
import type { Deps } from '../usecases/context';
import type { CalendarFeed, CalendarFeedStore } from '../usecases/ports';
import {
  describeViewer, readCapacity, readSchedule, readUpgradeDetail,
  type CalendarItem, type ScheduleFilters, type TabViewer, type UpgradeNotices,
} from '../usecases/schedule-tab';
import { readInsights, readRollout } from '../usecases/release-rollout';
import { calendarIcs } from './calendar-ics';
import type { DevIssuer } from './dev-issuer';
import { devUser, devUsers } from './dev-users';
import { HttpProblem, sendError } from './http-errors';
import { jsonBody } from './json-body';
import { annotateRequest } from './request-context';
import type {
  CapacityResponse, DevTokenResponse, DevUsersResponse, InsightsResponse, MeResponse, RolloutResponse, ScheduleItem, ScheduleResponse,
  SubscriptionResponse, UpgradeDetail,
} from './schedule-contract';
import { bearerToken, identityOf, type TokenUser, type TokenVerifier } from './tab-auth';

/**
 * The schedule tab's API (shapes in schedule-contract.ts). Every route but the calendar feed and
 * the dev sign-in needs a bearer token (tab-auth.ts); client users see their own client only.
 */
export interface ScheduleApiOptions {
  deps: Deps;
  log: Logger;
  verifier: TokenVerifier;
  feeds: CalendarFeedStore;
  /** Lists an upgrade's notices for its deliveries (the outbox's notices table). */
  notices?: UpgradeNotices;
  /** Signs feed tokens so that "subscribe" gives the same URL again; without it every subscribe makes a new URL. */
  feedSecret?: string;
  /** This server's public base URL, for feed URLs; from the request's Host when absent. */
  publicUrl?: string;
  /** The dev sign-in's issuer, when it is on (never in production): /api/dev/* answer 404 without it. */
  devIssuer?: DevIssuer;
}

const dayMs = 86_400_000;
/** How many days one schedule or capacity read may span. */
export const maxRangeInDays = 100;
/** How many days a calendar download may span, and what a subscription feed covers. */
const maxIcsRangeInDays = 400;
const feedDaysBack = 30;
const feedDaysAhead = 180;

type Field = { field: string; message: string };

function invalidQuery(fields: Field[]): HttpProblem {
  return new HttpProblem('invalid_query', `The query is not valid: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}.`, { details: { fields } });
}

function queryOf(req: Request): Record<string, unknown> {
  return (req.query ?? {}) as Record<string, unknown>;
}

/** A single text parameter (a repeated one is refused). */
function text(query: Record<string, unknown>, name: string, fields: Field[]): string | undefined {
  const v = query[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') {
    fields.push({ field: name, message: 'must be given once' });
    return undefined;
  }
  return v;
}

function day(query: Record<string, unknown>, name: string, fields: Field[], required: boolean): number | undefined {
  const v = text(query, name, fields);
  if (v === undefined) {
    if (required) fields.push({ field: name, message: 'is required (a date, YYYY-MM-DD)' });
    return undefined;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== v) {
    fields.push({ field: name, message: `must be a date as YYYY-MM-DD (got "${v.slice(0, 40)}")` });
    return undefined;
  }
  return t;
}

/** `from` and `to` (UTC days, `to` included) as an instant range [from, to + 1 day). */
function range(query: Record<string, unknown>, fields: Field[], options: { maxDays: number; defaults?: { from: number; to: number } }): { from: string; to: string } | undefined {
  const required = !options.defaults;
  let from = day(query, 'from', fields, required);
  let to = day(query, 'to', fields, required);
  if (fields.length) return undefined;
  from ??= options.defaults!.from;
  to ??= options.defaults!.to;
  if (to < from) {
    fields.push({ field: 'to', message: 'must not be before from' });
    return undefined;
  }
  if ((to - from) / dayMs > options.maxDays) {
    fields.push({ field: 'to', message: `must be at most ${options.maxDays} days after from; ask for a shorter range` });
    return undefined;
  }
  return { from: new Date(from).toISOString(), to: new Date(to + dayMs).toISOString() };
}

function isoDay(instant: string): string {
  return instant.slice(0, 10);
}

/** The schedule's filters from a query; 400 names every bad parameter. */
export function scheduleFilters(query: Record<string, unknown>, options: { maxDays: number; defaults?: { from: number; to: number } }): ScheduleFilters {
  const fields: Field[] = [];
  const span = range(query, fields, options);
  const client = text(query, 'client', fields);
  const stateText = text(query, 'state', fields);
  const states = stateText?.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = states?.filter((s) => !upgradeStates.includes(s as UpgradeState));
  if (bad?.length) fields.push({ field: 'state', message: `must be one or more of ${upgradeStates.join(', ')} (got "${bad.join(',').slice(0, 60)}")` });
  const release = text(query, 'release', fields);
  if (release !== undefined && !versionPattern.test(release)) fields.push({ field: 'release', message: 'must be a version such as 5.1' });
  const kind = text(query, 'kind', fields);
  if (kind !== undefined && kind !== 'major' && kind !== 'minor') fields.push({ field: 'kind', message: 'must be major or minor' });
  const mode = text(query, 'mode', fields);
  if (mode !== undefined && mode !== 'managed' && mode !== 'self_service') fields.push({ field: 'mode', message: 'must be managed or self_service' });
  const q = text(query, 'q', fields);
  if (q !== undefined && q.length > 100) fields.push({ field: 'q', message: 'must be at most 100 characters' });
  if (client !== undefined && client.length > 100) fields.push({ field: 'client', message: 'must be at most 100 characters' });
  if (fields.length || !span) throw invalidQuery(fields);
  return {
    ...span,
    ...(client ? { client } : {}),
    ...(states?.length ? { states: states as UpgradeState[] } : {}),
    ...(release ? { release } : {}),
    ...(kind ? { kind: kind as 'major' | 'minor' } : {}),
    ...(mode ? { mode: mode as 'managed' | 'self_service' } : {}),
    ...(q ? { q } : {}),
  };
}

function scheduleItem({ createdAt: _c, updatedAt: _u, ...item }: CalendarItem): ScheduleItem {
  return item;
}

const privateAnswer = { 'cache-control': 'private, no-store' };

function sendIcs(res: Response, body: string, filename?: string): void {
  res.sendRaw(200, body, {
    'content-type': 'text/calendar; charset=utf-8',
    ...privateAnswer,
    ...(filename ? { 'content-disposition': `attachment; filename="${filename}"` } : {}),
  });
}

/** Feed tokens: `udc_<feedId>_<mac>`; only their SHA-256 is stored. */
const feedTokenFormat = /^udc_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerScheduleRoutes(server: Server, options: ScheduleApiOptions): void {
  const { deps, log } = options;

  async function tokenUser(req: Request): Promise<TokenUser> {
    const user = await options.verifier.verify(bearerToken(req));
    annotateRequest(req, log, { tenantId: user.tenantId });
    return user;
  }

  async function viewerOf(req: Request): Promise<{ user: TokenUser; viewer: TabViewer }> {
    const user = await tokenUser(req);
    const viewer = (await identityOf(deps, user)) as TabViewer;
    if (viewer.kind !== 'staff') annotateRequest(req, log, { clientId: viewer.client.id });
    return { user, viewer };
  }

  const route = (handler: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response): Promise<void> => {
    try {
      await handler(req, res);
    } catch (err) {
      sendError(req, res, err, log);
    }
  };

  const defaultSpan = () => {
    const now = deps.clock.now().getTime();
    const today = now - (now % dayMs);
    return { from: today - feedDaysBack * dayMs, to: today + feedDaysAhead * dayMs };
  };

  server.get('/api/me', route(async (req, res) => {
    const { viewer } = await viewerOf(req);
    const body: MeResponse = describeViewer(viewer);
    res.send(200, body, privateAnswer);
  }));

  server.get('/api/schedule', route(async (req, res) => {
    const { viewer } = await viewerOf(req);
    const filters = scheduleFilters(queryOf(req), { maxDays: maxRangeInDays });
    const items = await readSchedule(deps, viewer, filters);
    const body: ScheduleResponse = { from: isoDay(filters.from), to: isoDay(new Date(Date.parse(filters.to) - dayMs).toISOString()), upgrades: items.map(scheduleItem) };
    res.send(200, body, privateAnswer);
  }));

  server.get('/api/upgrades/:id', route(async (req, res) => {
    const id = parseChangeId(String(req.params.id ?? ''));
    if (!id.ok) throw id.error;
    annotateRequest(req, log, { changeId: id.value.id });
    const { viewer } = await viewerOf(req);
    const body: UpgradeDetail = await readUpgradeDetail(deps, viewer, id.value.id, options.notices);
    res.send(200, body, privateAnswer);
  }));

  server.get('/api/capacity', route(async (req, res) => {
    await viewerOf(req);
    const fields: Field[] = [];
    const span = range(queryOf(req), fields, { maxDays: maxRangeInDays });
    if (!span) throw invalidQuery(fields);
    const view = await readCapacity(deps, span.from, span.to);
    const body: CapacityResponse = { ...view, from: isoDay(span.from), to: isoDay(new Date(Date.parse(span.to) - dayMs).toISOString()) };
    res.send(200, body, privateAnswer);
  }));

  server.get('/api/releases/:version/rollout', route(async (req, res) => {
    const { viewer } = await viewerOf(req);
    const version = String(req.params.version ?? '');
    if (!versionPattern.test(version)) throw invalidQuery([{ field: 'version', message: 'must be a version such as 5.1' }]);
    const body: RolloutResponse = await readRollout(deps, viewer, version);
    res.send(200, body, privateAnswer);
  }));

  server.get('/api/insights', route(async (req, res) => {
    const { viewer } = await viewerOf(req);
    const body: InsightsResponse = await readInsights(deps, viewer);
    res.send(200, body, privateAnswer);
  }));

  server.get('/api/calendar.ics', route(async (req, res) => {
    const { viewer } = await viewerOf(req);
    const filters = scheduleFilters(queryOf(req), { maxDays: maxIcsRangeInDays, defaults: defaultSpan() });
    const items = await readSchedule(deps, viewer, filters);
    sendIcs(res, calendarIcs(items, { name: calendarName(viewer) }), 'upgrade-desk.ics');
  }));

  // Subscriptions: a per-person secret URL (no Authorization: calendar apps cannot send one).
  const tokenOf = (feedId: string): string =>
    `udc_${feedId}_${createHmac('sha256', options.feedSecret ?? randomBytes(32)).update(feedId).digest('base64url')}`;
  const baseUrl = (req: Request): string => {
    if (options.publicUrl) return options.publicUrl;
    const proto = String(req.header('x-forwarded-proto') ?? '').split(',')[0]!.trim() || ((req.connection as { encrypted?: boolean }).encrypted ? 'https' : 'http');
    return `${proto}://${req.header('host') ?? '127.0.0.1'}`;
  };

  server.post('/api/calendar/subscription', route(async (req, res) => {
    const { user } = await viewerOf(req);
    const existing = await options.feeds.forUser(user.tenantId, user.objectId);
    if (existing && options.feedSecret) {
      const token = tokenOf(existing.feedId);
      if (sameHash(hashToken(token), existing.tokenHash)) {
        const body: SubscriptionResponse = { url: `${baseUrl(req)}/api/calendar/feed/${token}` };
        return void res.send(200, body, privateAnswer);
      }
    }
    // No feed yet, or one whose URL cannot be given again (no secret, or another secret): a new one.
    if (existing) await options.feeds.remove(user.tenantId, user.objectId);
    const feedId = randomBytes(16).toString('hex');
    const token = tokenOf(feedId);
    const feed: CalendarFeed = { feedId, tokenHash: hashToken(token), tenantId: user.tenantId, objectId: user.objectId, name: user.name, createdAt: deps.clock.now().toISOString() };
    const stored = await options.feeds.create(feed);
    if (stored.feedId !== feedId) throw new UpgradeDeskError('conflict', 'Your subscription was being created at the same time; try again.');
    const body: SubscriptionResponse = { url: `${baseUrl(req)}/api/calendar/feed/${token}` };
    res.send(201, body, privateAnswer);
  }));

  server.del('/api/calendar/subscription', route(async (req, res) => {
    const { user } = await viewerOf(req);
    await options.feeds.remove(user.tenantId, user.objectId);
    res.send(204);
  }));

  server.get('/api/calendar/feed/:token', route(async (req, res) => {
    const token = String(req.params.token ?? '').replace(/\.ics$/, '');
    const match = feedTokenFormat.exec(token);
    const feed = match ? await options.feeds.get(match[1]!) : undefined;
    if (!feed || !sameHash(feed.tokenHash, hashToken(token)))
      throw new UpgradeDeskError('not_found', 'There is no such calendar feed (it may have been revoked); subscribe again from the schedule tab.');
    annotateRequest(req, log, { tenantId: feed.tenantId });
    // Placed again at every read: a person who lost access loses the feed's content with it.
    const viewer = (await identityOf(deps, { tenantId: feed.tenantId, objectId: feed.objectId, name: feed.name }).catch((err) => {
      if (err instanceof UpgradeDeskError && err.code === 'unknown_tenant') throw new UpgradeDeskError('not_found', 'There is no such calendar feed.');
      throw err;
    })) as TabViewer;
    const filters = scheduleFilters({}, { maxDays: maxIcsRangeInDays, defaults: defaultSpan() });
    sendIcs(res, calendarIcs(await readSchedule(deps, viewer, filters), { name: calendarName(viewer) }));
  }));

  // The dev sign-in: the demo people and their tokens (404 when it is off, always in production).
  const devOnly = () => {
    if (!options.devIssuer) throw new HttpProblem('route_not_found', 'There is no such endpoint.');
    return options.devIssuer;
  };
  server.get('/api/dev/users', route(async (_req, res) => {
    devOnly();
    const body: DevUsersResponse = { users: devUsers.map(({ role, name, description }) => ({ role, name, description })) };
    res.send(200, body, privateAnswer);
  }));
  server.post('/api/dev/token', ...jsonBody(4096), route(async (req, res) => {
    const issuer = devOnly();
    const role = (req.body as { role?: unknown } | undefined)?.role;
    const user = typeof role === 'string' ? devUser(role) : undefined;
    if (!user)
      throw new HttpProblem('bad_input', `"role" must be one of ${devUsers.map((u) => u.role).join(', ')}.`, {
        details: { fields: [{ field: 'role', message: `must be one of ${devUsers.map((u) => u.role).join(', ')}` }] },
      });
    const body: DevTokenResponse = await issuer.sign({ tenantId: user.tenantId, objectId: user.objectId, name: user.name }, { now: new Date() });
    res.send(200, body, privateAnswer);
  }));
}

function calendarName(viewer: TabViewer): string {
  return viewer.kind === 'staff' ? 'Upgrade Desk: all clients' : `Upgrade Desk: ${viewer.client.name}`;
}
