import assert from 'node:assert/strict';
import { alexTheCsa, pattiContosoOwner, startAppHarness, strangerInContoso, type AppHarness } from '../support/app-harness';
import { assertValidCard, cardsOf } from '../support/card-validation';

/** The one card of the one reply, checked against Adaptive Card 1.5, as text to search. */
function onlyCard(replies: { activity: Record<string, any> }[]): string {
  assert.equal(replies.length, 1, `expected one reply, got ${replies.length}`);
  const cards = cardsOf(replies[0]!.activity);
  assert.equal(cards.length, 1, 'expected one Adaptive Card');
  assertValidCard(cards[0]);
  return JSON.stringify(cards[0]);
}

describe('chat commands over Bot Framework HTTP', function () {
  this.timeout(30_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  it('help lists the commands with one-line descriptions', async () => {
    const card = onlyCard(await app.say('help'));
    for (const usage of ['help', 'windows {client} [version]', 'upgrades [client]']) assert.ok(card.includes(usage), usage);
    assert.match(card, /next available upgrade windows/i);
  });

  it('an unknown command gets help, naming what was not understood', async () => {
    const card = onlyCard(await app.say('deploy everything'));
    assert.match(card, /I don't know \\"deploy\\"/);
    assert.match(card, /windows \{client\}/);
  });

  it('windows <client> shows the next windows in the client zone and in UTC', async () => {
    const card = onlyCard(await app.say('windows contoso'));
    assert.match(card, /Next upgrade windows for Contoso/);
    // 2026-11-25 10:00 UTC + 7 days lead time: Friday 4 December 18:00 London is the first.
    assert.match(card, /Fri 4 Dec 2026 18:00-24:00 GMT/);
    assert.match(card, /Fri 4 Dec 2026 18:00-24:00 UTC/);
    // 5.0 is the next release for Contoso (on 4.3): a major, six hours.
    assert.match(card, /release 5\.0 \(major\)/);
  });

  it('windows with a client that does not exist names the clients there are', async () => {
    const card = onlyCard(await app.say('windows Globex'));
    assert.match(card, /There is no client called \\"Globex\\"/);
    assert.match(card, /Contoso, Fabrikam, Northwind Traders/);
  });

  it('windows without a client says the expected form', async () => {
    const card = onlyCard(await app.say('windows'));
    assert.match(card, /windows \{client\}/);
  });

  it('upgrades lists every client\'s upgrades with state and window for the CSA', async () => {
    const card = onlyCard(await app.say('upgrades', alexTheCsa));
    assert.match(card, /Contoso: 4\.3 → 5\.0/);
    assert.match(card, /Fabrikam: 4\.3 → 5\.0/);
    assert.match(card, /Northwind Traders: 5\.0 → 5\.1/);
    assert.match(card, /Booked/);
    assert.match(card, /Windows proposed/);
    assert.match(card, /Completed/);
  });

  it('upgrades <client> narrows to that client', async () => {
    const card = onlyCard(await app.say('upgrades fabrikam'));
    assert.match(card, /Upgrades for Fabrikam/);
    assert.doesNotMatch(card, /Contoso:/);
  });

  it('a client owner sees only their own client\'s upgrades', async () => {
    const card = onlyCard(await app.say('upgrades', pattiContosoOwner));
    assert.match(card, /Contoso: 4\.3 → 5\.0/);
    assert.doesNotMatch(card, /Fabrikam|Northwind/);
    const refused = onlyCard(await app.say('windows fabrikam', pattiContosoOwner));
    assert.match(refused, /There is no client called/);
    assert.doesNotMatch(refused, /Fabrikam,/);
  });

  it('an end user of a client sees no other client', async () => {
    const card = onlyCard(await app.say('upgrades', strangerInContoso));
    assert.doesNotMatch(card, /Fabrikam|Northwind/);
  });

  it('a body that is not an activity gets 400 and no reply', async () => {
    const res = await app.post({ hello: 'world' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /Bot Framework activity/);
  });

  it('GET /api/health reports storage ok', async () => {
    const res = await fetch(`${app.server.url}/api/health`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).storage, 'ok');
  });
});
