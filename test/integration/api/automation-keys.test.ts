import assert from 'node:assert/strict';
import { TableClient } from '@azure/data-tables';
import { principalOf } from '../../../bot/src/api/authenticate';
import { checkAutomationKey, hashAutomationKey, issueAutomationKey } from '../../../bot/src/api/automation-keys';
import { parseKeyArgs, runKeyCommand, type KeyCommandContext } from '../../../bot/dev/key';
import { startAppHarness, type AppHarness } from '../../support/app-harness';
import { aMinorBody, postRelease } from './api-client';

describe('automation keys', function () {
  this.timeout(30_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  it('are stored hashed: neither the key nor its secret appears anywhere in the table', async () => {
    const { key, record } = await issueAutomationKey(app.keys, { scope: { kind: 'client', clientId: 'contoso' }, label: 'deploy scripts', now: new Date('2026-11-25T10:00:00Z') });
    assert.match(key, /^ud_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const secret = key.slice(`ud_${record.keyId}_`.length);
    const table = TableClient.fromConnectionString(app.storage.connectionString, `${app.storage.tablePrefix}automationkeys`, { allowInsecureConnection: true });
    const rows: unknown[] = [];
    for await (const row of table.listEntities()) rows.push(row);
    const dump = JSON.stringify(rows);
    assert.ok(dump.includes(record.keyId));
    assert.ok(dump.includes(hashAutomationKey(key)));
    assert.ok(!dump.includes(key), 'the key is not stored');
    assert.ok(!dump.includes(secret), 'the secret is not stored');
    assert.deepEqual(await app.keys.get(record.keyId), {
      keyId: record.keyId,
      keyHash: hashAutomationKey(key),
      scope: { kind: 'client', clientId: 'contoso' },
      label: 'deploy scripts',
      createdAt: '2026-11-25T10:00:00.000Z',
    });
  });

  it('check by key id and hash: malformed, unknown, wrong secret, valid, revoked', async () => {
    const { key, record } = await issueAutomationKey(app.keys, { scope: { kind: 'vendor' }, now: new Date() });
    assert.equal((await checkAutomationKey(app.keys, 'nonsense')).status, 'malformed');
    assert.equal((await checkAutomationKey(app.keys, `ud_ffffffffffffffff_${'A'.repeat(43)}`)).status, 'unknown');
    assert.equal((await checkAutomationKey(app.keys, `ud_${record.keyId}_${'A'.repeat(43)}`)).status, 'unknown');
    assert.equal((await checkAutomationKey(app.keys, `${key}x`)).status, 'malformed');
    assert.equal((await checkAutomationKey(app.keys, key)).status, 'valid');
    await app.keys.revoke(record.keyId, '2026-11-26T09:00:00.000Z');
    assert.equal((await checkAutomationKey(app.keys, key)).status, 'revoked');
  });

  it('name who acts the way the permission rules do', async () => {
    const vendor = (await issueAutomationKey(app.keys, { scope: { kind: 'vendor' }, now: new Date() })).record;
    const contoso = (await issueAutomationKey(app.keys, { scope: { kind: 'client', clientId: 'contoso' }, now: new Date() })).record;
    assert.deepEqual(principalOf(vendor), { kind: 'automation', clientId: 'vendor', keyId: vendor.keyId });
    assert.deepEqual(principalOf(contoso), { kind: 'automation', clientId: 'contoso', keyId: contoso.keyId });
  });

  it('revocation keeps the first revocation time, survives concurrent revokes, and says undefined for no key', async () => {
    const { record } = await issueAutomationKey(app.keys, { scope: { kind: 'vendor' }, now: new Date() });
    const times = Array.from({ length: 5 }, (_, i) => `2026-11-26T09:00:0${i}.000Z`);
    const results = await Promise.all(times.map((at) => app.keys.revoke(record.keyId, at)));
    const first = (await app.keys.get(record.keyId))?.revokedAt;
    assert.ok(first && times.includes(first));
    assert.ok(results.every((r) => r?.revokedAt === first), 'every revoke reports the one time that stuck');
    assert.equal((await app.keys.revoke(record.keyId, '2027-01-01T00:00:00.000Z'))?.revokedAt, first);
    assert.equal(await app.keys.revoke('0000000000000000', '2027-01-01T00:00:00.000Z'), undefined);
  });

  describe('npm run key', () => {
    let out: string[];
    let err: string[];
    let ctx: KeyCommandContext;
    beforeEach(() => {
      out = [];
      err = [];
      ctx = {
        keys: app.keys,
        clients: app.stores.clients,
        now: () => new Date('2026-11-25T12:00:00Z'),
        apiUrl: app.server.url,
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      };
    });
    const run = (...args: string[]) => runKeyCommand(parseKeyArgs(args), ctx);
    const printedKey = () => /Authorization: Bearer (ud_\S+)/.exec(out.join('\n'))?.[1];

    it('prints a vendor key once, with how to use it, and that key publishes a release', async () => {
      assert.equal(await run('vendor', '--label', 'release pipeline'), 0);
      const key = printedKey();
      assert.ok(key, out.join('\n'));
      assert.match(out.join('\n'), /shown only this once/);
      assert.match(out.join('\n'), /--revoke [0-9a-f]{16}/);
      const res = await postRelease(app, aMinorBody('5.5'), { key });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    });

    it('prints a client key that the vendor-only endpoint refuses with 403', async () => {
      assert.equal(await run('fabrikam'), 0);
      assert.match(out.join('\n'), /for client fabrikam/);
      assert.equal((await postRelease(app, aMinorBody('5.6'), { key: printedKey() })).status, 403);
    });

    it('refuses an unknown client, listing the known ones', async () => {
      const before = (await app.keys.list()).length;
      assert.equal(await run('globex'), 2);
      assert.match(err.join('\n'), /no client "globex"\. Known clients: contoso, fabrikam, northwind/);
      assert.equal((await app.keys.list()).length, before);
    });

    it('lists keys without secrets or hashes, and revokes one so that it gets 401', async () => {
      await run('vendor', '--label', 'to revoke');
      const key = printedKey()!;
      const keyId = key.split('_')[1]!;
      out = [];
      assert.equal(await run('--list'), 0);
      const listing = out.join('\n');
      assert.match(listing, /^KEY ID\s+SCOPE\s+CREATED\s+STATUS\s+LABEL$/m);
      assert.match(listing, new RegExp(`^${keyId}\\s+vendor\\s+2026-11-25T12:00:00.000Z\\s+active\\s+to revoke$`, 'm'));
      assert.match(listing, /client fabrikam/);
      assert.ok(!listing.includes(key) && !listing.includes(hashAutomationKey(key)));

      out = [];
      assert.equal(await run('--revoke', keyId), 0);
      assert.match(out.join('\n'), /Revoked automation key/);
      const res = await postRelease(app, aMinorBody('5.7'), { key });
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'revoked_key');
      out = [];
      assert.equal(await run('--revoke', keyId), 0);
      assert.match(out.join('\n'), /revoked already/);
      assert.equal(await run('--revoke', 'ffffffffffffffff'), 1);
      assert.match(err.join('\n'), /no automation key ffffffffffffffff/);
    });

    it('refuses a confused command line', () => {
      assert.throws(() => parseKeyArgs([]), /exactly one of/);
      assert.throws(() => parseKeyArgs(['contoso', 'fabrikam']), /exactly one of/);
      assert.throws(() => parseKeyArgs(['contoso', '--list']), /exactly one of/);
      assert.throws(() => parseKeyArgs(['--list', '--label', 'x']), /--label goes with a new key/);
      assert.throws(() => parseKeyArgs(['--frobnicate']), /Unknown option/);
      assert.deepEqual(parseKeyArgs(['vendor', '--label', 'ci']), { kind: 'issue', target: 'vendor', label: 'ci' });
    });
  });
});
