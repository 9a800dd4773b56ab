import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sinon from 'sinon';
import { issueAutomationKey } from '../../bot/src/api/automation-keys';
import { demoTenants } from '../../bot/dev/demo-data';
import { defaultVendorWindowRules } from '../../bot/src/domain/window';
import { startServer, type RunningServer } from '../../bot/src/server';
import { createTableStores } from '../../bot/src/store/table-stores';
import { createAdapter } from '../../bot/src/teams/adapter';
import { createLogger } from '../../bot/src/logging';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { pattiContosoOwner, startAppHarness, type AppHarness } from '../support/app-harness';

/** Section 5 of issue 10: what attacking the running app found, each as a test. */

const activity = (overrides: Record<string, unknown> = {}) => ({
  type: 'message', id: 'a1', text: 'help', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/',
  from: { id: '29:x', aadObjectId: 'x', name: 'X' }, recipient: { id: '28:bot' },
  conversation: { id: 'c1', conversationType: 'personal', tenantId: demoTenants.vendor },
  ...overrides,
});

function isLoopback(target: unknown): boolean {
  const host = typeof target === 'string' ? new URL(target).hostname : target instanceof URL ? target.hostname : String((target as { hostname?: unknown; host?: unknown })?.hostname ?? (target as { host?: unknown })?.host ?? '');
  return /^(127\.0\.0\.1|localhost|\[::1\]|::1)(:\d+)?$/.test(host);
}

/** N levels of arrays around a value: `[[[...1...]]]`, as JSON text. */
const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

type Json = Record<string, any>;
const parseLines = (lines: string[]): Json[] => lines.map((l) => JSON.parse(l) as Json);

