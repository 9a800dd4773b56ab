import assert from 'node:assert/strict';
import { defaultOutages, withReleaseDefaults } from '../../../bot/src/domain/release';
import { ReleaseInvalidError } from '../../../bot/src/domain/release-rules';
import { publishRelease } from '../../../bot/src/usecases/publish-release';
import { startAppHarness, type AppHarness } from '../../support/app-harness';
import { aKey, aMajorBody, aMinorBody, postRelease } from './api-client';

describe('POST /api/releases', function () {
  this.timeout(30_000);
  let app: AppHarness;
  let vendorKey: string;
  let contosoKey: string;
  before(async () => {
    app = await startAppHarness();
    vendorKey = await aKey(app, { kind: 'vendor' }, 'release pipeline');
    contosoKey = await aKey(app, { kind: 'client', clientId: 'contoso' });
  });
  after(async () => app?.close());

  const versions = async () => (await app.stores.releases.list()).map((r) => r.version);

  it('publishes a release with a vendor key: 201 with the stored release, defaults applied, announced once', async () => {
    const res = await postRelease(app, aMinorBody('5.2'), { key: vendorKey });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const expected = withReleaseDefaults({
      ...(aMinorBody('5.2') as any),
      prerequisites: [],
      runbook: [{ title: 'Run Upgrade-Atlas.ps1', runBy: 'SharePoint Administrator', requiresGlobalAdmin: false, estimateInMinutes: 60 }],
    });
    assert.deepEqual(res.body, expected);
    assert.deepEqual(await app.stores.releases.get('5.2'), expected);
    assert.deepEqual(res.body.outages, defaultOutages);
    assert.equal(res.body.contentFreezeAdvised, false);
    assert.deepEqual(app.published.map((r) => r.version), ['5.2']);
  });

  it('advises a content freeze for a major unless told otherwise, and keeps given outages', async () => {
    const res = await postRelease(app, aMajorBody('6.0'), { key: vendorKey });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.contentFreezeAdvised, true);
    assert.deepEqual(res.body.townhall, {});
    assert.deepEqual(res.body.roadmap, []);
    const outages = [{ features: ['Add It'], minMinutes: 5, maxMinutes: 5 }];
    const minor = await postRelease(app, { ...aMinorBody('6.1'), outages, contentFreezeAdvised: true }, { key: vendorKey });
    assert.equal(minor.status, 201, JSON.stringify(minor.body));
    assert.deepEqual((await app.stores.releases.get('6.1'))?.outages, outages);
    assert.equal((await app.stores.releases.get('6.1'))?.contentFreezeAdvised, true);
  });

  describe('refuses a request without a valid key: 401 and nothing saved', () => {
    const cases: [string, { authorization?: string; key?: string }, string][] = [
      ['no Authorization header', {}, 'missing_key'],
      ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }, 'malformed_key'],
      ['a bare Bearer', { authorization: 'Bearer' }, 'malformed_key'],
      ['garbage', { key: 'not-a-key' }, 'malformed_key'],
      ['an unknown key id', { key: `ud_0123456789abcdef_${'A'.repeat(43)}` }, 'invalid_key'],
    ];
    for (const [name, auth, code] of cases)
      it(name, async () => {
        const res = await postRelease(app, aMinorBody('7.1'), auth);
        assert.equal(res.status, 401);
        assert.equal(res.body.error, code);
        assert.match(res.body.message, /Authorization: Bearer <key>/);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
        assert.equal(await app.stores.releases.get('7.1'), undefined);
      });

    it('a known key id with the wrong secret', async () => {
      const [, keyId] = vendorKey.split('_');
      const res = await postRelease(app, aMinorBody('7.1'), { key: `ud_${keyId}_${'B'.repeat(43)}` });
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_key');
      assert.equal(await app.stores.releases.get('7.1'), undefined);
    });

    it('a revoked key', async () => {
      const key = await aKey(app, { kind: 'vendor' });
      await app.keys.revoke(key.split('_')[1]!, '2026-11-25T11:00:00.000Z');
      const res = await postRelease(app, aMinorBody('7.1'), { key });
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'revoked_key');
      assert.match(res.body.message, /revoked on 2026-11-25T11:00:00.000Z/);
      assert.equal(await app.stores.releases.get('7.1'), undefined);
    });
  });

  it('refuses a client-scoped key with 403 and saves nothing', async () => {
    const res = await postRelease(app, aMinorBody('7.2'), { key: contosoKey });
    assert.equal(res.status, 403);
    assert.equal(res.body.error, 'forbidden');
    assert.match(res.body.message, /client contoso only; this needs a vendor key/);
    assert.equal(await app.stores.releases.get('7.2'), undefined);
  });

  it('names every bad field in one 400 and saves nothing', async () => {
    const before = await versions();
    const body = {
      version: 'five',
      kind: 'huge',
      availableOn: '2027-02-30',
      highlights: 'Faster search',
      roadmap: ['ok', '   '],
      releaseNotesUrl: 'http://support.example.com/notes',
      townhall: { date: '20-04-2027', recordingUrl: 'ftp://video.example.com/x', colour: 'blue' },
      prerequisites: [42],
      runbook: [{ title: 'Run it', runBy: 'IT admin', estimateInMinutes: -5 }, { runBy: 'IT admin', estimateInMinutes: 10 }],
      outages: [{ features: ['ConneX'], minMinutes: 30, maxMinutes: 10 }],
      contentFreezeAdvised: 'yes',
      colour: 'green',
    };
    const res = await postRelease(app, body, { key: vendorKey });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'release_invalid');
    const fields = Object.fromEntries((res.body.fields as { field: string; message: string }[]).map((f) => [f.field, f.message]));
    assert.deepEqual(Object.keys(fields).sort(), [
      'availableOn', 'colour', 'contentFreezeAdvised', 'highlights', 'kind', 'outages[0].maxMinutes', 'prerequisites[0]', 'releaseNotesUrl',
      'roadmap[1]', 'runbook[0].estimateInMinutes', 'runbook[1].title', 'townhall.colour', 'townhall.date', 'townhall.recordingUrl', 'version',
    ].sort());
    assert.match(fields.version!, /version number such as 5\.0/);
    assert.match(fields.kind!, /major, minor/);
    assert.match(fields.availableOn!, /yyyy-MM-dd/);
    assert.match(fields.releaseNotesUrl!, /https:\/\//);
    assert.match(fields['runbook[1].title']!, /required/);
    assert.match(fields.colour!, /not a field here; the fields are version, kind/);
    assert.match(fields['outages[0].maxMinutes']!, /at least minMinutes \(30\)/);
    assert.deepEqual(await versions(), before);
  });

  it('refuses a major without prerequisites or runbook, naming both, next to other bad fields', async () => {
    const { prerequisites: _p, runbook: _r, ...bare } = aMajorBody('8.0');
    const res = await postRelease(app, { ...bare, releaseNotesUrl: 'not a url' }, { key: vendorKey });
    assert.equal(res.status, 400);
    assert.deepEqual((res.body.fields as { field: string }[]).map((f) => f.field).sort(), ['prerequisites', 'releaseNotesUrl', 'runbook']);
    const empty = await postRelease(app, { ...aMajorBody('8.0'), prerequisites: [], runbook: [] }, { key: vendorKey });
    assert.equal(empty.status, 400);
    assert.match(JSON.stringify(empty.body.fields), /major release/);
    assert.equal(await app.stores.releases.get('8.0'), undefined);
  });

  it('answers a body that is not an object, or empty, with 400', async () => {
    for (const raw of ['[1,2]', '"5.0"', '']) {
      const res = await postRelease(app, undefined, { key: vendorKey, raw });
      assert.equal(res.status, 400, raw);
      assert.deepEqual(res.body.fields.map((f: { field: string }) => f.field), ['(body)']);
    }
  });

  it('answers malformed JSON with a clean 400 JSON, and another media type with 415', async () => {
    const res = await postRelease(app, undefined, { key: vendorKey, raw: '{"version": "9.0", ' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'malformed_json');
    assert.match(res.body.message, /not valid JSON/);
    assert.deepEqual(Object.keys(res.body).sort(), ['correlationId', 'error', 'message']);
    const text = await postRelease(app, undefined, { key: vendorKey, raw: JSON.stringify(aMinorBody('9.0')), contentType: 'text/plain' });
    assert.equal(text.status, 415);
    assert.equal(text.body.error, 'unsupported_media_type');
    assert.equal(await app.stores.releases.get('9.0'), undefined);
  });

  it('the use case a card form shares refuses a broken major with every problem, storing and announcing nothing', async () => {
    const draft = { ...(aMajorBody('8.1') as any), prerequisites: [], runbook: [], roadmap: [], townhall: {} };
    await assert.rejects(publishRelease(app.app.deps, draft), (err: unknown) => {
      assert.ok(err instanceof ReleaseInvalidError);
      assert.deepEqual(err.problems.map((p) => p.field), ['prerequisites', 'runbook']);
      return true;
    });
    assert.equal(await app.stores.releases.get('8.1'), undefined);
    assert.ok(!app.published.some((r) => r.version === '8.1'));
  });

  it('answers a version that exists with 409 and leaves the stored one alone', async () => {
    const res = await postRelease(app, { ...aMinorBody('5.0'), highlights: ['Something else'] }, { key: vendorKey });
    assert.equal(res.status, 409);
    assert.equal(res.body.error, 'conflict');
    assert.match(res.body.message, /Release 5\.0 exists already/);
    assert.deepEqual((await app.stores.releases.get('5.0'))?.highlights, ['New workspace designer', 'Faster search across hubs', 'Teams meeting notes saved to workspaces']);
    assert.ok(!app.published.some((r) => r.version === '5.0'));
  });
});

describe('API errors nobody planned for', function () {
  this.timeout(30_000);
  it('answer 500 with a correlation id and no stack; the log gets the stack', async () => {
    const lines: string[] = [];
    const app = await startAppHarness({ log: (line) => lines.push(line) });
    app.stores.releases.create = () => Promise.reject(new Error('storage exploded'));
    try {
      const res = await postRelease(app, aMinorBody('5.2'), { key: await aKey(app, { kind: 'vendor' }) });
      assert.equal(res.status, 500);
      assert.equal(res.body.error, 'internal');
      assert.match(res.body.correlationId, /^[0-9a-f-]{36}$/);
      assert.ok(res.body.message.includes(res.body.correlationId));
      assert.doesNotMatch(JSON.stringify(res.body), /exploded|at .*\.ts/);
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.correlationId === res.body.correlationId && l.level === 'error');
      assert.ok(logged, 'a JSON log line carries the correlation id');
      assert.equal(logged.status, 500);
      assert.match(logged.err.stack, /storage exploded\n\s+at /);
    } finally {
      await app.close();
    }
  });
});
