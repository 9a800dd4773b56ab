import assert from 'node:assert/strict';
import type { Upgrade } from '../../../bot/src/domain/upgrade';
import type { TableStores } from '../../../bot/src/store/table-stores';
import { uniquePrefix } from '../../support/azurite';
import { aDraft, anEntry, freshStores, storesOver } from './fixtures';

const window = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };

describe('upgrade store', () => {
  let stores: TableStores;
  before(async () => {
    stores = await freshStores();
  });

  it('gives an upgrade back with every field it was created or updated with', async () => {
    const created = await stores.upgrades.create(aDraft({ createdAt: '2027-01-05T09:00:00.000Z' }), [
      anEntry('requested', '2027-01-05T09:00:00.000Z'),
    ]);
    assert.match(created.value.id, /^CHG-2027-\d{4}$/);
    assert.deepEqual(await stores.upgrades.get(created.value.id), created);

    const full: Upgrade = {
      ...created.value,
      state: 'awaiting_decision',
      proposedWindows: [window],
      window,
      lastCommunication: 'validation_start',
      prerequisitesDone: ['Grant the new Graph permission'],
      cabApproval: { approver: 'Pat', reference: 'CAB-7', recordedBy: 'owner-1', recordedAt: '2027-01-06T10:00:00.000Z' },
      decision: { id: 'd1', reason: 'Overrun', newEta: '2027-01-09T02:00:00.000Z', openedAt: '2027-01-09T00:00:00.000Z', deadline: '2027-01-09T00:30:00.000Z' },
      eta: '2027-01-09T02:00:00.000Z',
    };
    const updated = await stores.upgrades.update(full, created.etag, []);
    assert.deepEqual(await stores.upgrades.get(full.id), updated);

    const { decision: _d, eta: _e, cabApproval: _c, ...cleared } = full;
    const back = { ...cleared, state: 'in_progress' as const };
    await stores.upgrades.update(back, updated.etag, []);
    assert.deepEqual((await stores.upgrades.get(full.id))?.value, back, 'fields removed in an update are gone');
  });

  it('answers undefined for a change id that does not exist', async () => {
    assert.equal(await stores.upgrades.get('CHG-1999-0001'), undefined);
  });

  it('refuses an update made from a stale read as a conflict, and changes nothing', async () => {
    const created = await stores.upgrades.create(aDraft(), [anEntry('requested', '2026-11-25T10:00:00.000Z')]);
    const first = await stores.upgrades.update({ ...created.value, state: 'proposed', proposedWindows: [window] }, created.etag, [
      anEntry('proposed', '2026-11-25T10:05:00.000Z'),
    ]);

    await assert.rejects(
      stores.upgrades.update({ ...created.value, state: 'cancelled', cancelReason: 'No budget' }, created.etag, [
        anEntry('cancelled', '2026-11-25T10:06:00.000Z'),
      ]),
      (err: { code?: string; userMessage?: string; cause?: { statusCode?: number } }) => {
        assert.equal(err.code, 'conflict');
        assert.match(err.userMessage ?? '', /^Someone else changed this upgrade just now/);
        assert.equal(err.cause?.statusCode, 412);
        return true;
      },
    );
    assert.deepEqual(await stores.upgrades.get(created.value.id), first);
    assert.deepEqual((await stores.upgrades.listAudit(created.value.id)).map((e) => e.action), ['requested', 'proposed']);
  });

  it('reads the audit log back in order, across updates and within one millisecond', async () => {
    const at = '2026-11-25T11:00:00.000Z';
    const created = await stores.upgrades.create(aDraft(), [anEntry('requested', at, 'by chat'), anEntry('noted', at)]);
    let current = created;
    for (const action of ['proposed', 'declined', 'proposed again']) {
      current = await stores.upgrades.update({ ...current.value, updatedAt: at }, current.etag, [anEntry(action, at)]);
    }
    current = await stores.upgrades.update(current.value, current.etag, [anEntry('accepted', '2026-11-26T08:00:00.000Z')]);
    const log = await stores.upgrades.listAudit(created.value.id);
    assert.deepEqual(log.map((e) => e.action), ['requested', 'noted', 'proposed', 'declined', 'proposed again', 'accepted']);
    assert.deepEqual(log[0], anEntry('requested', at, 'by chat'));
  });

  it('keeps the audit numbering right when two instances write, with and without audit lines', async () => {
    const prefix = uniquePrefix('st');
    const [one, two] = [await storesOver(prefix), await storesOver(prefix)];
    const at = '2026-11-25T12:00:00.000Z';
    const created = await one.upgrades.create(aDraft(), [anEntry('requested', at)]);
    const quiet = await one.upgrades.update({ ...created.value, state: 'proposed' }, created.etag, []);
    // The other instance has never seen this upgrade: it reads it, and the count, from storage.
    const fromTwo = (await two.upgrades.get(created.value.id))!;
    assert.deepEqual(fromTwo, quiet);
    const byTwo = await two.upgrades.update({ ...fromTwo.value, state: 'booked' }, fromTwo.etag, [anEntry('booked', at), anEntry('ready', at)]);
    // The first instance still remembers its own last version: a head start that is now stale.
    assert.deepEqual(await one.upgrades.recent!(created.value.id), quiet);
    await assert.rejects(one.upgrades.update({ ...quiet.value, state: 'cancelled' }, quiet.etag, [anEntry('cancelled', at)]), { code: 'conflict' });
    assert.deepEqual(await one.upgrades.recent!(created.value.id), byTwo, 'a lost race forgets the stale version');
    const last = await one.upgrades.update({ ...byTwo.value, state: 'in_progress' }, byTwo.etag, [anEntry('started', at)]);
    assert.deepEqual(await two.upgrades.get(created.value.id), last);
    assert.deepEqual((await two.upgrades.listAudit(created.value.id)).map((e) => e.action), ['requested', 'booked', 'ready', 'started']);
  });

  it('numbers 20 upgrades created at once with 20 consecutive change ids', async () => {
    const draft = aDraft({ createdAt: '2031-03-01T12:00:00.000Z' });
    const created = await Promise.all(Array.from({ length: 20 }, () => stores.upgrades.create(draft, [anEntry('requested', draft.createdAt)])));
    const ids = created.map((c) => c.value.id).sort();
    assert.deepEqual(ids, Array.from({ length: 20 }, (_, i) => `CHG-2031-${String(i + 1).padStart(4, '0')}`));
    for (const c of created) assert.equal((await stores.upgrades.listAudit(c.value.id)).length, 1);
  });

  it('lists one client\'s upgrades, and the windows of those that hold one', async () => {
    stores = await freshStores();
    const other = window;
    const later = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };
    const booked = await stores.upgrades.create(aDraft({ clientId: 'tailspin', state: 'booked', window: other }), []);
    await stores.upgrades.create(aDraft({ clientId: 'tailspin', state: 'proposed', proposedWindows: [later] }), []);
    await stores.upgrades.create(aDraft({ clientId: 'tailspin', state: 'completed', window: later }), []);
    await stores.upgrades.create(aDraft({ clientId: 'wingtip', state: 'in_progress', window: later }), []);

    const tailspin = await stores.upgrades.list({ clientId: 'tailspin' });
    assert.deepEqual(tailspin.map((u) => u.state).sort(), ['booked', 'completed', 'proposed']);
    assert.equal((await stores.upgrades.list()).length, 4);
    assert.deepEqual(
      (await stores.upgrades.listBookedWindows()).sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
      [booked.value.window, later],
      'a proposed or completed upgrade holds no window',
    );
  });
});
