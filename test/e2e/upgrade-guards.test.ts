import assert from 'node:assert/strict';
import { issueAutomationKey } from '../../bot/src/api/automation-keys';
import { defaultVendorWindowRules, type UpgradeWindow } from '../../bot/src/domain/window';
import { alexTheCsa, meganTheEngineer, personalChatOf, startAppHarness, type AppHarness, type TeamsUser } from '../support/app-harness';
import { arrives, textOf } from '../support/arrivals';
import { assertValidCard, cardsOf } from '../support/card-validation';
import { actionData, actionsWithVerb, cardText } from '../support/card-query';
import { addClient, addUpgrade } from '../support/fixtures';

/** The cards of a chat command's replies, each checked against Adaptive Card 1.5. */
async function cardsFor(app: AppHarness, text: string, as: TeamsUser): Promise<Record<string, any>[]> {
  const cards = (await app.say(text, as)).flatMap((r) => cardsOf(r.activity)) as Record<string, any>[];
  cards.forEach(assertValidCard);
  return cards;
}

async function click(app: AppHarness, data: Record<string, unknown>, as: TeamsUser, inputs: Record<string, unknown> = {}) {
  const card = await app.act(data, as, inputs);
  assertValidCard(card);
  return card;
}

/** Whether the vendor's calendar still has room for `places` more upgrades in the window (probes claim, then give back). */
async function hasRoom(app: AppHarness, window: UpgradeWindow, places: number): Promise<boolean> {
  const probes = Array.from({ length: places }, (_, i) => `probe-${i}`);
  try {
    for (const probe of probes) await app.stores.capacity.claim(probe, window, defaultVendorWindowRules.capacityPerSlot);
    return true;
  } catch {
    return false;
  } finally {
    for (const probe of probes) await app.stores.capacity.release(probe, window);
  }
}

describe('reschedule keeps the booking until the new windows are sent', function () {
  this.timeout(60_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  it('reschedule only opens the picker: abandoned, the upgrade stays booked and holds its place; sending new windows releases it', async () => {
    const { owners } = await addClient(app.stores, 'tailspin', { owners: 1 });
    const owner = owners[0]!;
    await app.say('help', owner);
    // Book the usual way, into a window nobody else uses, so the vendor's calendar shows what this upgrade holds.
    const [picker] = await cardsFor(app, 'book tailspin 5.1', alexTheCsa);
    const choices = (picker!.body as any[]).find((e) => e.id === 'windows').choices as { title: string; value: string }[];
    const free = choices.find((c) => /2 places left/.test(c.title))!.value;
    const proposal = await click(app, actionData(picker, 'proposal.send'), alexTheCsa, { windows: free });
    const id = /CHG-\d{4}-\d{4}/.exec(cardText(proposal))![0];
    const confirmation = await click(app, { verb: 'proposal.accept', upgradeId: id, startsAt: free, v: (await app.stores.upgrades.get(id))!.etag }, owner);
    assert.match(cardText(confirmation), /Upgrade booked/);
    const booked = (await app.stores.upgrades.get(id))!.value;
    assert.equal(booked.state, 'ready');
    const window = booked.window!;
    assert.equal(await hasRoom(app, window, 2), false, 'the booking holds a place in the window');

    // A day later the CSA asks to reschedule, and walks away from the picker.
    app.setNow(new Date('2026-11-26T10:00:00Z'));
    const [newPicker, ...others] = await cardsFor(app, `reschedule ${id} Owner on leave`, alexTheCsa);
    assert.equal(others.length, 0, 'only the picker: nothing changed yet');
    assert.match(cardText(newPicker), new RegExp(`${id} stays booked until you send new windows`));
    const offered: string[] = (newPicker!.body as any[]).find((e) => e.id === 'windows').choices.map((c: any) => c.value);
    assert.ok(!offered.includes(window.startsAt), 'the booked window is not offered again');
    const [ticket] = await cardsFor(app, `show ${id}`, alexTheCsa);
    assert.match(cardText(ticket), /State: Ready/);
    const kept = (await app.stores.upgrades.get(id))!.value;
    assert.deepEqual([kept.state, kept.window, kept.proposedWindows], ['ready', window, []], 'abandoning the picker leaves the booking as it was');
    assert.equal(await hasRoom(app, window, 2), false, 'the place in the window is still held');

    // The ticket's Reschedule button does the same: a picker, nothing released.
    const buttonPicker = await click(app, actionData(ticket, 'upgrade.reschedule'), alexTheCsa, { reason: 'Owner on leave' });
    assert.match(cardText(buttonPicker), /stays booked/);
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'ready');

    // Sending nothing is refused and keeps the booking.
    const empty = await app.act(actionData(newPicker, 'proposal.send'), alexTheCsa, { windows: '' });
    assert.match(cardText(empty), /Tick one to three windows/);
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'ready');

    // Sending new windows is when the old one is given up.
    const sent = await click(app, actionData(newPicker, 'proposal.send'), alexTheCsa, { windows: offered.slice(0, 2).join(',') });
    assert.match(cardText(sent), /Sent to Tailspin's owners/);
    const moved = (await app.stores.upgrades.get(id))!.value;
    assert.equal(moved.state, 'proposed');
    assert.equal(moved.window, undefined);
    assert.deepEqual(moved.proposedWindows.map((w) => w.startsAt), offered.slice(0, 2));
    assert.equal(await hasRoom(app, window, 2), true, 'the old window\'s place is released');
    const audit = await app.stores.upgrades.listAudit(id);
    assert.deepEqual(audit.slice(-2).map((a) => a.action), ['proposed', 'rescheduled']);
    assert.equal(audit.at(-1)!.detail, 'Owner on leave');
    await arrives(app.teams, 'the new proposal in the owner\'s chat', (r) => r.conversationId === personalChatOf(owner) && actionsWithVerb(cardsOf(r.activity)[0], 'proposal.accept').some((a) => a.data.startsAt === offered[0]));
  });
});

