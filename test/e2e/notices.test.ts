import assert from 'node:assert/strict';
import { alexTheCsa, meganTheEngineer, personalChatOf, startAppHarness, type AppHarness } from '../support/app-harness';
import { assertValidCard, cardsOf } from '../support/card-validation';
import { actionData, actionsWithVerb, cardText, choiceValues } from '../support/card-query';
import { addClient, addUpgrade } from '../support/fixtures';
import type { ReceivedActivity } from '../support/teams-standin';
import { arrives, textOf } from '../support/arrivals';

const channel = '19:adventure-general@thread.tacv2';
const slot = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };

describe('notices: the ticket thread, freeze, outage and environment notices, through the outbox', function () {
  this.timeout(60_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  const waitFor = (what: string, predicate: (r: ReceivedActivity) => boolean) => arrives(app.teams, what, predicate);
  const text = textOf;
  const inChannel = (r: ReceivedActivity) => r.conversationId === channel;

  it('follows an upgrade from booking to completion, correcting the freeze notice in place', async () => {
    const { owners } = await addClient(app.stores, 'adventure', { owners: 1 });
    const owner = owners[0]!;
    await app.installInTeam(owner.tenantId, channel, 'Adventure Works');
    await app.say('help', owner);
    await app.say('help', alexTheCsa);
    const id = await addUpgrade(app.stores, 'adventure', { fromVersion: '4.3', toVersion: '5.0', proposedWindows: [slot] });

    await app.act({ verb: 'proposal.accept', upgradeId: id, startsAt: slot.startsAt }, owner);
    const root = await waitFor('the ticket card in the channel', (r) => inChannel(r) && r.method === 'POST' && text(r).includes(id));
    const freeze = await waitFor('the content freeze notice', (r) => inChannel(r) && /^Content freeze on/.test(text(r)));
    await waitFor('the internal-comms template for the owner', (r) => r.conversationId === personalChatOf(owner) && /Tell your staff/.test(text(r)));
    await waitFor('the booking confirmation for the CSA', (r) => r.conversationId === personalChatOf(alexTheCsa) && text(r).includes(id));

    const ack = await app.act(actionData(cardsOf(freeze.activity)[0], 'notice.acknowledge'), { tenantId: owner.tenantId, aadObjectId: 'end-user-1', name: 'Erin End-User' });
    assertValidCard(ack);
    assert.match(cardText(ack), /1 person acknowledged/);
    assert.match(cardText(ack), /Thank you/);

    const [readiness] = (await app.say(`show ${id}`, owner)).flatMap((r) => cardsOf(r.activity)).slice(1) as Record<string, any>[];
    const ticked = await app.act(actionData(readiness, 'prerequisites.save'), owner, { 'prereq-0': 'true', 'prereq-1': 'true', 'prereq-2': 'true' });
    await app.act(actionData(ticked, 'cab.record'), owner, { approver: 'Adventure CAB', reference: 'CAB-7' });
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'ready');

    app.setNow(new Date(slot.startsAt));
    await app.say(`event ${id} start`, meganTheEngineer);
    const offline = await waitFor('environment offline', (r) => inChannel(r) && /^The environment is offline for its upgrade/.test(text(r)));
    assert.match(text(offline), /We will post here when it is back online/);
    const outage = await waitFor('the feature outage notice', (r) => inChannel(r) && /^ConneX and Add It may be offline for 10-20 minutes/.test(text(r)));
    assert.match(text(outage), /Nobody has acknowledged yet/);
    await waitFor('a reply in the ticket thread', (r) => r.conversationId === `${channel};messageid=${root.activityId}` && /Upgrade start/.test(text(r)));

    for (const step of ['instance-start', 'instance-complete', 'validation-start', 'validation-complete', 'complete']) await app.say(`event ${id} ${step}`, meganTheEngineer);
    await waitFor('environment online', (r) => inChannel(r) && r.method === 'POST' && /^The environment is back online/.test(text(r)));
    // The earlier notices no longer mislead: corrected in place once the environment is back.
    const corrected = await waitFor('the offline notice corrected in place', (r) => r.method === 'PUT' && r.activityId === offline.activityId);
    assert.match(text(corrected), /^The environment was offline for its upgrade\nIt was offline for the upgrade to 5\.0 until .*: see the back-online notice below\./);
    assert.doesNotMatch(text(corrected), /We will post here/);
    const outageOver = await waitFor('the outage notice corrected in place', (r) => r.method === 'PUT' && r.activityId === outage.activityId);
    assert.match(text(outageOver), /^ConneX and Add It were offline for a while during the upgrade/);
    assert.equal(actionsWithVerb(cardsOf(outageOver.activity)[0], 'notice.acknowledge').length, 0);
    const backOnline = await waitFor('the back-online notice', (r) => inChannel(r) && r.method === 'POST' && /^ConneX and Add It are back online/.test(text(r)));
    assert.doesNotMatch(text(backOnline), /acknowledged/i, 'no Acknowledge button, so no acknowledgement line');
    const lifted = await waitFor('the freeze notice corrected in place', (r) => r.method === 'PUT' && r.activityId === freeze.activityId && /lifted/i.test(text(r)));
    assert.match(text(lifted), /1 person acknowledged/);
    const ticketUpdate = await waitFor('the ticket card updated in place', (r) => r.method === 'PUT' && r.activityId === root.activityId && /Completed/.test(text(r)));
    assert.ok(ticketUpdate);
  });

  it('corrects the booking post in the thread when the upgrade is rescheduled, so only the new booking stands', async () => {
    const wingtip = '19:wingtip-general@thread.tacv2';
    const { owners } = await addClient(app.stores, 'wingtip', { owners: 1 });
    const owner = owners[0]!;
    await app.installInTeam(owner.tenantId, wingtip, 'Wingtip Toys');
    await app.say('help', owner);
    app.setNow(new Date('2026-11-25T10:00:00Z'));
    const id = await addUpgrade(app.stores, 'wingtip', { proposedWindows: [slot] });
    await app.act({ verb: 'proposal.accept', upgradeId: id, startsAt: slot.startsAt }, owner);
    const booked = await waitFor('the booking post in the thread', (r) => r.conversationId.startsWith(wingtip) && r.method === 'POST' && text(r).includes(`Upgrade booked: ${id}`));
    assert.match(text(booked), /Tue 8 Dec 2026/);

    const [picker] = (await app.say(`reschedule ${id} the client asked for a later date`, alexTheCsa)).flatMap((r) => cardsOf(r.activity));
    const next = choiceValues(picker, 'windows').find((w) => w !== slot.startsAt)!;
    await app.act(actionData(picker, 'proposal.send'), alexTheCsa, { windows: next });
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'proposed');

    const corrected = await waitFor('the booking post corrected in place', (r) => r.method === 'PUT' && r.activityId === booked.activityId);
    assert.match(text(corrected), /^Upgrade rescheduled: /);
    assert.match(text(corrected), /Rescheduled: the window below no longer applies\. See the ticket for the new windows\./);
    assert.match(text(corrected), /Was booked \(Europe\/London\): Tue 8 Dec 2026/);
    assert.doesNotMatch(text(corrected), /Upgrade booked/);

    await app.act({ verb: 'proposal.accept', upgradeId: id, startsAt: next }, owner);
    const rebooked = await waitFor('the new booking post', (r) => r.conversationId.startsWith(wingtip) && r.method === 'POST' && text(r).includes(`Upgrade booked: ${id}`) && r.activityId !== booked.activityId);
    assert.doesNotMatch(text(rebooked), /Tue 8 Dec 2026/);
  });
});
