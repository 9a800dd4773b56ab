import assert from 'node:assert/strict';
import { TableClient } from '@azure/data-tables';
import { readEntity, submitBatch } from '../../../bot/src/store/table-requests';
import { isAlreadyExists, isNotFound, isStaleEtag } from '../../../bot/src/store/table-errors';
import { sharedAzurite, uniquePrefix } from '../../support/azurite';

describe('point reads and entity group transactions written by the store (table-requests.ts)', () => {
  let table: TableClient;

  before(async () => {
    const { connectionString } = await sharedAzurite();
    table = TableClient.fromConnectionString(connectionString, `${uniquePrefix('tx')}rows`, { allowInsecureConnection: true });
    await table.createTable();
  });

  it('creates and replaces rows, each with its new ETag in order, keys with quotes and reserved characters included', async () => {
    const partitionKey = "notice%3Aa'b|01";
    const rows = ['a', "it's", 'c%2F'].map((rowKey, i) => ({ partitionKey, rowKey, n: i, ok: true, text: `row ${i}` }));
    const created = await submitBatch(table, rows.map((r) => ({ create: r })));
    for (const [i, r] of rows.entries()) assert.equal(created[i], (await table.getEntity(partitionKey, r.rowKey)).etag);

    const replaced = await submitBatch(table, rows.map((r, i) => ({ replace: { ...r, n: 10 + i, text: 'new' }, etag: created[i]! })));
    for (const [i, r] of rows.entries()) {
      const read = await table.getEntity<{ n: number; ok: boolean; text: string }>(partitionKey, r.rowKey);
      assert.deepEqual([read.etag, read.n, read.ok, read.text], [replaced[i], 10 + i, true, 'new']);
    }
  });

  it('reads a row with its ETag as getEntity does, and nothing where there is no row', async () => {
    const partitionKey = "tenant'1";
    const rowKey = 'c:19%3Aa%40thread.tacv2';
    await table.createEntity({ partitionKey, rowKey, kind: 'channel', active: true, n: 7 });
    const sdk = await table.getEntity<{ kind: string; active: boolean; n: number }>(partitionKey, rowKey);
    const read = await readEntity(table, partitionKey, rowKey);
    assert.deepEqual([read?.etag, read?.kind, read?.active, read?.n], [sdk.etag, 'channel', true, 7]);
    assert.equal(await readEntity(table, partitionKey, 'c:none'), undefined);
  });

  it('refuses the whole transaction as the SDK does: 409 for a row that exists, 412 for one changed since its ETag, 404 for one gone', async () => {
    const partitionKey = 'p2';
    const [etag] = await submitBatch(table, [{ create: { partitionKey, rowKey: 'x', n: 1 } }]);
    const exists = await submitBatch(table, [{ create: { partitionKey, rowKey: 'y', n: 1 } }, { create: { partitionKey, rowKey: 'x', n: 2 } }]).catch((err: unknown) => err);
    assert.ok(isAlreadyExists(exists), String(exists));
    await assert.rejects(table.getEntity(partitionKey, 'y'), (err) => isNotFound(err), 'nothing of a refused transaction is written');

    await table.updateEntity({ partitionKey, rowKey: 'x', n: 3 }, 'Replace');
    const stale = await submitBatch(table, [{ replace: { partitionKey, rowKey: 'x', n: 4 }, etag: etag! }]).catch((err: unknown) => err);
    assert.ok(isStaleEtag(stale), String(stale));
    assert.equal((await table.getEntity<{ n: number }>(partitionKey, 'x')).n, 3);

    const gone = await submitBatch(table, [{ replace: { partitionKey, rowKey: 'z', n: 1 }, etag: etag! }]).catch((err: unknown) => err);
    assert.ok(isNotFound(gone), String(gone));
  });
});