describe('an upgrade start before its window', function () {
  this.timeout(60_000);
  const now = new Date('2026-11-25T10:00:00Z');
  const window = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };
  const windowText = /Tue 8 Dec 2026 13:00-19:00 GMT-5 \(Tue 8 Dec 2026 18:00-24:00 UTC\)/;
  const channel = '19:wingtip-general@thread.tacv2';
  let app: AppHarness;
  let key: string;
  before(async () => {
    app = await startAppHarness({ now });
    const { client } = await addClient(app.stores, 'wingtip', { owners: 1, timeZone: 'America/New_York' });
    await app.installInTeam(client.tenantId, channel, 'Wingtip Toys');
    key = (await issueAutomationKey(app.keys, { scope: { kind: 'client', clientId: 'wingtip' }, now })).key;
  });
  after(async () => app?.close());

  const ready = () => addUpgrade(app.stores, 'wingtip', { state: 'ready', window });
  const state = async (id: string) => (await app.stores.upgrades.get(id))!.value.state;
  const post = (id: string, body: unknown) =>
    fetch(`${app.server.url}/api/upgrades/${id}/events`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });

  it('13 days early is refused, by chat, the ticket button and the API, naming the window in the client zone and UTC', async () => {
    app.setNow(now);
    const id = await ready();
    const [reply] = await cardsFor(app, `event ${id} start`, meganTheEngineer);
    assert.match(cardText(reply), /cannot start yet/);
    assert.match(cardText(reply), windowText);
    assert.match(cardText(reply), /13 days from now/);
    assert.match(cardText(reply), new RegExp(`reschedule ${id}`));
    assert.equal(actionsWithVerb(reply, 'upgrade.event').length, 0, 'no way to force it');

    const [ticket] = await cardsFor(app, `show ${id}`, meganTheEngineer);
    const clicked = await click(app, actionData(ticket, 'upgrade.event', { communication: 'upgrade_start' }), meganTheEngineer, { earlyStartReason: 'We are ready' });
    assert.match(cardText(clicked), /cannot start yet/);
    assert.match(cardText(clicked), windowText);

    const res = await post(id, { event: 'start', reason: 'The script runs now' });
    assert.equal(res.status, 409);
    const body = await res.json();
    assert.equal(body.error, 'start_too_early');
    assert.match(body.message, windowText);
    assert.equal(await state(id), 'ready', 'nothing started');
  });

  it('within the day before the window, chat asks to confirm with a reason, which reaches the audit log and the ticket thread', async () => {
    app.setNow(new Date(Date.parse(window.startsAt) - 5 * 3_600_000));
    const id = await ready();
    const [confirm] = await cardsFor(app, `event ${id} start Bridge call open`, meganTheEngineer);
    assert.match(cardText(confirm), new RegExp(`Start ${id} before its window\\?`));
    assert.match(cardText(confirm), windowText);
    assert.match(cardText(confirm), /5 h from now/);
    assert.equal(await state(id), 'ready', 'asking changes nothing');

    const started = await click(app, actionData(confirm, 'upgrade.event', { communication: 'upgrade_start' }), meganTheEngineer, {
      earlyStartReason: 'Wingtip\'s IT team asked to begin early', note: 'Bridge call open',
    });
    assert.match(cardText(started), /In progress/);
    assert.equal(await state(id), 'in_progress');
    const audit = await app.stores.upgrades.listAudit(id);
    const early = audit.find((a) => a.action === 'early_start')!;
    assert.match(early.detail, /Started 5 h before the window .*: Wingtip's IT team asked to begin early/);
    assert.equal(early.actor.name, 'Megan Bowen');
    await arrives(app.teams, 'the start in the ticket thread, with the reason', (r) =>
      r.conversationId.startsWith(channel) && /Upgrade start/.test(textOf(r)) && /Early start, 5 h before the window: Wingtip's IT team asked to begin early/.test(textOf(r)));
  });

  it('within the day, the ticket\'s start button asks the same, and a start without a reason is not taken', async () => {
    app.setNow(new Date(Date.parse(window.startsAt) - 2 * 3_600_000));
    const id = await ready();
    const [ticket] = await cardsFor(app, `show ${id}`, meganTheEngineer);
    const confirm = await click(app, actionData(ticket, 'upgrade.event', { communication: 'upgrade_start' }), meganTheEngineer);
    assert.match(cardText(confirm), /confirm the early start with a reason/);
    const blank = await click(app, actionData(confirm, 'upgrade.event'), meganTheEngineer, { earlyStartReason: '  ' });
    assert.match(cardText(blank), /before its window\?/, 'asked again');
    assert.equal(await state(id), 'ready');
    await click(app, actionData(confirm, 'upgrade.event'), meganTheEngineer, { earlyStartReason: 'Change freeze at the client starts at 17:00' });
    assert.equal(await state(id), 'in_progress');
  });

  it('within the day, the API needs "reason" (409 without it) and records it', async () => {
    app.setNow(new Date(Date.parse(window.startsAt) - 30 * 60_000));
    const id = await ready();
    const unconfirmed = await post(id, { event: 'start' });
    assert.equal(unconfirmed.status, 409);
    const refusal = await unconfirmed.json();
    assert.equal(refusal.error, 'early_start_needs_reason');
    assert.match(refusal.message, windowText);
    assert.equal(await state(id), 'ready');

    const res = await post(id, { event: 'start', reason: 'Pipeline slot moved up' });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).state, 'in_progress');
    const audit = await app.stores.upgrades.listAudit(id);
    assert.match(audit.find((a) => a.action === 'early_start')!.detail, /30 min before the window .*: Pipeline slot moved up/);
  });

  it('once the window has opened, a start needs no confirmation', async () => {
    app.setNow(new Date(Date.parse(window.startsAt) + 60_000));
    const id = await ready();
    const [ticket] = await cardsFor(app, `event ${id} start`, meganTheEngineer);
    assert.match(cardText(ticket), /In progress/);
  });
});

