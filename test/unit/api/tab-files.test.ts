import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import restify from 'restify';
import { tabFilesRoute } from '../../../bot/src/api/tab-files';

describe('GET /tab (bot/src/api/tab-files.ts)', () => {
  let dir: string;
  let server: restify.Server;
  let url: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upgrade-desk-tab-'));
    mkdirSync(join(dir, 'built', 'chunks'), { recursive: true });
    writeFileSync(join(dir, 'built', 'index.html'), '<!doctype html><title>tab</title>');
    writeFileSync(join(dir, 'built', 'app-ABCDEFGH.js'), 'console.log(1)');
    writeFileSync(join(dir, 'built', 'app-ABCDEFGH.css'), 'body{}');
    writeFileSync(join(dir, 'built', 'chunks', 'chunk-ZYXWVUTS.js'), 'export {}');
    writeFileSync(join(dir, 'secret.txt'), 'outside the tab');
    server = restify.createServer();
    const built = tabFilesRoute(join(dir, 'built'));
    const missing = tabFilesRoute(join(dir, 'missing'));
    server.get('/tab', built);
    server.get('/tab/*', built);
    server.get('/missing/*', async (req, res) => {
      const path = req.getPath().replace('/missing', '/tab');
      await missing(Object.assign(req, { getPath: () => path }), res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages (/tab, /tab/schedule, /tab/configure) get index.html, not cached', async () => {
    for (const path of ['/tab', '/tab/', '/tab/schedule', '/tab/configure']) {
      const res = await fetch(url + path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.match(await res.text(), /<title>tab<\/title>/);
    }
  });

  it('hashed JS and CSS have their content types and are cached for good', async () => {
    const js = await fetch(`${url}/tab/chunks/chunk-ZYXWVUTS.js`);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(js.headers.get('x-content-type-options'), 'nosniff');
    assert.equal((await fetch(`${url}/tab/app-ABCDEFGH.css`)).headers.get('content-type'), 'text/css; charset=utf-8');
  });

  it('a missing file is 404, and nothing outside the build is served', async () => {
    assert.equal((await fetch(`${url}/tab/nope.js`)).status, 404);
    assert.equal((await fetch(`${url}/tab/..%2Fsecret.txt`)).status, 404);
    assert.equal((await fetch(`${url}/tab/%2e%2e/secret.txt`)).status, 404);
  });

  it('without a build, a page answers 503 saying how to build it', async () => {
    const res = await fetch(`${url}/missing/schedule`);
    assert.equal(res.status, 503);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.match(await res.text(), /npm run build/);
  });
});
