import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One limit of the Teams service: at most `limit` requests in any `windowInMs`. */
export interface StandinWindow {
  limit: number;
  windowInMs: number;
}

export interface StandinLimits {
  perConversation: StandinWindow[];
  perTenant: StandinWindow[];
}

/** Teams' documented limits ("Optimize your bot with rate limiting"). */
export const teamsLimits: StandinLimits = Object.freeze({
  perConversation: [
    { limit: 7, windowInMs: 1_000 },
    { limit: 8, windowInMs: 2_000 },
    { limit: 60, windowInMs: 30_000 },
    { limit: 1_800, windowInMs: 3_600_000 },
  ],
  perTenant: [{ limit: 50, windowInMs: 1_000 }],
});

export interface TeamsStandinOptions {
  /** Answer 429 with Retry-After past Teams' limits; `true` means `teamsLimits`. Off by default. */
  limits?: boolean | StandinLimits;
  /** Artificial latency of every answer: a fixed delay or a uniform range. */
  latencyInMs?: number | { min: number; max: number };
}

export interface ReceivedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The id the stand-in gave (POST) or the id updated (PUT). */
  activityId: string;
  replyToId?: string;
  tenantId?: string;
  // The wire shape is whatever the caller sent; tests read what they need from it.
  activity: Record<string, any>;
  /** Epoch ms at which the request arrived. */
  at: number;
  /** The status the stand-in answered with. */
  status: number;
}

export interface CreatedConversation {
  conversationId: string;
  tenantId?: string;
  body: Record<string, any>;
  at: number;
}

export interface TeamsStandin {
  /** The service URL to put in activities (`serviceUrl`), with a trailing slash. */
  readonly url: string;
  /** Accepted activities (2xx), optionally of one conversation, in arrival order. */
  received(conversationId?: string): ReceivedActivity[];
  /** Every request to an activity route, refused ones included. */
  requests(conversationId?: string): ReceivedActivity[];
  /** Conversations created with `POST /v3/conversations`. */
  created(): CreatedConversation[];
  /** Resolves with the first accepted activity (past or future) matching; rejects after the timeout. */
  waitFor(predicate: (activity: ReceivedActivity) => boolean, timeoutInMs?: number): Promise<ReceivedActivity>;
  /**
   * Forces requests to a conversation to get `status` (e.g. 403, 404, 503), every one or the next
   * `times`; `null` restores normal answers.
   */
  answer(conversationId: string, status: number | null, options?: { retryAfterInSeconds?: number; times?: number }): void;
  /** How many 429s the stand-in answered, since start or the last `reset()`. */
  readonly http429: number;
  /** Forgets what was received and the counters; keeps the forced answers. */
  reset(): void;
  close(): Promise<void>;
}

class SlidingLog {
  private readonly times: number[] = [];

  /** Milliseconds until one more request fits all windows (0 = now). */
  waitInMs(windows: StandinWindow[], now: number): number {
    let wait = 0;
    for (const { limit, windowInMs } of windows) {
      let inWindow = 0;
      for (let i = this.times.length - 1; i >= 0 && this.times[i]! > now - windowInMs; i--) inWindow++;
      // Full: wait until the request `limit` places back leaves the window.
      if (inWindow >= limit) wait = Math.max(wait, this.times[this.times.length - limit]! + windowInMs - now);
    }
    return wait;
  }

  record(now: number, keepInMs: number): void {
    this.times.push(now);
    while (this.times.length > 0 && this.times[0]! <= now - keepInMs) this.times.shift();
  }
}

const activityRoute = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?\/?$/;

