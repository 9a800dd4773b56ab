import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import ICAL from 'ical.js';
import type { AppHarness } from '../../support/app-harness';

/**
 * A stand-in for Entra ID in the schedule API's tests: an RSA key pair whose public half a local
 * JWKS endpoint serves (as login.microsoftonline.com does), and Teams SSO tokens signed with it.
 */
export const tabAppId = '6f0b1b7e-5c1a-4c55-9d7e-2d1a11c0ffee';
export const tabAppIdUri = `api://127.0.0.1/${tabAppId}`;

export interface FakeEntra {
  jwksUrl: string;
  /** A Teams SSO token for the user; `claims` and `options` override the valid defaults. */
  token(user: { tenantId: string; objectId: string; name?: string }, options?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

export interface TokenOptions {
  issuer?: string;
  audience?: string;
  /** Seconds from now (negative: expired). */
  expiresIn?: number;
  /** Signed with a key Entra ID does not publish (under the published key's kid). */
  foreignKey?: boolean;
  claims?: Record<string, unknown>;
}

export async function startFakeEntra(): Promise<FakeEntra> {
  const kid = 'test-key-1';
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/keys') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    jwksUrl: `http://127.0.0.1:${port}/keys`,
    async token(user, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const key: CryptoKey = options.foreignKey ? foreign.privateKey : privateKey;
      return new SignJWT({ tid: user.tenantId, oid: user.objectId, name: user.name ?? 'Someone', ver: '2.0', ...options.claims })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? `https://login.microsoftonline.com/${user.tenantId}/v2.0`)
        .setAudience(options.audience ?? tabAppIdUri)
        .setSubject(user.objectId)
        .setIssuedAt(now - 60)
        .setNotBefore(now - 60)
        .setExpirationTime(now + (options.expiresIn ?? 3600))
        .sign(key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function call(app: AppHarness, path: string, options: { token?: string; method?: string; body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path.startsWith('http') ? path : `${app.server.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: any;
  if (/application\/json/.test(res.headers.get('content-type') ?? '')) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body, text };
}

export interface ParsedEvent {
  uid: string;
  sequence: number;
  status: string;
  summary: string;
  start: string;
  end: string;
  startZone: string;
}

/** Parses an iCalendar text with ical.js (throws on a syntax error). */
export function parseIcs(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v);
    const start = v.getFirstPropertyValue('dtstart') as ICAL.Time;
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: String(v.getFirstPropertyValue('status')),
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      startZone: start.zone?.tzid ?? '',
    };
  });
}
