import assert from 'node:assert/strict';
import { startAzurite } from '../../../bot/dev/azurite';
import { createTableStores } from '../../../bot/src/store/table-stores';
import { sharedAzurite, uniquePrefix } from '../../support/azurite';

describe('createTableStores', () => {
  it('creates its tables once and reuses them on the next start', async () => {
    const { connectionString } = await sharedAzurite();
    const tablePrefix = uniquePrefix('st');
    const first = await createTableStores({ connectionString, tablePrefix });
    await first.staff.upsert({ aadObjectId: 'csa-1', name: 'Alex Wilber', roles: ['csa'] });
    const second = await createTableStores({ connectionString, tablePrefix });
    assert.equal((await second.staff.get('csa-1'))?.name, 'Alex Wilber');
  });

  it('refuses a table prefix Azure would reject', async () => {
    const { connectionString } = await sharedAzurite();
    await assert.rejects(createTableStores({ connectionString, tablePrefix: 'bad-prefix' }), /must start with a letter/);
  });

  it('answers ping while storage is up and rejects, quickly, once it is down', async () => {
    const azurite = await startAzurite();
    let stopped = false;
    try {
      const stores = await createTableStores({ connectionString: azurite.connectionString, tablePrefix: uniquePrefix('st') });
      await stores.ping();
      await azurite.stop();
      stopped = true;
      const started = Date.now();
      await assert.rejects(stores.ping());
      assert.ok(Date.now() - started < 5_000, 'the health check must not hang on a dead store');
    } finally {
      if (!stopped) await azurite.stop();
    }
  });
});