function tenantOf(body: Record<string, any>): string | undefined {
  return body?.conversation?.tenantId ?? body?.channelData?.tenant?.id ?? body?.tenantId ?? undefined;
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, any>) : {};
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Starts a loopback stand-in for the Bot Connector service of Teams on a free port. */
export async function startTeamsStandin(options: TeamsStandinOptions = {}): Promise<TeamsStandin> {
  const limits = options.limits === true ? teamsLimits : options.limits || undefined;
  const keepInMs = (ws: StandinWindow[]) => Math.max(0, ...ws.map((w) => w.windowInMs));
  const conversationLogs = new Map<string, SlidingLog>();
  const tenantLogs = new Map<string, SlidingLog>();
  const forced = new Map<string, { status: number; retryAfterInSeconds?: number; times?: number }>();
  let log: ReceivedActivity[] = [];
  let createdLog: CreatedConversation[] = [];
  let waiters: { predicate: (a: ReceivedActivity) => boolean; resolve: (a: ReceivedActivity) => void }[] = [];
  let http429 = 0;
  let nextId = 1;

  const delay = (): Promise<void> => {
    const l = options.latencyInMs;
    if (l === undefined) return Promise.resolve();
    const ms = typeof l === 'number' ? l : l.min + Math.random() * (l.max - l.min);
    return new Promise((r) => setTimeout(r, ms));
  };

  /** Applies the limits; returns the Retry-After in seconds when the request must be refused. */
  const throttle = (conversationId: string, tenantId: string | undefined, now: number): number | undefined => {
    if (!limits) return undefined;
    const conv = conversationLogs.get(conversationId) ?? new SlidingLog();
    conversationLogs.set(conversationId, conv);
    const tenant = tenantId ? (tenantLogs.get(tenantId) ?? new SlidingLog()) : undefined;
    if (tenant && tenantId) tenantLogs.set(tenantId, tenant);
    const wait = Math.max(conv.waitInMs(limits.perConversation, now), tenant?.waitInMs(limits.perTenant, now) ?? 0);
    if (wait > 0) return Math.max(1, Math.ceil(wait / 1000));
    conv.record(now, keepInMs(limits.perConversation));
    tenant?.record(now, keepInMs(limits.perTenant));
    return undefined;
  };

  const record = (entry: ReceivedActivity): void => {
    log.push(entry);
    if (entry.status >= 300) return;
    const still: typeof waiters = [];
    for (const w of waiters) (w.predicate(entry) ? w.resolve(entry) : still.push(w));
    waiters = still;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = Date.now();
    const path = (req.url ?? '/').split('?')[0]!;
    const body = req.method === 'POST' || req.method === 'PUT' ? await readJson(req) : {};
    await delay();
    if (req.method === 'POST' && /^\/v3\/conversations\/?$/.test(path)) {
      const conversationId = `a:standin-${nextId++}`;
      createdLog.push({ conversationId, tenantId: tenantOf(body), body, at });
      send(res, 201, { id: conversationId, activityId: body.activity ? `act-${nextId++}` : undefined });
      return;
    }
    const match = activityRoute.exec(path);
    if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
      send(res, 404, { error: { code: 'NotFound', message: `The stand-in does not serve ${req.method} ${path}` } });
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    const pathActivityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const method = req.method as 'POST' | 'PUT';
    const tenantId = tenantOf(body);
    const activityId = method === 'PUT' && pathActivityId ? pathActivityId : `act-${nextId++}`;
    const replyToId = method === 'POST' ? pathActivityId : undefined;
    const entry = { method, conversationId, activityId, replyToId, tenantId, activity: body, at };
    const force = forced.get(conversationId);
    if (force && force.times !== undefined && --force.times <= 0) forced.delete(conversationId);
    if (force) {
      const headers: Record<string, string> = force.retryAfterInSeconds ? { 'retry-after': String(force.retryAfterInSeconds) } : {};
      if (force.status === 429) http429++;
      record({ ...entry, status: force.status });
      send(res, force.status, { error: { code: 'Forced', message: `Forced ${force.status}` } }, headers);
      return;
    }
    const retryAfter = throttle(conversationId, tenantId, at);
    if (retryAfter !== undefined) {
      http429++;
      record({ ...entry, status: 429 });
      send(res, 429, { error: { code: 'TooManyRequests', message: 'Rate limited' } }, { 'retry-after': String(retryAfter) });
      return;
    }
    record({ ...entry, status: method === 'POST' ? 201 : 200 });
    send(res, method === 'POST' ? 201 : 200, { id: activityId });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 400, { error: { code: 'BadArgument', message: String(err) } }));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    received: (conversationId) =>
      log.filter((a) => a.status < 300 && (conversationId === undefined || a.conversationId === conversationId)),
    requests: (conversationId) => log.filter((a) => conversationId === undefined || a.conversationId === conversationId),
    created: () => [...createdLog],
    waitFor(predicate, timeoutInMs = 5_000) {
      const found = log.find((a) => a.status < 300 && predicate(a));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (a: ReceivedActivity) => {
            clearTimeout(timer);
            resolve(a);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`The Teams stand-in received no matching activity within ${timeoutInMs} ms`));
        }, timeoutInMs);
        waiters.push(waiter);
      });
    },
    answer(conversationId, status, answerOptions = {}) {
      if (status === null) forced.delete(conversationId);
      else forced.set(conversationId, { status, ...answerOptions });
    },
    get http429() {
      return http429;
    },
    reset() {
      log = [];
      createdLog = [];
      http429 = 0;
      conversationLogs.clear();
      tenantLogs.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
