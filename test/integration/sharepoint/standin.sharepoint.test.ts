import assert from 'node:assert/strict';
import { startSharePointStandin, type SharePointStandin } from '../../../bot/dev/sharepoint-standin';

/** The stand-in itself, as `npm start` uses it in development: plain HTTP, no pnp. */
describe('SharePoint stand-in (loopback)', () => {
  let standin: SharePointStandin;
  const lines: string[] = [];
  const get = (path: string, accept = 'application/json', token = 'dev') =>
    fetch(`${standin.url}${path}`, { headers: { Accept: accept, Authorization: `Bearer ${token}` } });

  beforeEach(async () => {
    lines.length = 0;
    standin = await startSharePointStandin({ log: (line) => lines.push(line), sites: ['/sites/intranet'], autoCreateSites: false });
  });
  afterEach(async () => {
    await standin.close();
  });

  it('logs one short line per request, without the token', async () => {
    await get('/sites/intranet/_api/web/lists', 'application/json', 'secret-looking-token');
    await get('/sites/nowhere/_api/web');
    assert.deepEqual(lines, ['GET /sites/intranet/_api/web/lists -> 200', 'GET /sites/nowhere/_api/web -> 404']);
    assert.ok(!lines.join('\n').includes('secret-looking-token'));
  });

  it('answers in the metadata flavour asked for (minimal by default, verbose when asked)', async () => {
    const minimal = (await (await get("/sites/intranet/_api/web/lists/getByTitle('Site%20Pages')")).json()) as Record<string, unknown>;
    assert.equal(minimal['odata.type'], 'SP.List');
    assert.match(String(minimal['odata.id']), /^http:\/\/127\.0\.0\.1:\d+\/sites\/intranet\/_api\/Web\/Lists\(guid'[0-9a-f-]{36}'\)$/);
    assert.equal(minimal.Title, 'Site Pages');
    const verbose = (await (await get("/sites/intranet/_api/web/lists/getByTitle('Site%20Pages')", 'application/json;odata=verbose')).json()) as { d: Record<string, any> };
    assert.equal(verbose.d.__metadata.type, 'SP.List');
    assert.equal(verbose.d.Title, 'Site Pages');
  });

  it('refuses a request without a bearer token (401) and a call it does not model (400)', async () => {
    const anonymous = await fetch(`${standin.url}/sites/intranet/_api/web`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer /);
    const unknown = await get('/sites/intranet/_api/web/siteusers');
    assert.equal(unknown.status, 400);
    assert.match(((await unknown.json()) as any)['odata.error'].message.value, /does not model GET web\/siteusers/);
  });

  it('fails the next matching calls as told, then answers normally', async () => {
    standin.failNext({ match: (r) => r.path.endsWith('/_api/web'), times: 2, status: 429, headers: { 'Retry-After': '3' } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get('/sites/intranet/_api/web')).status);
    assert.deepEqual(statuses, [429, 429, 200]);
    assert.deepEqual(standin.requests.map((r) => [r.status, r.failed]), [[429, true], [429, true], [200, false]]);
  });
});
