import assert from 'node:assert/strict';
import { TableClient } from '@azure/data-tables';
import { formatRepairReport, runRepairCommand } from '../../../bot/dev/repair';
import type { Client } from '../../../bot/src/domain/client';
import type { Principal } from '../../../bot/src/domain/permissions';
import type { Release } from '../../../bot/src/domain/release';
import { capacityBuckets, defaultVendorWindowRules, type UpgradeWindow } from '../../../bot/src/domain/window';
import { TableCapacityStore } from '../../../bot/src/store/capacity-store';
import type { TableStores } from '../../../bot/src/store/table-stores';
import { acceptWindow } from '../../../bot/src/usecases/accept-window';
import { availableWindows, proposeWindows } from '../../../bot/src/usecases/book-upgrade';
import type { Deps } from '../../../bot/src/usecases/context';
import { repairCapacity, repairStorage, spansOf } from '../../../bot/src/usecases/repair-capacity';
import { sharedAzurite, uniquePrefix } from '../../support/azurite';
import { aClient, aDraft, aRelease, storesOver } from '../store/fixtures';

const now = new Date('2026-11-25T10:00:00.000Z');
const friday: UpgradeWindow = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };
const tuesday: UpgradeWindow = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };
const nextFriday: UpgradeWindow = { startsAt: '2026-12-11T18:00:00.000Z', endsAt: '2026-12-12T00:00:00.000Z' };

