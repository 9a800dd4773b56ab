import assert from 'node:assert/strict';
import { startAppHarness, type AppHarness } from '../support/app-harness';
import { assertValidCard } from '../support/card-validation';
import { cardText } from '../support/card-query';
import { addClient, addUpgrade } from '../support/fixtures';

describe('two owners accepting the last place of a slot at once', function () {
  this.timeout(30_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  it('books exactly one; the other is told and offered the next windows, never a double booking', async () => {
    // Contoso (demo data) holds one of the two places on Fri 4 Dec 18:00-24:00 UTC.
    const slot = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };
    const a = await addClient(app.stores, 'tailspin', { owners: 1 });
    const b = await addClient(app.stores, 'wingtip', { owners: 1 });
    const idA = await addUpgrade(app.stores, 'tailspin', { proposedWindows: [slot] });
    const idB = await addUpgrade(app.stores, 'wingtip', { proposedWindows: [slot] });
    const [cardA, cardB] = await Promise.all([
      app.act({ verb: 'proposal.accept', upgradeId: idA, startsAt: slot.startsAt }, a.owners[0]!),
      app.act({ verb: 'proposal.accept', upgradeId: idB, startsAt: slot.startsAt }, b.owners[0]!),
    ]);
    assertValidCard(cardA);
    assertValidCard(cardB);
    const [upA, upB] = await Promise.all([app.stores.upgrades.get(idA), app.stores.upgrades.get(idB)]);
    // 5.1 is a minor: the winner is ready at once.
    const states = [upA!.value.state, upB!.value.state].sort();
    assert.deepEqual(states, ['proposed', 'ready']);
    const loser = upA!.value.state === 'proposed' ? { up: upA!, card: cardA } : { up: upB!, card: cardB };
    assert.match(cardText(loser.card), /taken by another booking/);
    assert.ok(loser.up.value.proposedWindows.length > 0, 'the next windows are offered');
    assert.ok(loser.up.value.proposedWindows.every((w) => w.startsAt !== slot.startsAt), 'the full slot is not offered again');
    const inSlot = (await app.stores.upgrades.listBookedWindows()).filter((w) => w.startsAt === slot.startsAt);
    assert.equal(inSlot.length, 2, 'Contoso and one winner: the slot holds its capacity and no more');
  });
});