describe('accepting a window: one booking confirmation, with the readiness card', function () {
  this.timeout(60_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  const slot = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };
  const isConfirmation = (r: { activity: Record<string, any> }, id: string) => cardsOf(r.activity).some((c) => cardText(c).includes(`Upgrade booked: ${id}`));
  const isReadiness = (r: { activity: Record<string, any> }, id: string) =>
    cardsOf(r.activity).some((c) => actionsWithVerb(c, 'prerequisites.save').some((a) => a.data.upgradeId === id));

  it('the owner who accepts sees the confirmation once, in place; every owner gets the readiness card of a major with it', async () => {
    const { owners } = await addClient(app.stores, 'lucerne', { owners: 2 });
    const [accepting, other] = owners as [TeamsUser, TeamsUser];
    for (const who of [accepting, other, alexTheCsa]) await app.say('help', who);
    const id = await addUpgrade(app.stores, 'lucerne', { fromVersion: '4.3', toVersion: '5.0', proposedWindows: [slot] });

    const answer = await click(app, { verb: 'proposal.accept', upgradeId: id, startsAt: slot.startsAt, v: (await app.stores.upgrades.get(id))!.etag }, accepting);
    assert.match(cardText(answer), new RegExp(`Upgrade booked: ${id}`));
    assert.equal((await app.stores.upgrades.get(id))!.value.state, 'booked');

    await arrives(app.teams, 'the readiness card for the owner who accepted, without typing show', (r) => r.conversationId === personalChatOf(accepting) && isReadiness(r, id));
    await arrives(app.teams, 'the confirmation for the other owner', (r) => r.conversationId === personalChatOf(other) && isConfirmation(r, id));
    await arrives(app.teams, 'the readiness card for the other owner', (r) => r.conversationId === personalChatOf(other) && isReadiness(r, id));
    await arrives(app.teams, 'the confirmation for the CSA', (r) => r.conversationId === personalChatOf(alexTheCsa) && isConfirmation(r, id));
    await arrives(app.teams, 'the internal-comms template for the owner who accepted', (r) => r.conversationId === personalChatOf(accepting) && /Tell your staff/.test(textOf(r)));
    // The owners' confirmation is one notice to every owner's chat: let any straggler arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const inChat = app.teams.received(personalChatOf(accepting));
    assert.equal(inChat.filter((r) => isConfirmation(r, id)).length, 0, 'the confirmation is not sent again to the chat where it was the answer');
    assert.equal(inChat.filter((r) => isReadiness(r, id)).length, 1, 'one readiness card');
  });
});