describe('npm run repair: the capacity buckets rebuilt from the upgrades', () => {
  let stores: TableStores;
  let deps: Deps;
  let client: Client;
  let release: Release;
  let prefix: string;
  const csa: Principal = { kind: 'staff', staff: { aadObjectId: 'csa-1', name: 'Alex Wilber', roles: ['csa'] } };

  /** A capacity store over the same table whose clock runs an hour behind: its tentative claims have lapsed for everyone else. */
  async function staleCapacity(): Promise<TableCapacityStore> {
    const { connectionString } = await sharedAzurite();
    const table = TableClient.fromConnectionString(connectionString, `${prefix}capacity`, { allowInsecureConnection: true });
    return new TableCapacityStore(table, () => Date.now() - 3_600_000);
  }

  /** Books the client's first offered window through the use cases: its place is held by the booking's effects. */
  async function book(): Promise<{ id: string; window: UpgradeWindow }> {
    const [first] = await availableWindows(deps, client, release);
    const proposed = await proposeWindows(deps, csa, 'chat', { clientId: client.id, version: release.version, startsAt: [first!.startsAt] });
    const id = proposed.upgrade.value.id;
    const outcome = await acceptWindow(deps, { kind: 'owner', client, aadObjectId: 'owner-1', name: 'Olivia Park' }, 'chat', id, first!.startsAt);
    assert.ok(outcome.booked);
    return { id, window: { startsAt: first!.startsAt, endsAt: first!.endsAt } };
  }

  beforeEach(async () => {
    prefix = uniquePrefix('rp');
    stores = await storesOver(prefix);
    deps = { stores, clock: { now: () => now }, vendorTenantId: 'vendor', rules: defaultVendorWindowRules, schedule: stores.schedule, effects: stores.effects };
    client = aClient();
    release = aRelease({ version: '5.1', kind: 'minor', prerequisites: [] });
    await Promise.all([stores.clients.upsert(client), stores.releases.create(release)]);
  });

  it('reports a stray holder, a missing place and a lapsed claim, fixes them with --apply, and finds none on a second run', async () => {
    const booked = await book();
    assert.deepEqual(booked.window, friday);
    // Drift made by hand: a place held by an upgrade that does not exist, an upgrade that holds
    // the window it left behind, a booked upgrade written without its effects (no place, not on
    // the schedule), a claim whose booking never came, and one being written right now.
    await stores.capacity.hold('CHG-2026-0999', tuesday);
    await stores.capacity.hold(booked.id, nextFriday);
    const unclaimed = (await stores.upgrades.create(aDraft({ toVersion: '5.1', state: 'ready', window: tuesday }), [])).value.id;
    await (await staleCapacity()).claim('CHG-2026-0998', nextFriday, 2);
    await stores.capacity.claim('CHG-2026-0997', tuesday, 2);

    const dry = await repairStorage(deps);
    assert.deepEqual(
      dry.capacity.missing.map((m) => [m.upgradeId, m.spans, m.buckets]),
      [[unclaimed, [tuesday], 24]],
    );
    assert.deepEqual(
      dry.capacity.stray.map((s) => [s.upgradeId, s.spans, s.reason]),
      [
        [booked.id, [nextFriday], `ready, holds ${friday.startsAt} to ${friday.endsAt}`],
        ['CHG-2026-0999', [tuesday], 'no such upgrade'],
      ],
    );
    assert.deepEqual(dry.capacity.lapsed.map((l) => [l.upgradeId, l.spans]), [['CHG-2026-0998', [nextFriday]]]);
    assert.equal(dry.capacity.inFlight, 1, 'the live claim is not drift');
    assert.equal(dry.capacity.applied, false);
    assert.deepEqual(dry.schedule.drifted, [unclaimed], 'the schedule index lacks the upgrade written without its effects');
    assert.deepEqual(await repairStorage(deps), dry, 'a dry run changes nothing');

    const lines: string[] = [];
    assert.equal(await runRepairCommand(deps, true, (line) => lines.push(line)), 0);
    const text = lines.join('\n');
    assert.match(text, /missing places .*: 1, fixed\n {4}CHG-\d{4}-\d{4}: 2026-12-08T18:00:00.000Z to 2026-12-09T00:00:00.000Z \(24 quarter-hours; holds /);
    assert.match(text, /stray places .*: 2, fixed\n.*\n {4}CHG-2026-0999: 2026-12-08T18:00:00.000Z to 2026-12-09T00:00:00.000Z \(24 quarter-hours; no such upgrade\)/);
    assert.match(text, /lapsed tentative claims: 1, fixed/);
    assert.match(text, /Schedule index: 2 upgrades read; drifted: 1, fixed/);
    assert.match(text, /\nFixed\.$/);

    const again = await repairStorage(deps);
    assert.deepEqual([again.capacity.missing, again.capacity.stray, again.capacity.lapsed, again.schedule.drifted], [[], [], [], []], 'nothing drifts after the repair');
    assert.equal(again.capacity.inFlight, 1, 'the claim in flight is left alone');
    assert.equal(formatRepairReport(again).at(-1), 'No drift.');

    // The buckets are the upgrades' windows now: the booked Friday, the Tuesday (with the claim in flight).
    const holdings = await stores.capacity.listHoldings();
    const holders = (window: UpgradeWindow) =>
      [...new Set(holdings.filter((b) => capacityBuckets(window).includes(b.bucket)).map((b) => b.holders.map((h) => `${h.upgradeId}:${h.status}`).sort().join(' ')))];
    assert.deepEqual(holders(friday), [`${booked.id}:held`]);
    assert.deepEqual(holders(tuesday), [[`${unclaimed}:held`, 'CHG-2026-0997:tentative'].sort().join(' ')]);
    assert.deepEqual(holders(nextFriday), []);
  });

  it('holds again the quarter-hours a booked window lacks', async () => {
    const booked = await book();
    await stores.capacity.remove(booked.id, capacityBuckets(booked.window).slice(0, 4));
    const report = await repairCapacity(deps, { apply: true });
    assert.deepEqual(report.missing.map((m) => [m.upgradeId, m.buckets]), [[booked.id, 4]]);
    assert.deepEqual((await repairCapacity(deps)).missing, [], 'the missing quarter-hours are held again');
  });

  it('joins buckets into the spans of time they cover', () => {
    const at = (iso: string) => Date.parse(iso) / (15 * 60_000);
    const b = at('2026-12-08T18:00:00.000Z');
    assert.deepEqual(spansOf([b + 5, b, b + 1, b + 2, b + 1]), [
      { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-08T18:45:00.000Z' },
      { startsAt: '2026-12-08T19:15:00.000Z', endsAt: '2026-12-08T19:30:00.000Z' },
    ]);
    assert.deepEqual(spansOf([]), []);
  });
});
