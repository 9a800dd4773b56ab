import assert from 'node:assert/strict';
import { alexTheCsa, meganTheEngineer, pattiContosoOwner, personalChatOf, startAppHarness, type AppHarness, type TeamsUser } from '../support/app-harness';
import { assertValidCard, cardsOf } from '../support/card-validation';
import { actionData, actionsWithVerb, cardText } from '../support/card-query';
import { addClient, addUpgrade } from '../support/fixtures';
import { arrives, textOf } from '../support/arrivals';

const window = { startsAt: '2026-11-25T06:00:00.000Z', endsAt: '2026-11-25T12:00:00.000Z' };

describe('Go/No-Go over Bot Framework HTTP', function () {
  this.timeout(60_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  async function click(data: Record<string, unknown>, as: TeamsUser, inputs: Record<string, unknown> = {}) {
    const card = await app.act(data, as, inputs);
    assertValidCard(card);
    return card;
  }
  async function ticketFor(id: string, as: TeamsUser) {
    const [reply] = await app.say(`show ${id}`, as);
    const [ticket] = cardsOf(reply!.activity) as Record<string, any>[];
    return ticket!;
  }
  async function overrun(id: string) {
    const ticket = await ticketFor(id, meganTheEngineer);
    await click(actionData(ticket, 'upgrade.overrun'), meganTheEngineer, { reason: 'Search index rebuild is slow', etaDate: '2026-11-25', etaTime: '14:00' });
    const upgrade = (await app.stores.upgrades.get(id))!.value;
    assert.equal(upgrade.state, 'awaiting_decision');
    assert.equal(upgrade.decision!.newEta, '2026-11-25T14:00:00.000Z');
    return upgrade.decision!;
  }
  async function decisionCardFor(id: string, as: TeamsUser) {
    const replies = await app.say(`show ${id}`, as);
    const cards = replies.flatMap((r) => cardsOf(r.activity)) as Record<string, any>[];
    return cards.find((c) => actionsWithVerb(c, 'decision.vote').length > 0) ?? cards.at(-1)!;
  }

  it('overrun -> Go: the upgrade continues and completes after validation, outside the window', async () => {
    const { owners } = await addClient(app.stores, 'adatum', { owners: 2 });
    await app.say('help', alexTheCsa);
    const id = await addUpgrade(app.stores, 'adatum', { state: 'in_progress', window, lastCommunication: 'validation_start' });
    const decision = await overrun(id);
    const card = await decisionCardFor(id, owners[0]!);
    assert.match(cardText(card), /Search index rebuild is slow/);
    const after = await click(actionData(card, 'decision.vote', { vote: 'go' }), owners[0]!);
    assert.match(cardText(after), /Go/);
    const upgrade = (await app.stores.upgrades.get(id))!.value;
    assert.equal(upgrade.state, 'in_progress');
    assert.equal(upgrade.decision!.id, decision.id);
    assert.equal(upgrade.decision!.outcome, 'go');
    // The engineer and the CSA are told in their chats, without having to ask: the engineer with the next steps.
    const told = await arrives(app.teams, 'the Go for the engineer', (r) => r.conversationId === personalChatOf(meganTheEngineer) && textOf(r).includes(id) && /Go\/No-Go decided: Go/.test(textOf(r)));
    assert.match(textOf(told), /Adatum's owners said Go: carry on with the upgrade/);
    const csaTold = await arrives(app.teams, 'the Go for the CSA', (r) => r.conversationId === personalChatOf(alexTheCsa) && textOf(r).includes(id) && /Go\/No-Go decided: Go/.test(textOf(r)));
    assert.match(textOf(csaTold), /Nothing is needed from you/);
    const ticket = cardsOf(told.activity)[0] as Record<string, any>;
    assert.deepEqual(actionsWithVerb(ticket, 'upgrade.event').map((a) => a.data.communication), ['validation_complete', 'validation_failure']);
    await click(actionData(ticket, 'upgrade.event', { communication: 'validation_complete' }), meganTheEngineer);
    const again = await ticketFor(id, meganTheEngineer);
    await click(actionData(again, 'upgrade.event', { communication: 'upgrade_complete' }), meganTheEngineer);
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'completed');
  });

  it('No-Go -> rollback start and complete -> proposed, and the CSA is offered the next windows', async () => {
    const { owners } = await addClient(app.stores, 'litware', { owners: 3, goRule: 'all' });
    const id = await addUpgrade(app.stores, 'litware', { state: 'in_progress', window, lastCommunication: 'instance_complete' });
    await overrun(id);
    await click(actionData(await decisionCardFor(id, owners[0]!), 'decision.vote', { vote: 'go' }), owners[0]!);
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'awaiting_decision', 'one Go of three is not enough under "all"');
    await click(actionData(await decisionCardFor(id, owners[1]!), 'decision.vote', { vote: 'no_go' }), owners[1]!);
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'rolling_back');
    const told = await arrives(app.teams, 'the No-Go for the engineer', (r) => r.conversationId === personalChatOf(meganTheEngineer) && textOf(r).includes(id) && /Go\/No-Go decided: No-Go/.test(textOf(r)));
    assert.match(textOf(told), /roll the environment back now\. Post Rollback start below/);
    let ticket = cardsOf(told.activity)[0] as Record<string, any>;
    assert.deepEqual(actionsWithVerb(ticket, 'upgrade.event').map((a) => a.data.communication), ['rollback_start']);
    ticket = await click(actionData(ticket, 'upgrade.event', { communication: 'rollback_start' }), meganTheEngineer);
    await click(actionData(ticket, 'upgrade.event', { communication: 'rollback_complete' }), meganTheEngineer);
    const upgrade = (await app.stores.upgrades.get(id))!.value;
    assert.equal(upgrade.state, 'proposed');
    assert.equal(upgrade.window, undefined);
    const [picker] = (await app.say('book litware 5.1', alexTheCsa)).flatMap((r) => cardsOf(r.activity)) as Record<string, any>[];
    assert.ok(actionsWithVerb(picker, 'proposal.send').length === 1, 'the CSA can propose new windows on the same ticket');
  });

  it('a No-Go in answer to a formal communication, after its confirmation, starts the rollback', async () => {
    const { owners } = await addClient(app.stores, 'proseware', { owners: 1 });
    const id = await addUpgrade(app.stores, 'proseware', { state: 'in_progress', window, lastCommunication: 'instance_start' });
    const ticket = await ticketFor(id, owners[0]!);
    assert.match(JSON.stringify(ticket), /rolls the environment back/i);
    await click(actionData(ticket, 'upgrade.nogo'), owners[0]!, { comment: 'Payroll run tonight' });
    const upgrade = (await app.stores.upgrades.get(id))!.value;
    assert.equal(upgrade.state, 'rolling_back');
    assert.equal(upgrade.decision!.outcome, 'no_go');
  });

  it('the No-Go button on a posted communication refuses anyone but the client\'s owners, changing nothing and leaving the post as it is', async () => {
    await addClient(app.stores, 'margie', { owners: 1 });
    const id = await addUpgrade(app.stores, 'margie', { state: 'in_progress', window, lastCommunication: 'instance_start' });
    const noGo = { verb: 'upgrade.nogo', upgradeId: id, inAnswerTo: 'instance_start', at: '2026-11-25T10:00:00.000Z' };
    const other = await app.answer(noGo, pattiContosoOwner);
    assert.deepEqual([other.statusCode, other.type], [404, 'application/vnd.microsoft.error'], 'an invoke error: Teams leaves the card as it is');
    assert.match(other.value.message, /no upgrade .* that you can see/);
    const endUser = await app.answer(noGo, { tenantId: 'tenant-margie', aadObjectId: 'margie-end-user', name: 'End User' });
    assert.deepEqual([endUser.statusCode, endUser.type], [403, 'application/vnd.microsoft.error']);
    assert.match(endUser.value.message, /Only Margie's owners can say No-Go/);
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'in_progress');
  });

  it('a stale No-Go on a formal communication\'s post, after completion, leaves the post standing without its button and says why', async () => {
    const { owners } = await addClient(app.stores, 'tailspin', { owners: 1 });
    const owner = owners[0]!;
    const channel = '19:tailspin-general@thread.tacv2';
    await app.installInTeam(owner.tenantId, channel, 'Tailspin');
    await app.say('help', owner);
    const id = await addUpgrade(app.stores, 'tailspin', { state: 'in_progress', window, lastCommunication: 'validation_start' });
    await app.say(`event ${id} validation-complete`, meganTheEngineer);
    const post = await arrives(app.teams, 'the validation post in the thread', (r) => r.conversationId.startsWith(channel) && /^Validation testing complete/.test(textOf(r)));
    const posted = cardsOf(post.activity)[0] as Record<string, any>;
    const noGo = actionData(posted, 'upgrade.nogo');
    await app.say(`event ${id} complete`, meganTheEngineer);
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'completed');

    // Confirming the stale button answers with the post itself, as everyone should now see it.
    const answer = await app.answer(noGo, owner, { comment: 'Too late?' }, { conversationId: post.conversationId, conversationType: 'channel' });
    assert.deepEqual([answer.statusCode, answer.type], [200, 'application/vnd.microsoft.card.adaptive']);
    assertValidCard(answer.value);
    const t = cardText(answer.value);
    assert.match(t, /^Validation testing complete\nNo-Go no longer applies: the upgrade is completed\./);
    assert.match(t, /By: Megan Bowen/);
    assert.doesNotMatch(t, /That did not work|cannot be given/);
    assert.equal(actionsWithVerb(answer.value, 'upgrade.nogo').length, 0, 'no No-Go once the upgrade is completed');
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'completed', 'nothing changed');

    // The post refreshes for the owner as the same post, without No-Go now (not as some other card).
    const refreshed = await click(posted.refresh.action.data, owner);
    assert.match(cardText(refreshed), /^Validation testing complete/);
    assert.equal(actionsWithVerb(refreshed, 'upgrade.nogo').length, 0);

    // A post from before posts named their time cannot be rebuilt: an invoke error leaves it as it is.
    const { at: _at, ...older } = noGo;
    const old = await app.answer(older, owner, {}, { conversationId: post.conversationId, conversationType: 'channel' });
    assert.deepEqual([old.statusCode, old.type], [409, 'application/vnd.microsoft.error']);
    assert.match(old.value.message, /A No-Go cannot be given: the upgrade is completed/);
  });

  it('a No-Go confirmed on a formal communication\'s post starts the rollback and keeps the post, saying so', async () => {
    const { owners } = await addClient(app.stores, 'lucerne', { owners: 1 });
    const channel = '19:lucerne-general@thread.tacv2';
    await app.installInTeam(owners[0]!.tenantId, channel, 'Lucerne');
    const id = await addUpgrade(app.stores, 'lucerne', { state: 'in_progress', window, lastCommunication: 'instance_complete' });
    await app.say(`event ${id} validation-start`, meganTheEngineer);
    const post = await arrives(app.teams, 'the validation post', (r) => r.conversationId.startsWith(channel) && /^Validation testing start/.test(textOf(r)));
    const answer = await click(actionData(cardsOf(post.activity)[0], 'upgrade.nogo'), owners[0]!, { comment: 'Payroll run tonight' });
    assert.match(cardText(answer), /^Validation testing start\nNo-Go given by lucerne owner 0: the environment will be rolled back\./);
    assert.equal(actionsWithVerb(answer, 'upgrade.nogo').length, 0);
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'rolling_back');
  });

  it('the decision card posted in the channel refreshes to the vote buttons for the owners (by Teams id), read-only for others', async () => {
    const { owners } = await addClient(app.stores, 'humongous', { owners: 2 });
    const channel = '19:humongous-general@thread.tacv2';
    await app.installInTeam(owners[0]!.tenantId, channel, 'Humongous');
    for (const owner of owners) await app.say('help', owner);
    const id = await addUpgrade(app.stores, 'humongous', { state: 'in_progress', window, lastCommunication: 'instance_start' });
    const decision = await overrun(id);
    const posted = await arrives(app.teams, 'the decision card in the thread', (r) => r.conversationId.startsWith(channel) && JSON.stringify(r.activity).includes(`${decision.id}`) && /Go\/No-Go/.test(JSON.stringify(r.activity)));
    const card = cardsOf(posted.activity)[0] as Record<string, any>;
    assert.deepEqual([...card.refresh.userIds].sort(), owners.map((o) => `29:${o.aadObjectId}`).sort());
    assert.equal(actionsWithVerb(card, 'decision.vote').length, 0, 'the posted card itself is read-only');
    const refreshed = await click(card.refresh.action.data, owners[1]!);
    assert.ok(actionsWithVerb(refreshed, 'decision.vote').length > 0, 'an owner sees the vote buttons');
    const asEngineer = await click(card.refresh.action.data, meganTheEngineer);
    assert.equal(actionsWithVerb(asEngineer, 'decision.vote').length, 0);
  });

  it('a stranger\'s vote is refused and nothing is recorded: another client\'s owner, vendor staff, an end user', async () => {
    const { owners } = await addClient(app.stores, 'woodgrove', { owners: 2 });
    const id = await addUpgrade(app.stores, 'woodgrove', { state: 'in_progress', window, lastCommunication: 'instance_start' });
    const decision = await overrun(id);
    const vote = { verb: 'decision.vote', upgradeId: id, decisionId: decision.id, vote: 'no_go' };
    const endUser = { tenantId: owners[0]!.tenantId, aadObjectId: 'woodgrove-end-user', name: 'End User' };
    for (const stranger of [pattiContosoOwner, meganTheEngineer, endUser]) {
      const card = await click(vote, stranger);
      assert.match(cardText(card), /not recorded|no upgrade/i, stranger.name);
    }
    const stored = (await app.stores.upgrades.get(id))!.value;
    assert.equal(stored.state, 'awaiting_decision');
    assert.deepEqual(stored.decision?.votes ?? [], []);
  });

  it('20 owners voting at once plus a double click give an exact tally', async () => {
    const { owners } = await addClient(app.stores, 'fourthcoffee', { owners: 20, goRule: 'all' });
    const id = await addUpgrade(app.stores, 'fourthcoffee', { state: 'in_progress', window, lastCommunication: 'validation_start' });
    const decision = await overrun(id);
    const vote = { verb: 'decision.vote', upgradeId: id, decisionId: decision.id, vote: 'go' };
    await Promise.all([...owners.map((o) => app.act(vote, o)), app.act(vote, owners[0]!)]);
    const upgrade = (await app.stores.upgrades.get(id))!.value;
    const votes = upgrade.decision?.votes ?? [];
    assert.equal(votes.length, 20);
    assert.equal(new Set(votes.map((v) => v.voterId)).size, 20);
    assert.equal(upgrade.state, 'in_progress');
    assert.equal(upgrade.decision!.outcome, 'go');
    const card = await decisionCardFor(id, owners[5]!);
    assert.match(cardText(card), /20/);
  });
});
