import assert from 'node:assert/strict';
import type { Client } from '../../../bot/src/domain/client';
import type { Principal } from '../../../bot/src/domain/permissions';
import { defaultVendorWindowRules } from '../../../bot/src/domain/window';
import type { TableStores } from '../../../bot/src/store/table-stores';
import { castVote } from '../../../bot/src/usecases/cast-vote';
import type { Deps } from '../../../bot/src/usecases/context';
import { uniquePrefix } from '../../support/azurite';
import { aClient, aDraft, aRelease, storesOver } from '../store/fixtures';

const now = new Date('2026-12-04T23:30:00.000Z');
const window = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };
const decision = (id: string) => ({ id, reason: 'Index rebuild is slow', openedAt: '2026-12-04T23:00:00.000Z', deadline: '2026-12-05T00:00:00.000Z' });

/** Two bot instances over one storage account, each with its own memory of the rows it saw. */
describe('votes from two bot instances sharing storage', () => {
  let one: Deps;
  let two: Deps;
  let client: Client;
  const owner = (n: number): Principal => ({ kind: 'owner', client, aadObjectId: `owner-${n}`, name: `Owner ${n}` });

  before(async () => {
    const prefix = uniquePrefix('vx');
    const deps = (stores: TableStores): Deps => ({ stores, clock: { now: () => now }, vendorTenantId: 'vendor', rules: defaultVendorWindowRules });
    [one, two] = [deps(await storesOver(prefix)), deps(await storesOver(prefix))];
    client = aClient({ ownerIds: ['owner-1', 'owner-2', 'owner-3'], decisionPolicy: { ...aClient().decisionPolicy, goRule: 'all' } });
    await one.stores.clients.upsert(client);
    await one.stores.releases.create(aRelease());
  });

  const awaiting = async (decisionId: string) =>
    (await one.stores.upgrades.create(aDraft({ state: 'awaiting_decision', window, lastCommunication: 'validation_start', decision: decision(decisionId) }), [])).value.id;

  it('loses no vote when an instance votes from a version another has changed since, and settles on the last', async () => {
    const id = await awaiting('D1');
    await castVote(one, owner(1), 'chat', id, 'D1', 'go');
    await castVote(two, owner(2), 'chat', id, 'D1', 'go');
    // The first instance remembers the upgrade with one vote: its write is refused, re-read and retried.
    const last = await castVote(one, owner(3), 'chat', id, 'D1', 'go');
    assert.equal(last.upgrade.value.state, 'in_progress');
    const stored = (await two.stores.upgrades.get(id))!.value;
    assert.deepEqual(stored.decision?.votes?.map((v) => v.voterId), ['owner-1', 'owner-2', 'owner-3']);
    assert.equal(stored.decision?.outcome, 'go');
    assert.match((await two.stores.upgrades.listAudit(id)).at(-1)!.detail, /^Go: the upgrade continues \(3 Go, 0 No-Go of 3 owners/);
  });

  it('checks a refusal again on a fresh read: a decision opened by the other instance takes the vote', async () => {
    const id = await awaiting('D1');
    await castVote(one, owner(1), 'chat', id, 'D1', 'go');
    // The other instance replaces the question (a second overrun, say) after the first one saw it.
    const current = (await two.stores.upgrades.get(id))!;
    await two.stores.upgrades.update({ ...current.value, decision: decision('D2') }, current.etag, []);
    const voted = await castVote(one, owner(2), 'chat', id, 'D2', 'no_go');
    assert.equal(voted.upgrade.value.state, 'rolling_back');
    assert.deepEqual((await two.stores.upgrades.get(id))!.value.decision?.votes?.map((v) => v.voterId), ['owner-2']);
    // A click on the replaced question is refused with the domain's message, and nothing is written.
    await assert.rejects(castVote(one, owner(3), 'chat', id, 'D1', 'go'), { code: 'decision_not_open' });
  });

  it('records a double click once and writes nothing for it', async () => {
    const id = await awaiting('D1');
    const first = await castVote(one, owner(1), 'chat', id, 'D1', 'go');
    const again = await castVote(two, owner(1), 'chat', id, 'D1', 'no_go');
    assert.equal(again.upgrade.etag, first.upgrade.etag);
    assert.deepEqual(again.upgrade.value.decision?.votes?.map((v) => v.vote), ['go']);
  });
});
