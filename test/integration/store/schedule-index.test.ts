import assert from 'node:assert/strict';
import { TableClient } from '@azure/data-tables';
import type { Upgrade } from '../../../bot/src/domain/upgrade';
import { TableScheduleIndex } from '../../../bot/src/store/schedule-index';
import type { TableStores } from '../../../bot/src/store/table-stores';
import { sharedAzurite, uniquePrefix } from '../../support/azurite';
import { aDraft, anEntry, storesOver } from './fixtures';

const december = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };
const december2 = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };
const january = { startsAt: '2027-01-08T18:00:00.000Z', endsAt: '2027-01-09T00:00:00.000Z' };
const lastOfJanuary = { startsAt: '2027-01-31T23:00:00.000Z', endsAt: '2027-02-01T05:00:00.000Z' };
const february = { startsAt: '2027-02-05T18:00:00.000Z', endsAt: '2027-02-06T00:00:00.000Z' };

const decemberRange = { from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
const januaryRange = { from: '2027-01-01T00:00:00.000Z', to: '2027-02-01T00:00:00.000Z' };
const ids = (entries: { id: string }[]) => entries.map((e) => e.id);

/** The tables of a store prefix, read raw: what the index holds, whatever its reads would say. */
async function rawTables(prefix: string): Promise<{ schedule: TableClient; upgrades: TableClient }> {
  const { connectionString } = await sharedAzurite();
  const open = (name: string) => TableClient.fromConnectionString(connectionString, `${prefix}${name}`, { allowInsecureConnection: true });
  return { schedule: open('schedule'), upgrades: open('upgrades') };
}

async function rowsOf(table: TableClient, id: string): Promise<{ partitionKey: string; rowKey: string; state: string }[]> {
  const rows: { partitionKey: string; rowKey: string; state: string }[] = [];
  for await (const row of table.listEntities<{ id: string; state: string }>()) if (row.id === id) rows.push({ partitionKey: row.partitionKey!, rowKey: row.rowKey!, state: row.state });
  return rows.sort((a, b) => a.partitionKey.localeCompare(b.partitionKey));
}

describe('schedule index', () => {
  let prefix: string;
  let stores: TableStores;
  let raw: { schedule: TableClient; upgrades: TableClient };
  beforeEach(async () => {
    prefix = uniquePrefix('sx');
    stores = await storesOver(prefix);
    raw = await rawTables(prefix);
  });

  async function create(fields: Partial<Omit<Upgrade, 'id'>>, project = true): Promise<Upgrade> {
    const created = (await stores.upgrades.create(aDraft(fields), [anEntry('setup', '2026-11-25T10:00:00.000Z')])).value;
    if (project) await stores.schedule.project(created);
    return created;
  }

  async function change(id: string, fields: Partial<Upgrade>, at: string): Promise<Upgrade> {
    const current = (await stores.upgrades.get(id))!;
    const next = { ...current.value, ...fields, updatedAt: at };
    await stores.upgrades.update(next, current.etag, [anEntry('changed', at)]);
    return next;
  }

  it('projects an upgrade into the month of its window and into its client\'s partition', async () => {
    const booked = await create({ state: 'booked', window: december });
    const [entry] = await stores.schedule.list(decemberRange);
    assert.deepEqual(entry, {
      id: booked.id, clientId: 'contoso', fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'booked', proposedWindows: [],
      window: december, createdAt: booked.createdAt, updatedAt: booked.updatedAt,
    });
    assert.deepEqual(await stores.schedule.listClient('contoso'), [entry]);
    assert.deepEqual(await stores.schedule.list(januaryRange), []);
    assert.deepEqual((await rowsOf(raw.schedule, booked.id)).map((r) => r.partitionKey), ['client-contoso', 'month-2026-12']);
  });

  it('places a proposal by its earliest proposed window, and a request with no date apart until it has one', async () => {
    const proposed = await create({ state: 'proposed', proposedWindows: [january, december2] });
    const requested = await create({ state: 'requested', clientId: 'fabrikam' });
    assert.deepEqual(ids(await stores.schedule.list(decemberRange)), [proposed.id]);
    assert.deepEqual(ids(await stores.schedule.listUnscheduled()), [requested.id]);

    await change(requested.id, { state: 'proposed', proposedWindows: [january] }, '2026-11-26T10:00:00.000Z');
    await stores.schedule.project(requested);
    assert.deepEqual(await stores.schedule.listUnscheduled(), []);
    assert.deepEqual(ids(await stores.schedule.list(januaryRange)), [requested.id]);
  });

  it('moves the entry out of its old month when the window moves, and is idempotent', async () => {
    const upgrade = await create({ state: 'booked', window: december });
    await change(upgrade.id, { window: january }, '2026-11-26T10:00:00.000Z');
    await stores.schedule.project(upgrade);
    await stores.schedule.project(upgrade);
    assert.deepEqual(await stores.schedule.list(decemberRange), []);
    assert.deepEqual((await stores.schedule.list(januaryRange)).map((e) => [e.id, e.window]), [[upgrade.id, january]]);
    assert.deepEqual((await rowsOf(raw.schedule, upgrade.id)).map((r) => r.partitionKey), ['client-contoso', 'month-2027-01']);
    assert.deepEqual((await stores.schedule.listClient('contoso')).map((e) => e.window), [january]);
  });

  it('ignores a projection of an older version that arrives late', async () => {
    const upgrade = await create({ state: 'proposed', proposedWindows: [december] });
    const older = await raw.upgrades.getEntity(upgrade.id, 'upgrade');
    await change(upgrade.id, { state: 'booked', window: january, proposedWindows: [] }, '2026-11-26T10:00:00.000Z');
    await stores.schedule.project(upgrade);

    // A projection that read the upgrade before the change and writes only now.
    const late = new Proxy(raw.upgrades, {
      get: (target, name, receiver) => (name === 'getEntity' ? async () => older : Reflect.get(target, name, receiver)),
    });
    await new TableScheduleIndex(raw.schedule, late).project(upgrade);

    assert.deepEqual(await stores.schedule.list(decemberRange), []);
    assert.deepEqual((await stores.schedule.list(januaryRange)).map((e) => [e.id, e.state]), [[upgrade.id, 'booked']]);
    assert.deepEqual((await stores.schedule.listClient('contoso')).map((e) => e.state), ['booked']);
  });

  it('ends with one entry where the upgrade is, however projections from several processes interleave with its moves', async () => {
    const upgrade = await create({ state: 'booked', window: december });
    const others = await Promise.all([storesOver(prefix), storesOver(prefix)]);
    const windows = [january, february, december2, lastOfJanuary, january, december];
    const running: Promise<void>[] = [];
    for (const [i, window] of windows.entries()) {
      await change(upgrade.id, { window }, `2026-11-26T10:0${i}:00.000Z`);
      for (const s of [stores, ...others]) running.push(s.schedule.project(upgrade));
    }
    await Promise.all(running);
    await stores.schedule.project(upgrade);
    assert.deepEqual((await rowsOf(raw.schedule, upgrade.id)).map((r) => r.partitionKey), ['client-contoso', 'month-2026-12']);
    assert.deepEqual((await stores.schedule.list(decemberRange)).map((e) => e.window), [december]);
  });

  it('lists a range by month partitions, in time order, narrowed by client and state', async () => {
    const a = await create({ state: 'booked', window: december2 });
    const b = await create({ state: 'ready', window: december, clientId: 'fabrikam' });
    const c = await create({ state: 'booked', window: lastOfJanuary, clientId: 'fabrikam' });
    const d = await create({ state: 'proposed', proposedWindows: [february] });
    const e = await create({ state: 'cancelled', window: january });

    assert.deepEqual(ids(await stores.schedule.list(decemberRange)), [b.id, a.id]);
    assert.deepEqual(ids(await stores.schedule.list({ from: '2026-12-05T00:00:00.000Z', to: '2027-02-28T00:00:00.000Z' })), [a.id, e.id, c.id, d.id]);
    assert.deepEqual(ids(await stores.schedule.list({ from: '2026-12-04T18:00:00.000Z', to: '2026-12-08T18:00:00.000Z' })), [b.id], 'from is inclusive, to exclusive');
    assert.deepEqual(ids(await stores.schedule.list({ from: '2026-11-01T00:00:00.000Z', to: '2027-03-01T00:00:00.000Z', clientId: 'fabrikam' })), [b.id, c.id]);
    assert.deepEqual(ids(await stores.schedule.list({ from: '2026-11-01T00:00:00.000Z', to: '2027-03-01T00:00:00.000Z', state: 'booked' })), [a.id, c.id]);
    assert.deepEqual(ids(await stores.schedule.list({ from: '2026-11-01T00:00:00.000Z', to: '2027-03-01T00:00:00.000Z', state: ['ready', 'cancelled'] })), [b.id, e.id]);
    assert.deepEqual(ids(await stores.schedule.listClient('contoso')), [a.id, e.id, d.id]);
    assert.deepEqual(ids(await stores.schedule.listClient('fabrikam', { state: ['booked'] })), [c.id]);
    await assert.rejects(stores.schedule.list({ from: '2027-01-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }), { code: 'bad_input' });
  });

  it('rebuilds from the upgrades: indexes what was never projected, repairs what drifted, reports it', async () => {
    const never = await create({ state: 'booked', window: december }, false);
    const moved = await create({ state: 'booked', window: december2 });
    const fine = await create({ state: 'requested' });
    await change(moved.id, { window: january }, '2026-11-26T10:00:00.000Z'); // written, never projected
    // An entry left in a month the upgrade never was in (a crash mid-way, a bug): drift.
    const pointer = await raw.schedule.getEntity<Record<string, unknown>>('client-contoso', fine.id);
    await raw.schedule.createEntity({ ...pointer, partitionKey: 'month-2027-02', rowKey: `2027-02-05T18:00:00.000Z|${fine.id}`, version: '0000000000|' });

    const report = await stores.schedule.rebuild();
    assert.equal(report.upgrades, 3);
    assert.deepEqual(report.drifted, [never.id, moved.id, fine.id].sort());
    assert.deepEqual(ids(await stores.schedule.list(decemberRange)), [never.id]);
    assert.deepEqual(ids(await stores.schedule.list(januaryRange)), [moved.id]);
    assert.deepEqual(await stores.schedule.list({ from: '2027-02-01T00:00:00.000Z', to: '2027-03-01T00:00:00.000Z' }), []);
    assert.deepEqual(ids(await stores.schedule.listUnscheduled()), [fine.id]);

    assert.deepEqual(await stores.schedule.rebuild(), { upgrades: 3, written: 0, removed: 0, drifted: [] }, 'nothing drifts after a rebuild');
  });

  it('rebuilds at start-up only when the index is empty and there are upgrades', async () => {
    assert.equal(await stores.schedule.rebuildIfEmpty(), undefined, 'nothing to index');
    const a = await create({ state: 'booked', window: december }, false);
    const b = await create({ state: 'requested', clientId: 'fabrikam' }, false);
    const report = await stores.schedule.rebuildIfEmpty();
    assert.equal(report?.upgrades, 2);
    assert.deepEqual(ids(await stores.schedule.list(decemberRange)), [a.id]);
    assert.deepEqual(ids(await stores.schedule.listClient('fabrikam')), [b.id]);
    await create({ state: 'booked', window: january }, false);
    assert.equal(await stores.schedule.rebuildIfEmpty(), undefined, 'an index with rows is left to the projections');
  });
});
