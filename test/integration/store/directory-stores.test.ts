import assert from 'node:assert/strict';
import type { TableStores } from '../../../bot/src/store/table-stores';
import { aClient, aRelease, freshStores } from './fixtures';

describe('client, staff and release stores', () => {
  let stores: TableStores;
  before(async () => {
    stores = await freshStores();
  });

  it('gives a client back as it was stored, and the latest version after an upsert', async () => {
    const client = aClient({ id: 'fabrikam', implementationLeadId: 'lead-1', phase: 'implementation' });
    await stores.clients.upsert(client);
    assert.deepEqual(await stores.clients.get('fabrikam'), client);
    const { implementationLeadId: _lead, ...withoutLead } = client;
    const changed = { ...withoutLead, ownerIds: ['owner-9'], phase: 'bau' as const };
    await stores.clients.upsert(changed);
    assert.deepEqual(await stores.clients.get('fabrikam'), changed);
    assert.deepEqual((await stores.clients.list()).map((c) => c.id), ['fabrikam']);
  });

  it('answers undefined for a client, staff member or release that does not exist', async () => {
    assert.equal(await stores.clients.get('nobody'), undefined);
    assert.equal(await stores.staff.get('nobody'), undefined);
    assert.equal(await stores.releases.get('9.9'), undefined);
  });

  it('keeps ids with characters Table keys forbid', async () => {
    const client = aClient({ id: 'north/west #1?' });
    await stores.clients.upsert(client);
    assert.deepEqual(await stores.clients.get('north/west #1?'), client);
  });

  it('stores vendor staff with and without an email', async () => {
    const alex = { aadObjectId: 'csa-1', name: 'Alex Wilber', email: 'alex@vendor.example', roles: ['csa' as const] };
    const megan = { aadObjectId: 'eng-1', name: 'Megan Bowen', roles: ['engineer' as const, 'release_manager' as const] };
    await stores.staff.upsert(alex);
    await stores.staff.upsert(megan);
    assert.deepEqual(await stores.staff.get('eng-1'), megan);
    assert.deepEqual(
      (await stores.staff.list()).sort((a, b) => a.name.localeCompare(b.name)),
      [alex, megan],
    );
  });

  it('lists releases by version number and refuses to publish a version twice', async () => {
    const releases = [aRelease({ version: '10.0' }), aRelease({ version: '5.1', kind: 'minor', prerequisites: [] }), aRelease()];
    for (const r of releases) await stores.releases.create(r);
    assert.deepEqual((await stores.releases.list()).map((r) => r.version), ['5.0', '5.1', '10.0']);
    assert.deepEqual(await stores.releases.get('5.1'), releases[1]);
    await assert.rejects(stores.releases.create(aRelease({ highlights: ['Something else'] })), {
      code: 'conflict',
      userMessage: /Release 5.0 exists already/,
    });
    assert.deepEqual((await stores.releases.get('5.0'))?.highlights, ['Faster search']);
  });
});
