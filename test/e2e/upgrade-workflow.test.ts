import assert from 'node:assert/strict';
import { alexTheCsa, isaiahFabrikamOwner, meganTheEngineer, startAppHarness, type AppHarness, type TeamsUser } from '../support/app-harness';
import { assertValidCard, cardsOf } from '../support/card-validation';
import { actionData, actionsWithVerb, cardText, choiceValues } from '../support/card-query';

describe('an upgrade from book to "Upgrade complete", over Bot Framework HTTP', function () {
  this.timeout(60_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  /** The cards of a chat command's replies, each checked against Adaptive Card 1.5. */
  async function cards(text: string, as: TeamsUser): Promise<Record<string, any>[]> {
    const replies = await app.say(text, as);
    const all = replies.flatMap((r) => cardsOf(r.activity)) as Record<string, any>[];
    all.forEach(assertValidCard);
    return all;
  }
  async function click(data: Record<string, unknown>, as: TeamsUser, inputs: Record<string, unknown> = {}) {
    const card = await app.act(data, as, inputs);
    assertValidCard(card);
    return card;
  }

  it('runs the whole process for a major: proposal, acceptance, readiness, every communication, completion', async () => {
    const [picker] = await cards('book fabrikam 5.0', alexTheCsa);
    const windows = choiceValues(picker, 'windows').slice(0, 2);
    const proposal = await click(actionData(picker, 'proposal.send'), alexTheCsa, { windows: windows.join(',') });
    const id = /CHG-\d{4}-\d{4}/.exec(cardText(proposal))![0];
    assert.match(cardText(proposal), /Sent to Fabrikam's owners/);

    const ownerCards = await cards(`show ${id}`, isaiahFabrikamOwner);
    const offered = ownerCards.find((c) => actionsWithVerb(c, 'proposal.accept').length > 0)!;
    const booked = await click(actionData(offered, 'proposal.accept', { startsAt: windows[1] }), isaiahFabrikamOwner);
    assert.match(cardText(booked), /ConneX and Add It may be offline for 10-20 minutes/);
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'booked');

    const readiness = (await cards(`show ${id}`, isaiahFabrikamOwner)).find((c) => actionsWithVerb(c, 'prerequisites.save').length > 0)!;
    const ticks = Object.fromEntries([0, 1, 2].map((i) => [`prereq-${i}`, 'true']));
    const afterTicks = await click(actionData(readiness, 'prerequisites.save'), isaiahFabrikamOwner, ticks);
    await click(actionData(afterTicks, 'cab.record'), isaiahFabrikamOwner, { approver: 'Fabrikam CAB', reference: 'CAB-981' });
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'ready');

    // The engineers start when the window opens (earlier needs a reason; more than a day earlier, a new window).
    app.setNow(new Date(windows[1]!));
    const steps = ['upgrade_start', 'instance_start', 'instance_failure', 'instance_retry_start', 'instance_complete', 'validation_start', 'validation_complete', 'upgrade_complete'];
    let [ticket] = await cards(`show ${id}`, meganTheEngineer);
    for (const communication of steps) ticket = await click(actionData(ticket!, 'upgrade.event', { communication }), meganTheEngineer);
    const done = await app.stores.upgrades.get(id);
    assert.equal(done!.value.state, 'completed');
    assert.match(cardText(ticket), /Completed/);
    const audit = await app.stores.upgrades.listAudit(id);
    assert.deepEqual(audit.filter((a) => steps.includes(a.action)).map((a) => a.action), steps);
  });

  it('refuses an event out of order with the domain\'s message and changes nothing', async () => {
    const [reply] = await cards('event CHG-2026-0001 validation-start', meganTheEngineer);
    assert.match(cardText(reply), /The upgrade is booked|cannot/);
    assert.equal((await app.stores.upgrades.get('CHG-2026-0001'))!.value.state, 'booked');
  });

  it('refuses booking by someone who is not the client\'s CSA', async () => {
    const [reply] = await cards('book fabrikam 5.0', meganTheEngineer);
    assert.match(cardText(reply), /Only Fabrikam's CSA or implementation lead can book/);
  });
});
