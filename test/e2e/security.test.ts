import assert from 'node:assert/strict';
import { startAzurite } from '../../bot/dev/azurite';
import { demoTenants } from '../../bot/dev/demo-data';
import { defaultVendorWindowRules } from '../../bot/src/domain/window';
import { startServer, type RunningServer } from '../../bot/src/server';
import { createTableStores } from '../../bot/src/store/table-stores';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { startTeamsStandin } from '../support/teams-standin';

const activity = (serviceUrl: string) => ({
  type: 'message', id: 'a1', text: 'help', channelId: 'msteams', serviceUrl,
  from: { id: '29:x', aadObjectId: 'x', name: 'X' }, recipient: { id: '28:bot' },
  conversation: { id: 'c1', conversationType: 'personal', tenantId: demoTenants.vendor },
});

describe('security at the edges', function () {
  this.timeout(30_000);

  it('with bot credentials, a request without a Bot Framework token gets 401 and no reply', async () => {
    const azurite = await sharedAzurite();
    const stores = await createTableStores({ connectionString: azurite.connectionString, tablePrefix: uniquePrefix('sec') });
    const teams = await startTeamsStandin();
    const server = await startServer({
      config: { port: 0, serviceUrlHosts: ['smba.trafficmanager.net'], credentials: { appId: 'app-id', appPassword: 'secret', appType: 'SingleTenant', appTenantId: 'tenant' } },
      deps: { stores, clock: { now: () => new Date() }, vendorTenantId: demoTenants.vendor, rules: defaultVendorWindowRules },
      pingStorage: () => stores.ping(),
      log: () => undefined,
    });
    try {
      const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(teams.url)) });
      assert.equal(res.status, 401);
      const forged = await fetch(`${server.url}/api/messages`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' }, body: JSON.stringify(activity(teams.url)),
      });
      assert.equal(forged.status, 401);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(teams.received().length, 0);
    } finally {
      await server.close();
      await teams.close();
    }
  });

  it('GET /api/health answers 503 when storage is down, 200 when it is up', async () => {
    const own = await startAzurite();
    const stores = await createTableStores({ connectionString: own.connectionString, tablePrefix: uniquePrefix('health') });
    let server: RunningServer | undefined;
    try {
      server = await startServer({
        config: { port: 0, serviceUrlHosts: [] },
        deps: { stores, clock: { now: () => new Date() }, vendorTenantId: demoTenants.vendor, rules: defaultVendorWindowRules },
        pingStorage: () => stores.ping(),
        log: () => undefined,
      });
      assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
      await own.stop();
      const res = await fetch(`${server.url}/api/health`);
      assert.equal(res.status, 503);
      assert.equal((await res.json()).storage, 'down');
    } finally {
      await server?.close();
      await own.stop();
    }
  });
});
