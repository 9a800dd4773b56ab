import assert from 'node:assert/strict';
import type { TableStores } from '../../../bot/src/store/table-stores';
import { TableClient } from '@azure/data-tables';
import { TableCapacityStore, tentativeClaimInMs } from '../../../bot/src/store/capacity-store';
import { sharedAzurite, uniquePrefix } from '../../support/azurite';
import { freshStores, storesOver } from './fixtures';

const friday = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };
const overlapping = { startsAt: '2026-12-04T23:00:00.000Z', endsAt: '2026-12-05T05:00:00.000Z' };
const tuesday = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };

describe('capacity store', () => {
  let stores: TableStores;
  beforeEach(async () => {
    stores = await freshStores();
  });

  it('gives the last place in a slot to exactly one of two CSAs booking at once', async () => {
    await stores.capacity.claim('CHG-2026-0001', friday, 2);
    const results = await Promise.allSettled([
      stores.capacity.claim('CHG-2026-0002', friday, 2),
      stores.capacity.claim('CHG-2026-0003', friday, 2),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(refused?.reason.code, 'window_unavailable');
    assert.match(refused?.reason.userMessage, /^That window has just been taken/);
  });

  it('lets exactly `capacity` of many simultaneous claims through', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => stores.capacity.claim(`CHG-2026-01${i}`, i % 2 ? friday : overlapping, 3)),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    for (const r of results) if (r.status === 'rejected') assert.equal(r.reason.code, 'window_unavailable');
  });

  it('refuses a window that overlaps a full one, and accepts it again once a place is released', async () => {
    await stores.capacity.claim('CHG-2026-0001', friday, 1);
    await assert.rejects(stores.capacity.claim('CHG-2026-0002', overlapping, 1), { code: 'window_unavailable' });
    await stores.capacity.claim('CHG-2026-0002', tuesday, 1);
    await stores.capacity.release('CHG-2026-0001', friday);
    await stores.capacity.claim('CHG-2026-0002', overlapping, 1);
  });

  it('treats a repeated claim by the same upgrade as done, so a retry is safe', async () => {
    await stores.capacity.claim('CHG-2026-0001', friday, 1);
    await stores.capacity.claim('CHG-2026-0001', friday, 1);
    await stores.capacity.release('CHG-2026-0001', friday);
    await stores.capacity.claim('CHG-2026-0002', friday, 1);
  });

  it('claims a whole 24-hour window in one go', async () => {
    const day = { startsAt: '2026-12-10T00:00:00.000Z', endsAt: '2026-12-11T00:00:00.000Z' };
    await stores.capacity.claim('CHG-2026-0001', day, 1);
    await assert.rejects(stores.capacity.claim('CHG-2026-0002', { startsAt: '2026-12-10T23:45:00.000Z', endsAt: '2026-12-11T01:00:00.000Z' }, 1), {
      code: 'window_unavailable',
    });
  });

  it('a claim no change confirmed lapses (a crash between the claim and the booking leaks nothing); a held place does not', async () => {
    const prefix = uniquePrefix('cap');
    await storesOver(prefix); // creates the tables
    const { connectionString } = await sharedAzurite();
    let now = Date.parse('2026-11-28T10:00:00Z');
    const capacity = new TableCapacityStore(TableClient.fromConnectionString(connectionString, `${prefix}capacity`, { allowInsecureConnection: true }), () => now);
    await capacity.claim('CHG-2026-0001', friday, 1);
    await assert.rejects(capacity.claim('CHG-2026-0002', friday, 1), { code: 'window_unavailable' });
    now += tentativeClaimInMs + 1;
    await capacity.claim('CHG-2026-0002', friday, 1);
    await capacity.hold('CHG-2026-0002', friday);
    now += 365 * 86_400_000;
    await assert.rejects(capacity.claim('CHG-2026-0003', friday, 1), { code: 'window_unavailable' }, 'a held place stays');
    await capacity.release('CHG-2026-0002', friday);
    await capacity.claim('CHG-2026-0003', friday, 1);
  });

  it('lists every holder by bucket for the repair, and removes one from given buckets (only a lapsed claim, when asked)', async () => {
    const prefix = uniquePrefix('cap');
    await storesOver(prefix);
    const { connectionString } = await sharedAzurite();
    let now = Date.parse('2026-11-28T10:00:00Z');
    const capacity = new TableCapacityStore(TableClient.fromConnectionString(connectionString, `${prefix}capacity`, { allowInsecureConnection: true }), () => now);
    const days = [
      { startsAt: '2026-12-10T00:00:00.000Z', endsAt: '2026-12-11T00:00:00.000Z' },
      { startsAt: '2026-12-11T00:00:00.000Z', endsAt: '2026-12-12T00:00:00.000Z' },
    ];
    for (const day of days) await capacity.hold('CHG-2026-0001', day);
    await capacity.claim('CHG-2026-0002', days[0]!, 3);
    now += tentativeClaimInMs / 2;
    await capacity.claim('CHG-2026-0003', days[0]!, 3);
    now += tentativeClaimInMs / 2 + 1; // the first claim has lapsed, the second not yet
    const holdings = await capacity.listHoldings();
    assert.equal(holdings.length, 192, 'two days of quarter-hours');
    assert.deepEqual(holdings[0]!.holders, [
      { upgradeId: 'CHG-2026-0001', status: 'held' },
      { upgradeId: 'CHG-2026-0002', status: 'lapsed' },
      { upgradeId: 'CHG-2026-0003', status: 'tentative' },
    ]);
    assert.deepEqual(holdings.at(-1)!.holders, [{ upgradeId: 'CHG-2026-0001', status: 'held' }]);

    const all = holdings.map((b) => b.bucket);
    await capacity.remove('CHG-2026-0003', all, { lapsedOnly: true });
    await capacity.remove('CHG-2026-0002', all, { lapsedOnly: true });
    assert.deepEqual((await capacity.listHoldings())[0]!.holders.map((h) => h.upgradeId), ['CHG-2026-0001', 'CHG-2026-0003'], 'a live claim stays');
    // More buckets than one transaction takes: removed in several.
    await capacity.remove('CHG-2026-0001', all);
    assert.deepEqual((await capacity.listHoldings()).map((b) => b.holders), Array.from({ length: 96 }, () => [{ upgradeId: 'CHG-2026-0003', status: 'tentative' }]));
  });
});
