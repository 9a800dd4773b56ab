import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { answerRest, type Answer, type Entity } from './sharepoint-standin-rest';
import { SharePointStandinState } from './sharepoint-standin-state';

export { SharePointStandinState, pageTexts } from './sharepoint-standin-state';
export type { StandinField, StandinItem, StandinList, StandinPage, StandinSite } from './sharepoint-standin-state';

/**
 * A SharePoint Online stand-in on loopback: answers the REST calls @pnp/sp makes for Upgrade Desk's
 * publications (the "Upgrade calendar" list, modern site pages and news posts) from memory, records
 * every request, and fails the next calls it is told to (429 with Retry-After, 503, 403, 404, or a
 * dropped connection). Used by the tests and as `npm start`'s SharePoint in development.
 *
 * Sites are server-relative paths under the stand-in's URL (`<url>/sites/intranet`); a site is made
 * on its first request unless `autoCreateSites` is false (then `state.addSite(path)` makes it).
 * Every request needs `Authorization: Bearer <token>` (any token, or exactly `token` when given).
 */

export interface RecordedRequest {
  method: string;
  /** As on the wire: path and query, URL-encoded. */
  url: string;
  /** The path, decoded: "/sites/intranet/_api/web/lists/getByTitle('Upgrade calendar')/items". */
  path: string;
  /** The query, decoded: { $filter: "ChangeId eq 'CHG-1'" }. */
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
  /** The body parsed, when it was JSON. */
  json?: unknown;
  /** The status answered (0 when the connection was dropped). */
  status: number;
  /** Answered by a `failNext` rule rather than by the model. */
  failed: boolean;
  at: number;
}

export interface FailRule {
  /** Which requests fail (all when absent). */
  match?: (request: RecordedRequest) => boolean;
  /** How many matching requests fail; 1 when absent. */
  times?: number;
  /** The status to answer, e.g. 429, 503, 403, 404. */
  status?: number;
  /** E.g. { 'Retry-After': '7' }. */
  headers?: Record<string, string>;
  /** The answer's body: a string as is, anything else as JSON; a SharePoint-like error when absent. */
  body?: unknown;
  /** Drop the connection without answering (a network failure) instead. */
  drop?: boolean;
  /** Wait this long before answering (or dropping): a slow SharePoint, for timeouts. */
  delayInMs?: number;
}

export interface SharePointStandinOptions {
  /** 0 (any free port) when absent. */
  port?: number;
  host?: string;
  /** One short line per request: "POST /sites/intranet/_api/web/lists -> 201". */
  log?: (line: string) => void;
  /** Make a site on its first request (default true). */
  autoCreateSites?: boolean;
  /** Sites to make at start (server-relative paths). */
  sites?: string[];
  /** Accept only this bearer token (any non-empty one when absent). */
  token?: string;
}

export interface SharePointStandin {
  /** "http://127.0.0.1:<port>", no trailing slash: a site's URL is this plus its path. */
  readonly url: string;
  /** Every request, in arrival order (a live array: tests may empty it). */
  readonly requests: RecordedRequest[];
  readonly state: SharePointStandinState;
  /** The next `times` requests matching `match` get `status` (or a dropped connection). */
  failNext(rule: FailRule): void;
  /** "<url>/sites/intranet" for "/sites/intranet". */
  siteUrl(path: string): string;
  close(): Promise<void>;
}

type Flavour = 'verbose' | 'minimal' | 'nometadata';

function flavourOf(accept: string | undefined): Flavour {
  if (/odata=verbose/i.test(accept ?? '')) return 'verbose';
  if (/odata=nometadata/i.test(accept ?? '')) return 'nometadata';
  return 'minimal';
}

function selectProps(props: Record<string, unknown>, select: string | null): Record<string, unknown> {
  if (!select) return props;
  const wanted = new Set(select.split(',').map((s) => s.trim().toLowerCase()));
  return Object.fromEntries(Object.entries(props).filter(([k]) => wanted.has(k.toLowerCase())));
}

function entityJson(e: Entity, apiUrl: string, flavour: Flavour, select: string | null, top: boolean): Record<string, unknown> {
  const props = selectProps(e.props, select);
  const id = `${apiUrl}/${e.editLink}`;
  if (flavour === 'verbose') return { __metadata: { id, uri: id, ...(e.etag ? { etag: e.etag } : {}), type: e.type }, ...props };
  if (flavour === 'nometadata') return props;
  return {
    ...(top ? { 'odata.metadata': `${apiUrl}/$metadata#${e.type}/@Element` } : {}),
    'odata.type': e.type,
    'odata.id': id,
    ...(e.etag ? { 'odata.etag': e.etag } : {}),
    'odata.editLink': e.editLink,
    ...props,
  };
}

