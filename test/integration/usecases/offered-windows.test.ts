import assert from 'node:assert/strict';
import type { Client } from '../../../bot/src/domain/client';
import type { Principal } from '../../../bot/src/domain/permissions';
import type { Release } from '../../../bot/src/domain/release';
import { defaultVendorWindowRules, type UpgradeWindow } from '../../../bot/src/domain/window';
import type { TableStores } from '../../../bot/src/store/table-stores';
import { acceptWindow } from '../../../bot/src/usecases/accept-window';
import { availableWindows, proposeWindows } from '../../../bot/src/usecases/book-upgrade';
import type { Deps } from '../../../bot/src/usecases/context';
import { listUpgrades } from '../../../bot/src/usecases/list-upgrades';
import { showWindows } from '../../../bot/src/usecases/show-windows';
import { aClient, aRelease, freshStores } from '../store/fixtures';

const now = new Date('2026-11-25T10:00:00.000Z');
const span = (startsAt: string, endsAt: string): UpgradeWindow => ({ startsAt, endsAt });
const capacity = defaultVendorWindowRules.capacityPerSlot;

/**
 * The vendor's capacity partly taken (London, Tuesdays and Fridays 18:00-24:00, two at once):
 * the first Friday full, the next Tuesday with one place left, the Friday after full only for
 * the quarter-hour where two short holds overlap, the Tuesday after held by two claims still
 * waiting for their bookings to be written (tentative, live for minutes).
 */
async function fillPartly(stores: TableStores): Promise<void> {
  await stores.capacity.hold('HOLD-1', span('2026-12-04T18:00:00.000Z', '2026-12-05T00:00:00.000Z'));
  await stores.capacity.hold('HOLD-2', span('2026-12-04T12:00:00.000Z', '2026-12-05T02:00:00.000Z'));
  await stores.capacity.hold('HOLD-3', span('2026-12-08T18:00:00.000Z', '2026-12-08T20:00:00.000Z'));
  await stores.capacity.hold('HOLD-4', span('2026-12-08T22:00:00.000Z', '2026-12-08T23:00:00.000Z'));
  await stores.capacity.hold('HOLD-5', span('2026-12-11T23:45:00.000Z', '2026-12-12T01:00:00.000Z'));
  await stores.capacity.hold('HOLD-6', span('2026-12-11T23:30:00.000Z', '2026-12-11T23:50:00.000Z'));
  await stores.capacity.claim('CLAIM-1', span('2026-12-15T18:00:00.000Z', '2026-12-16T00:00:00.000Z'), capacity);
  await stores.capacity.claim('CLAIM-2', span('2026-12-15T20:00:00.000Z', '2026-12-15T21:00:00.000Z'), capacity);
}

describe('offered windows come from the capacity buckets, so each can be accepted', () => {
  let stores: TableStores;
  let deps: Deps;
  let client: Client;
  let release: Release;
  const csa: Principal = { kind: 'staff', staff: { aadObjectId: 'csa-1', name: 'Alex Wilber', roles: ['csa'] } };
  const owner = (): Principal => ({ kind: 'owner', client, aadObjectId: 'owner-1', name: 'Olivia Park' });

  beforeEach(async () => {
    stores = await freshStores();
    deps = { stores, clock: { now: () => now }, vendorTenantId: 'vendor', rules: defaultVendorWindowRules, schedule: stores.schedule };
    client = aClient();
    release = aRelease();
    await Promise.all([stores.clients.upsert(client), stores.releases.create(release)]);
    await fillPartly(stores);
  });

  it('leaves out every window with a full bucket, and counts the places left in the fullest one', async () => {
    const offered = await availableWindows(deps, client, release);
    assert.deepEqual(offered.slice(0, 3), [
      { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z', placesLeft: 1 },
      { startsAt: '2026-12-18T18:00:00.000Z', endsAt: '2026-12-19T00:00:00.000Z', placesLeft: 2 },
      { startsAt: '2026-12-22T18:00:00.000Z', endsAt: '2026-12-23T00:00:00.000Z', placesLeft: 2 },
    ]);
    const shown = await showWindows(deps, { identity: csa, source: 'chat' }, 'contoso', '5.0');
    assert.deepEqual(shown.windows, offered.slice(0, 5), '`windows` and `book` offer the same');
  });

  it('books the first offered window: proposed by the CSA, accepted by an owner, and then it is full', async () => {
    const [first] = await availableWindows(deps, client, release);
    const proposed = await proposeWindows(deps, csa, 'chat', { clientId: 'contoso', version: '5.0', startsAt: [first!.startsAt] });
    const outcome = await acceptWindow(deps, owner(), 'chat', proposed.upgrade.value.id, first!.startsAt);
    assert.ok(outcome.booked, 'the offered window is accepted');
    assert.equal((await stores.upgrades.get(proposed.upgrade.value.id))!.value.state, 'booked');
    const after = await availableWindows(deps, client, release);
    assert.ok(!after.some((w) => w.startsAt === first!.startsAt), 'its last place is taken now');
    assert.deepEqual((await listUpgrades(deps, { identity: csa, source: 'chat' }, 'contoso')).rows.map((r) => [r.upgrade.id, r.upgrade.state]), [
      [proposed.upgrade.value.id, 'booked'],
    ]);
  });

  it('can claim every offered window, and keeps doing so as the calendar fills up', async () => {
    for (const w of await availableWindows(deps, client, release, 12)) {
      await stores.capacity.claim('PROBE', w, capacity);
      await stores.capacity.release('PROBE', w);
    }
    // Twelve acceptances, each of the first window offered at the time.
    for (let i = 0; i < 12; i++) {
      const [first] = await availableWindows(deps, client, release);
      assert.ok(first, 'a window is offered');
      await stores.capacity.claim(`CHG-2026-${String(100 + i)}`, first, capacity);
    }
  });
});
