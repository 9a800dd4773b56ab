import assert from 'node:assert/strict';
import { demoTenants } from '../../bot/dev/demo-data';
import { issueAutomationKey } from '../../bot/src/api/automation-keys';
import { adeleTheReleaseManager, alexTheCsa, pattiContosoOwner, personalChatOf, startAppHarness, strangerInContoso, type AppHarness } from '../support/app-harness';
import { assertValidCard, cardsOf } from '../support/card-validation';
import { actionData, cardText } from '../support/card-query';
import type { ReceivedActivity } from '../support/teams-standin';
import { arrives as arrivesAt, textOf } from '../support/arrivals';

const contosoChannel = '19:contoso-general@thread.tacv2';
const fabrikamChannel = '19:fabrikam-general@thread.tacv2';

describe('releases and the townhall, from the release manager\'s form to every client', function () {
  this.timeout(60_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
    await app.installInTeam(demoTenants.contoso, contosoChannel, 'Contoso Intranet');
    await app.installInTeam(demoTenants.fabrikam, fabrikamChannel, 'Fabrikam Hub');
    for (const person of [adeleTheReleaseManager, alexTheCsa, strangerInContoso, pattiContosoOwner]) await app.say('help', person);
  });
  after(async () => app?.close());

  const text = textOf;
  const arrives = (what: string, predicate: (r: ReceivedActivity) => boolean) => arrivesAt(app.teams, what, predicate);

  it('a release manager publishes from the form; bad fields come back named; every client channel gets the townhall', async () => {
    const [form] = (await app.say('publish release', adeleTheReleaseManager)).flatMap((r) => cardsOf(r.activity));
    assertValidCard(form);
    const publish = actionData(form, 'release.publish');
    const bad = await app.act(publish, adeleTheReleaseManager, { version: '5.2', kind: 'major', availableOn: '2027-05-03', highlights: 'Retention labels', recordingUrl: 'http://insecure.example' });
    assertValidCard(bad);
    assert.match(cardText(bad), /prerequisite/i);
    assert.match(cardText(bad), /https/i);
    assert.equal(await app.stores.releases.get('5.2'), undefined, 'nothing saved');

    const done = await app.act(publish, adeleTheReleaseManager, {
      version: '5.2', kind: 'major', availableOn: '2027-05-03', highlights: 'Retention labels\nFaster hubs', roadmap: '5.3: Viva integration',
      prerequisites: 'Grant Sites.Selected', runbook: 'Run Upgrade.ps1 -Stage Permissions | Global Administrator | 20',
      recordingUrl: 'https://video.example.com/5-2', deckUrl: 'https://files.example.com/5-2.pptx', contentFreezeAdvised: 'default',
    });
    assertValidCard(done);
    assert.match(cardText(done), /Release 5.2 published/);
    // Dates and kinds read as everywhere else, with proper plurals.
    assert.match(cardText(done), /on its way to 2 client channels\./);
    assert.match(cardText(done), /Release: Major release\nAvailable: Mon 3 May 2027/);
    assert.doesNotMatch(cardText(done), /\(s\)|2027-05-03|Kind/);
    assert.equal((await app.stores.releases.get('5.2'))!.contentFreezeAdvised, true);
    for (const channel of [contosoChannel, fabrikamChannel]) {
      const townhall = await arrives(`the townhall in ${channel}`, (r) => r.conversationId === channel && /5\.2/.test(text(r)));
      assert.match(text(townhall), /Retention labels/);
    }
  });

  it('reports where the townhall went: per notice from the API (vendor key) and the deliveries command', async () => {
    const vendorKey = (await issueAutomationKey(app.keys, { scope: { kind: 'vendor' }, now: new Date() })).key;
    const clientKey = (await issueAutomationKey(app.keys, { scope: { kind: 'client', clientId: 'contoso' }, now: new Date() })).key;
    const get = (key: string) => fetch(`${app.server.url}/api/notices/townhall:5.2/deliveries`, { headers: { authorization: `Bearer ${key}` } });
    let report: { sent: number; pending: number; failed: number; deliveries: { conversationId: string; state: string }[] } | undefined;
    for (let i = 0; i < 100 && report?.sent !== 2; i++) {
      const res = await get(vendorKey);
      assert.equal(res.status, 200);
      report = await res.json();
      if (report!.sent !== 2) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(report!.failed, 0);
    assert.deepEqual(report!.deliveries.map((d) => d.conversationId).sort(), [contosoChannel, fabrikamChannel].sort());
    assert.equal((await get(clientKey)).status, 403);
    const [card] = (await app.say('deliveries townhall:5.2', alexTheCsa)).flatMap((r) => cardsOf(r.activity));
    assertValidCard(card);
    assert.match(cardText(card), /Sent: 2\nPending: 0\nFailed: 0/);
    const [refused] = (await app.say('deliveries townhall:5.2', pattiContosoOwner)).flatMap((r) => cardsOf(r.activity));
    assert.match(cardText(refused), /for vendor staff/);
  });

  it('a question reaches the release manager, whose answer goes back to the asker', async () => {
    const townhall = await arrives('the townhall', (r) => r.conversationId === contosoChannel && /5\.2/.test(text(r)));
    const sent = await app.act(actionData(cardsOf(townhall.activity)[0], 'townhall.question'), strangerInContoso, { question: 'Will ConneX need re-consent?' });
    assert.match(cardText(sent), /Question sent/);
    const question = await arrives('the question for Adele', (r) => r.conversationId === personalChatOf(adeleTheReleaseManager) && /re-consent/.test(text(r)));
    const answered = await app.act(actionData(cardsOf(question.activity)[0], 'townhall.answer'), adeleTheReleaseManager, { answer: 'No, it keeps its consent.' });
    assert.match(cardText(answered), /keeps its consent/);
    await arrives('the answer for the asker', (r) => r.conversationId === personalChatOf(strangerInContoso) && /keeps its consent/.test(text(r)));
  });

  it('showcase and planning requests reach the CSA as ticket entries; planning is for owners only', async () => {
    const townhall = await arrives('the townhall', (r) => r.conversationId === contosoChannel && /5\.2/.test(text(r)));
    const card = cardsOf(townhall.activity)[0];
    const showcase = await app.act(actionData(card, 'townhall.showcase'), strangerInContoso);
    const ticket = /REQ-[A-Z0-9-]+/.exec(cardText(showcase))![0];
    await arrives('the showcase request for Alex', (r) => r.conversationId === personalChatOf(alexTheCsa) && text(r).includes(ticket));
    // A refusal on the townhall in the channel leaves the card as it is for everyone: an invoke error.
    const refused = await app.answer(actionData(card, 'townhall.plan'), strangerInContoso, {}, { conversationId: contosoChannel, conversationType: 'channel' });
    assert.deepEqual([refused.statusCode, refused.type], [403, 'application/vnd.microsoft.error']);
    assert.match(refused.value.message, /Only Contoso's owners can start planning/);
    const plan = await app.act(actionData(card, 'townhall.plan'), pattiContosoOwner);
    const planTicket = /REQ-[A-Z0-9-]+/.exec(cardText(plan))![0];
    const request = await arrives('the planning request for Alex', (r) => r.conversationId === personalChatOf(alexTheCsa) && text(r).includes(planTicket));
    assert.match(text(request), /book contoso 5\.2/);
  });
});