function answerBody(a: Answer, apiUrl: string, flavour: Flavour, select: string | null): unknown {
  if ('error' in a) {
    const error = { code: a.error.code, message: { lang: 'en-US', value: a.error.message } };
    return flavour === 'verbose' ? { error } : { 'odata.error': error };
  }
  if (a.entity) {
    const json = entityJson(a.entity, apiUrl, flavour, select, true);
    return flavour === 'verbose' ? { d: json } : json;
  }
  if (a.collection) {
    const rows = a.collection.map((e) => entityJson(e, apiUrl, flavour, select, false));
    if (flavour === 'verbose') return { d: { results: rows } };
    return flavour === 'nometadata' ? { value: rows } : { 'odata.metadata': `${apiUrl}/$metadata#Collection`, value: rows };
  }
  if (a.value !== undefined) return flavour === 'verbose' ? { d: { value: a.value } } : { ...(flavour === 'minimal' ? { 'odata.metadata': `${apiUrl}/$metadata#Edm.Boolean` } : {}), value: a.value };
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sharePointHeaders = () => ({ SPRequestGuid: randomUUID(), 'request-id': randomUUID(), MicrosoftSharePointTeamServices: '16.0.0.0' });

export async function startSharePointStandin(options: SharePointStandinOptions = {}): Promise<SharePointStandin> {
  const state = new SharePointStandinState();
  for (const path of options.sites ?? []) state.addSite(path);
  const requests: RecordedRequest[] = [];
  const rules: Array<FailRule & { left: number }> = [];
  const autoCreate = options.autoCreateSites ?? true;

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, contentType = 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8'): void {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { ...sharePointHeaders(), ...(text ? { 'Content-Type': contentType } : {}), 'Content-Length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, record: RecordedRequest): Promise<void> {
    const rule = rules.find((r) => r.left > 0 && (!r.match || r.match(record)));
    if (rule) {
      rule.left--;
      record.failed = true;
      if (rule.delayInMs) await new Promise((resolve) => setTimeout(resolve, rule.delayInMs));
      if (rule.drop) {
        record.status = 0;
        req.socket.destroy();
        return;
      }
      record.status = rule.status ?? 503;
      const body = rule.body ?? { 'odata.error': { code: '-2147024860, Microsoft.SharePoint.SPQueryThrottledException', message: { lang: 'en-US', value: `The stand-in was told to answer ${record.status}.` } } };
      send(res, record.status, body, rule.headers ?? {}, typeof body === 'string' ? 'text/plain' : undefined);
      return;
    }
    const auth = record.headers['authorization'] ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    if (!token || (options.token !== undefined && token !== options.token)) {
      record.status = 401;
      send(res, 401, { error_description: 'Invalid JWT token. The token is missing or not the one the stand-in accepts.' }, { 'WWW-Authenticate': 'Bearer realm="standin",client_id="00000003-0000-0ff1-ce00-000000000000"' });
      return;
    }
    const at = record.path.toLowerCase().indexOf('/_api/');
    const host = req.headers.host ?? '127.0.0.1';
    const sitePath = at < 0 ? undefined : record.path.slice(0, at);
    let site = sitePath === undefined ? undefined : state.site(sitePath);
    if (!site && sitePath !== undefined && autoCreate) site = state.addSite(sitePath);
    if (!site || sitePath === undefined) {
      record.status = 404;
      send(res, 404, '404 FILE NOT FOUND', {}, 'text/html; charset=utf-8');
      return;
    }
    const webUrl = `http://${host}${sitePath}`;
    let body: unknown;
    if (record.body.trim()) {
      try {
        body = JSON.parse(record.body);
        record.json = body;
      } catch {
        record.status = 400;
        send(res, 400, { 'odata.error': { code: '-1, Microsoft.SharePoint.Client.InvalidClientQueryException', message: { lang: 'en-US', value: 'Invalid JSON.' } } }, {});
        return;
      }
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    const answer = answerRest(state, {
      method: record.method,
      rest: record.path.slice(at + '/_api/'.length),
      query: url.searchParams,
      headers: req.headers,
      body,
      site,
      webUrl,
    });
    record.status = answer.status;
    const flavour = flavourOf(record.headers['accept']);
    const json = answerBody(answer, `${webUrl}/_api`, flavour, 'error' in answer ? null : url.searchParams.get('$select'));
    const contentType = `application/json;odata=${flavour === 'minimal' ? 'minimalmetadata' : flavour};streaming=true;charset=utf-8`;
    send(res, answer.status, json, answer.headers ?? {}, contentType);
  }

  const server = createServer(async (req, res) => {
    const raw = req.url ?? '/';
    const url = new URL(raw, 'http://standin');
    let path = url.pathname;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      /* keep it encoded */
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      url: raw,
      path,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: await readBody(req),
      status: 0,
      failed: false,
      at: Date.now(),
    };
    requests.push(record);
    try {
      await handle(req, res, record);
    } catch (err) {
      record.status = 500;
      if (!res.headersSent) send(res, 500, { 'odata.error': { code: '-1, System.Exception', message: { lang: 'en-US', value: `Stand-in failure: ${(err as Error).message}` } } }, {});
    }
    const query = url.search ? ` ${decodeURIComponent(url.search.replace(/\+/g, ' '))}` : '';
    options.log?.(`${record.method} ${record.path}${query} -> ${record.status || 'dropped'}${record.failed ? ' (failNext)' : ''}`);
  });
  // Dropped connections surface on the client; the server need not report them.
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    url,
    requests,
    state,
    failNext(rule: FailRule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    siteUrl(path: string) {
      return `${url}${path.startsWith('/') ? path : `/${path}`}`;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
