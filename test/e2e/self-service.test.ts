import assert from 'node:assert/strict';
import { demoOwners, demoTenants } from '../../bot/dev/demo-data';
import { startAppHarness, type AppHarness, type TeamsUser } from '../support/app-harness';
import { assertValidCard, cardsOf } from '../support/card-validation';
import { actionData, actionsWithVerb, cardText } from '../support/card-query';

const diego: TeamsUser = { tenantId: demoTenants.northwind, ...demoOwners.northwind[0]! };

describe('a self-service upgrade: the client picks the time and follows the runbook', function () {
  this.timeout(30_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  async function showCards(id: string, as: TeamsUser) {
    const cards = (await app.say(`show ${id}`, as)).flatMap((r) => cardsOf(r.activity)) as Record<string, any>[];
    cards.forEach(assertValidCard);
    return cards;
  }

  it('refuses a time inside the lead time, books a later one with a standby engineer, and records runbook ticks', async () => {
    const id = 'CHG-2026-0004'; // demo: Northwind asked for 5.1, self-service
    const schedule = (await showCards(id, diego)).find((c) => actionsWithVerb(c, 'selfservice.schedule').length)!;
    assert.match(cardText(schedule), /Australia\/Sydney/);

    const tooSoon = await app.act(actionData(schedule, 'selfservice.schedule'), diego, { date: '2026-11-27', time: '09:00' });
    assertValidCard(tooSoon);
    assert.match(cardText(tooSoon), /earliest start is 10 days from now/);
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'requested');

    const ticket = await app.act(actionData(schedule, 'selfservice.schedule'), diego, { date: '2026-12-10', time: '09:00' });
    assertValidCard(ticket);
    const booked = (await app.stores.upgrades.get(id))!.value;
    assert.equal(booked.state, 'ready', 'a minor is ready at once');
    assert.equal(booked.window!.startsAt, '2026-12-09T22:00:00.000Z', '09:00 in Sydney (AEDT, UTC+11)');
    assert.equal(booked.standbyEngineerId, '00000000-0000-0000-0000-0000000000021');

    const cards = await showCards(id, diego);
    assert.match(cardText(cards[0]), /Megan Bowen/);
    const runbook = cards.find((c) => actionsWithVerb(c, 'runbook.tick').length)!;
    const ticked = await app.act(actionData(runbook, 'runbook.tick', { step: 0 }), diego);
    assertValidCard(ticked);
    assert.deepEqual((await app.stores.upgrades.get(id))!.value.runbookDone!.map((d) => [d.step, d.by]), [[0, 'Diego Siciliani']]);

    const [started] = (await app.say(`event ${id} start`, diego)).flatMap((r) => cardsOf(r.activity));
    assert.match(cardText(started), /In progress/);
  });
});