describe('hostile input at the edges', function () {
  this.timeout(60_000);
  let app: AppHarness;
  const lines: string[] = [];
  let vendorKey: string;
  let contosoKey: string;
  before(async () => {
    app = await startAppHarness({ log: (line) => lines.push(line) });
    vendorKey = (await issueAutomationKey(app.keys, { scope: { kind: 'vendor' }, now: new Date() })).key;
    contosoKey = (await issueAutomationKey(app.keys, { scope: { kind: 'client', clientId: 'contoso' }, now: new Date() })).key;
  });
  after(async () => app?.close());

  const postRaw = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  /** The log lines of one request, by the correlation id its answer carries. */
  const logOf = (correlationId: string) => parseLines(lines).filter((l) => l.correlationId === correlationId);

  describe('activities are checked before botbuilder sees them', () => {
    let outbound: sinon.SinonSpy[] = [];
    beforeEach(() => {
      outbound = [sinon.spy(http, 'request'), sinon.spy(https, 'request')];
    });
    afterEach(() => outbound.forEach((s) => s.restore()));
    /** Requests the process made to anything but this machine (the app's own loopback traffic, e.g. to the Teams stand-in, is not counted). */
    const calls = () => outbound.flatMap((s) => s.args).filter((args) => !isLoopback(args[0])).length;

    for (const [name, serviceUrl] of [['a list', []], ['an object', {}], ['a number', 42], ['empty', ''], ['not a URL', 'smba'], ['another scheme', 'ftp://smba.trafficmanager.net/']] as const)
      it(`a serviceUrl that is ${name} gets 400 naming serviceUrl, and nothing is sent anywhere`, async () => {
        const res = await app.post(activity({ serviceUrl }));
        const body = await res.json();
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(body.error, 'invalid_activity');
        assert.match(body.message, /serviceUrl/);
        assert.deepEqual(body.fields.map((f: { field: string }) => f.field), ['serviceUrl']);
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(calls(), 0, 'no outbound request');
      });

    const malformed: [string, Record<string, unknown>, string][] = [
      ['no conversation', { conversation: undefined }, 'conversation'],
      ['a conversation without an id', { conversation: { tenantId: 't' } }, 'conversation.id'],
      ['a conversation id that is a number', { conversation: { id: 7 } }, 'conversation.id'],
      ['no from', { from: undefined }, 'from'],
      ['a from without an id', { from: { name: 'X' } }, 'from.id'],
      ['text that is not text', { text: { $gt: '' } }, 'text'],
      ['no id', { id: undefined }, 'id'],
      ['a type that is a list', { type: ['message'] }, 'type'],
      ['channelData that is a string', { channelData: 'tenant' }, 'channelData'],
      ['an invoke without a value', { type: 'invoke', name: 'adaptiveCard/action' }, 'value'],
      ['an invoke whose value is a string', { type: 'invoke', name: 'adaptiveCard/action', value: 'x' }, 'value'],
      ['membersAdded that are not accounts', { type: 'conversationUpdate', membersAdded: ['28:bot'] }, 'membersAdded[0]'],
    ];
    for (const [name, change, field] of malformed)
      it(`${name} gets 400 naming ${field}`, async () => {
        const res = await app.post(activity(change));
        const body = await res.json();
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(body.error, 'invalid_activity');
        assert.ok(body.fields.some((f: { field: string }) => f.field === field), JSON.stringify(body.fields));
        assert.match(body.correlationId, /^[0-9a-f-]{36}$/);
        assert.equal(calls(), 0);
      });

    it('a well-formed activity still gets its answer', async () => {
      const replies = await app.say('help');
      assert.equal(replies.length, 1);
    });
  });

  describe('deeply nested JSON', () => {
    it('100,000 levels (about 200 KB) to /api/releases get 400 naming the field, not a stack overflow', async () => {
      const res = await postRaw('/api/releases', `{"version":"9.9","highlights":${nested(100_000)}}`, { authorization: `Bearer ${vendorKey}` });
      const body = await res.json();
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(body.error, 'body_too_deep');
      assert.equal(body.field, 'highlights');
      assert.equal(await app.stores.releases.get('9.9'), undefined);
    });

    it('to /api/upgrades/:id/events: too deep gets 400, too large for an event gets 413', async () => {
      const deep = await postRaw('/api/upgrades/CHG-2026-0001/events', `{"event":"start","note":${nested(20_000)}}`, { authorization: `Bearer ${vendorKey}` });
      const deepBody = await deep.json();
      assert.equal(deep.status, 400, JSON.stringify(deepBody));
      assert.equal(deepBody.error, 'body_too_deep');
      assert.equal(deepBody.field, 'note');
      const large = await postRaw('/api/upgrades/CHG-2026-0001/events', `{"event":"start","note":${nested(100_000)}}`, { authorization: `Bearer ${vendorKey}` });
      const largeBody = await large.json();
      assert.equal(large.status, 413, JSON.stringify(largeBody));
      assert.equal(largeBody.error, 'body_too_large');
      assert.equal((await app.stores.upgrades.get('CHG-2026-0001'))!.value.lastCommunication, undefined);
    });

    it('to /api/messages: 400, and a body over 256 KB 413', async () => {
      const deep = await postRaw('/api/messages', JSON.stringify(activity()).replace('"channelId"', `"channelData":{"x":${nested(100_000)}},"channelId"`));
      assert.equal(deep.status, 400);
      assert.equal((await deep.json()).error, 'body_too_deep');
      const large = await postRaw('/api/messages', JSON.stringify(activity({ attachments: [{ content: 'x'.repeat(300_000) }] })));
      assert.equal(large.status, 413);
      assert.equal((await large.json()).error, 'body_too_large');
    });
  });

  describe('fields too large to store once escaped', () => {
    it('30 highlights of 500 control characters: 400 naming highlights, nothing stored', async () => {
      const body = { version: '9.8', kind: 'minor', availableOn: '2027-05-03', highlights: Array.from({ length: 30 }, () => '\u0001'.repeat(500)) };
      const res = await postRaw('/api/releases', JSON.stringify(body), { authorization: `Bearer ${vendorKey}` });
      const answer = await res.json();
      assert.equal(res.status, 400, JSON.stringify(answer));
      assert.equal(answer.error, 'release_invalid');
      assert.deepEqual(answer.fields.map((f: { field: string }) => f.field), ['highlights']);
      assert.match(answer.fields[0].message, /too large to store/);
      assert.equal(await app.stores.releases.get('9.8'), undefined);
    });

    it('a runbook of 50 steps with titles of backslashes: 400 naming runbook', async () => {
      const runbook = Array.from({ length: 50 }, () => ({ title: '\\'.repeat(300), runBy: '"'.repeat(100), estimateInMinutes: 5 }));
      const body = { version: '9.7', kind: 'minor', availableOn: '2027-05-03', highlights: ['x'], runbook };
      const res = await postRaw('/api/releases', JSON.stringify(body), { authorization: `Bearer ${vendorKey}` });
      const answer = await res.json();
      assert.equal(res.status, 400, JSON.stringify(answer));
      assert.deepEqual(answer.fields.map((f: { field: string }) => f.field), ['runbook']);
    });

    it('an event note of 2,000 control characters: 400 naming note, nothing applied', async () => {
      const res = await postRaw('/api/upgrades/CHG-2026-0001/events', JSON.stringify({ event: 'start', reason: 'now', note: '\u0002'.repeat(2000) }), { authorization: `Bearer ${vendorKey}` });
      const answer = await res.json();
      assert.equal(res.status, 400, JSON.stringify(answer));
      assert.equal(answer.error, 'invalid_event');
      assert.deepEqual(answer.fields.map((f: { field: string }) => f.field), ['note']);
      assert.equal((await app.stores.upgrades.get('CHG-2026-0001'))!.value.lastCommunication, undefined);
    });
  });

  describe('an automation key cannot learn which upgrades exist', () => {
    it('another client\'s upgrade and one that does not exist get the same 404', async () => {
      const post = (id: string) => postRaw(`/api/upgrades/${id}/events`, JSON.stringify({ event: 'instance-start' }), { authorization: `Bearer ${contosoKey}` });
      const fabrikams = await post('CHG-2026-0002');
      const unknown = await post('CHG-2026-0999');
      const [a, b] = [await fabrikams.json(), await unknown.json()];
      assert.equal(fabrikams.status, 404);
      assert.equal(unknown.status, fabrikams.status);
      const { correlationId: _a, ...same } = a;
      const { correlationId: _b, ...other } = b;
      assert.deepEqual({ ...same, message: same.message.replace('CHG-2026-0002', 'CHG-x') }, { ...other, message: other.message.replace('CHG-2026-0999', 'CHG-x') });
      assert.doesNotMatch(JSON.stringify(a), /fabrikam|needs a key/i);
      assert.match(a.message, /no upgrade CHG-2026-0002 that this automation key can see/);
    });
  });

  describe('every error answer carries a correlation id that its JSON log line carries too', () => {
    it('API refusals and restify\'s own errors', async () => {
      const answers = [
        await postRaw('/api/releases', '{}'),
        await postRaw('/api/releases', '{"version": ', { authorization: `Bearer ${vendorKey}` }),
        await fetch(`${app.server.url}/api/nothing-here`),
        await postRaw('/api/upgrades/CHG-2026-0999/events', '{"event":"start"}', { authorization: `Bearer ${contosoKey}` }),
        await app.post({ hello: 'world' }),
      ];
      const ids: string[] = [];
      for (const res of answers) {
        assert.ok(res.status >= 400, String(res.status));
        const body = await res.json();
        assert.match(body.correlationId, /^[0-9a-f-]{36}$/, JSON.stringify(body));
        assert.equal(res.headers.get('x-correlation-id'), body.correlationId);
        const logged = logOf(body.correlationId);
        assert.ok(logged.some((l) => l.status === res.status && l.code === body.error), JSON.stringify(logged));
        ids.push(body.correlationId);
      }
      const event = logOf(ids[3]!);
      assert.ok(event.length && event.every((l) => l.changeId === 'CHG-2026-0999'), 'the events route logs the change id');
    });

    it('a refusal in chat: the error card shows the reference, the log line has it with the tenant and change id', async () => {
      const [reply] = await app.say('show CHG-2026-0002', pattiContosoOwner);
      const card = JSON.stringify(reply!.activity.attachments);
      const reference = /Reference: ([0-9a-f-]{36})/.exec(card)?.[1];
      assert.ok(reference, card);
      const logged = logOf(reference);
      assert.ok(logged.some((l) => l.msg === 'refused' && l.tenantId === demoTenants.contoso && l.changeId === 'CHG-2026-0002'), JSON.stringify(logged));
      assert.ok(parseLines(lines).every((l) => typeof l.level === 'string' && typeof l.time === 'string' && typeof l.msg === 'string'), 'one JSON object a line');
    });

    it('a refused click on a shared card: the invoke error carries the correlation id of its log line', async () => {
      const noGo = { verb: 'upgrade.nogo', upgradeId: 'CHG-2026-0002', inAnswerTo: 'instance_start', at: '2026-11-25T10:00:00.000Z' };
      const refused = await app.answer(noGo, pattiContosoOwner);
      assert.equal(refused.type, 'application/vnd.microsoft.error');
      assert.match(refused.value.correlationId, /^[0-9a-f-]{36}$/);
      const logged = logOf(refused.value.correlationId);
      assert.ok(logged.some((l) => l.msg === 'refused' && l.code === refused.value.code && l.changeId === 'CHG-2026-0002' && l.tenantId === demoTenants.contoso), JSON.stringify(logged));
    });
  });
});

