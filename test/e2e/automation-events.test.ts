import assert from 'node:assert/strict';
import { issueAutomationKey } from '../../bot/src/api/automation-keys';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { addClient, addUpgrade } from '../support/fixtures';

describe('deployment scripts posting upgrade events over HTTP', function () {
  this.timeout(30_000);
  let app: AppHarness;
  let id: string;
  const window = { startsAt: '2026-11-25T06:00:00.000Z', endsAt: '2026-11-25T12:00:00.000Z' };
  before(async () => {
    app = await startAppHarness();
    await addClient(app.stores, 'northbrook', { owners: 1 });
    id = await addUpgrade(app.stores, 'northbrook', { state: 'ready', window });
  });
  after(async () => app?.close());

  const post = (key: string, body: unknown, upgradeId = id) =>
    fetch(`${app.server.url}/api/upgrades/${upgradeId}/events`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
  const keyFor = async (clientId: string) => (await issueAutomationKey(app.keys, { scope: { kind: 'client', clientId }, now: new Date() })).key;

  it('the client\'s key posts events through the same rules', async () => {
    const key = await keyFor('northbrook');
    const res = await post(key, { event: 'start' });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).state, 'in_progress');
    const refused = await post(key, { event: 'validation-start' });
    assert.equal(refused.status, 409);
    assert.match((await refused.json()).message, /Validation cannot start: the instance upgrade has not (started|completed)/);
    assert.equal((await app.stores.upgrades.get(id))!.value.lastCommunication, 'upgrade_start');
  });

  it('another client\'s key gets the 404 of an upgrade that does not exist, and changes nothing', async () => {
    const before = (await app.stores.upgrades.get(id))!;
    const res = await post(await keyFor('contoso'), { event: 'instance-start' });
    assert.equal(res.status, 404);
    const body = await res.json();
    assert.equal(body.error, 'not_found');
    assert.doesNotMatch(body.message, /northbrook|contoso/);
    const after = (await app.stores.upgrades.get(id))!;
    assert.equal(after.etag, before.etag);
  });

  it('a bad body or an unknown event gets 400 naming what is wrong, and no key gets 401', async () => {
    const key = await keyFor('northbrook');
    const extra = await post(key, { event: 'instance-start', colour: 'blue' });
    assert.equal(extra.status, 400);
    assert.match((await extra.json()).message, /colour/);
    const unknown = await post(key, { event: 'launch' });
    assert.equal(unknown.status, 400);
    assert.match((await unknown.json()).message, /not an upgrade event/);
    const none = await fetch(`${app.server.url}/api/upgrades/${id}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"instance-start"}' });
    assert.equal(none.status, 401);
    assert.equal((await app.stores.upgrades.get(id))!.value.lastCommunication, 'upgrade_start');
  });
});
