import assert from 'node:assert/strict';
import { meganTheEngineer, pattiContosoOwner, startAppHarness, type AppHarness, type TeamsUser } from '../support/app-harness';
import { assertValidCard, cardsOf } from '../support/card-validation';
import { actionData, actionsWithVerb, cardText } from '../support/card-query';

/** The README's walk-through on the world `npm start` seeds: Contoso's one window opens a few hours from now. */
describe('the demo as npm start seeds it: Contoso is booked, readied and started the same day', function () {
  this.timeout(60_000);
  let app: AppHarness;
  const now = new Date('2026-11-28T09:10:00Z');
  before(async () => {
    app = await startAppHarness({ now, seed: { contosoWindowOpensSoon: true } });
  });
  after(async () => app?.close());

  async function cards(text: string, as: TeamsUser): Promise<Record<string, any>[]> {
    const all = (await app.say(text, as)).flatMap((r) => cardsOf(r.activity)) as Record<string, any>[];
    all.forEach(assertValidCard);
    return all;
  }

  it('Patti accepts the proposed window, readies the major, and Megan starts early with a reason', async () => {
    const upgrade = (await app.stores.upgrades.get('CHG-2026-0001'))!.value;
    assert.equal(upgrade.state, 'proposed');
    const window = upgrade.proposedWindows[0]!;
    assert.equal(window.startsAt, '2026-11-28T12:00:00.000Z', 'the second full hour after the seed');

    const proposal = (await cards('show CHG-2026-0001', pattiContosoOwner)).find((c) => actionsWithVerb(c, 'proposal.accept').length > 0)!;
    const booked = await app.act(actionData(proposal, 'proposal.accept', { startsAt: window.startsAt }), pattiContosoOwner);
    assert.match(cardText(booked), /booked/i);
    assert.equal((await app.stores.upgrades.get('CHG-2026-0001'))!.value.state, 'booked');

    const readiness = (await cards('show CHG-2026-0001', pattiContosoOwner)).find((c) => actionsWithVerb(c, 'prerequisites.save').length > 0)!;
    const ticks = Object.fromEntries([0, 1, 2].map((i) => [`prereq-${i}`, 'true']));
    const afterTicks = await app.act(actionData(readiness, 'prerequisites.save'), pattiContosoOwner, ticks);
    await app.act(actionData(afterTicks, 'cab.record'), pattiContosoOwner, { approver: 'Contoso CAB', reference: 'CAB-1' });
    assert.equal((await app.stores.upgrades.get('CHG-2026-0001'))!.value.state, 'ready');

    const [asked] = await cards('event CHG-2026-0001 start', meganTheEngineer);
    assert.match(cardText(asked), /before its window/i);
    assert.equal((await app.stores.upgrades.get('CHG-2026-0001'))!.value.state, 'ready', 'nothing starts before the reason is given');
  });
});