describe('a Bot Framework token that cannot be checked or is refused', function () {
  this.timeout(30_000);
  const credentials = { appId: 'app-id', appPassword: 'secret', appType: 'SingleTenant' as const, appTenantId: 'tenant' };
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const jwt = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'not-a-published-key' })}.${b64({ iss: 'https://api.botframework.com', aud: 'app-id', exp: Math.floor(Date.now() / 1000) + 3600 })}.c2ln`;

  async function serverWith(openIdMetadataUrl: string, lines: string[]): Promise<RunningServer> {
    const azurite = await sharedAzurite();
    const stores = await createTableStores({ connectionString: azurite.connectionString, tablePrefix: uniquePrefix('jwt') });
    const log = createLogger({ write: (line) => lines.push(line) });
    return startServer({
      config: { port: 0, serviceUrlHosts: ['smba.trafficmanager.net'], credentials },
      deps: { stores, clock: { now: () => new Date() }, vendorTenantId: demoTenants.vendor, rules: defaultVendorWindowRules },
      pingStorage: () => stores.ping(),
      log,
      adapter: createAdapter(credentials, log, { openIdMetadataUrl }),
    });
  }
  const send = (server: RunningServer) =>
    fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify(activity({ serviceUrl: 'https://smba.trafficmanager.net/emea/' })),
    });

  it('answers 503 with a generic message when the issuer\'s keys cannot be fetched; the details are only in the log', async () => {
    const lines: string[] = [];
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const server = await serverWith(`http://127.0.0.1:${port}/.well-known/openidconfiguration`, lines);
    try {
      const res = await send(server);
      const text = await res.text();
      assert.equal(res.status, 503, text);
      const body = JSON.parse(text);
      assert.equal(body.error, 'auth_unavailable');
      assert.doesNotMatch(text, /127\.0\.0\.1|ECONNREFUSED|request to|openid/i);
      const logged = parseLines(lines).find((l) => l.correlationId === body.correlationId && l.status === 503);
      assert.ok(logged, lines.join('\n'));
      assert.match(JSON.stringify(logged.err), /ECONNREFUSED|request to/);
    } finally {
      await server.close();
    }
  });

  it('answers 401 with a generic message when the token\'s key is not the issuer\'s', async () => {
    const lines: string[] = [];
    const issuer: Server = createServer((req, res) => {
      const port = (issuer.address() as AddressInfo).port;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url === '/keys' ? { keys: [] } : { issuer: 'https://api.botframework.com', jwks_uri: `http://127.0.0.1:${port}/keys` }));
    });
    await new Promise<void>((r) => issuer.listen(0, '127.0.0.1', r));
    const server = await serverWith(`http://127.0.0.1:${(issuer.address() as AddressInfo).port}/.well-known/openidconfiguration`, lines);
    try {
      const res = await send(server);
      const text = await res.text();
      assert.equal(res.status, 401, text);
      const body = JSON.parse(text);
      assert.equal(body.error, 'unauthorized');
      assert.equal(body.message, 'The Bot Framework token was not accepted.');
      const logged = parseLines(lines).find((l) => l.correlationId === body.correlationId && l.status === 401);
      assert.match(JSON.stringify(logged?.err), /Signing Key could not be retrieved/);
    } finally {
      await server.close();
      await new Promise<void>((r) => issuer.close(() => r()));
    }
  });
});
