import assert from 'node:assert/strict';
import { scheduleLinkFor } from '../../bot/src/teams/schedule-link';
import {
  alexTheCsa,
  isaiahFabrikamOwner,
  pattiContosoOwner,
  startAppHarness,
  strangerInContoso,
  type AppHarness,
  type TeamsUser,
} from '../support/app-harness';
import { assertValidCard, cardsOf } from '../support/card-validation';

/** Someone in a tenant that is neither the vendor's nor a client's. */
const outsider: TeamsUser = { tenantId: '99999999-9999-9999-9999-999999999999', aadObjectId: '99999999-0000-0000-0000-000000000001', name: 'Debra Berger' };

interface Answer {
  status: number;
  body: any;
}

/** The results Teams lists: each a read-only ticket card with a thumbnail preview. */
function resultsOf(answer: Answer): { id: string; title: string; text: string; card: any }[] {
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const result = answer.body.composeExtension;
  assert.equal(result.type, 'result', JSON.stringify(result));
  assert.equal(result.attachmentLayout, 'list');
  return result.attachments.map((a: any) => {
    assert.equal(a.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(a.preview.contentType, 'application/vnd.microsoft.card.thumbnail');
    const { title, text } = a.preview.content;
    return { id: String(title).split(' · ')[0], title, text, card: a.content };
  });
}

const idsOf = (answer: Answer) => resultsOf(answer).map((r) => r.id);

/** The sentence Teams shows in the results pane instead of results. */
function messageOf(answer: Answer): string {
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.composeExtension.type, 'message', JSON.stringify(answer.body));
  assert.equal(answer.body.composeExtension.attachments, undefined);
  return answer.body.composeExtension.text;
}

const actionsOf = (card: any): any[] => JSON.stringify(card).match(/"type":"Action\.[A-Za-z]+"/g) ?? [];

describe('message extension: searching upgrades and unfurling links from any compose box', function () {
  this.timeout(30_000);
  let app: AppHarness;
  before(async () => {
    app = await startAppHarness();
  });
  after(async () => app?.close());

  const search = (text: string, as: TeamsUser, options: Record<string, unknown> = {}) =>
    app.composeExtension(
      'composeExtension/query',
      { commandId: 'searchUpgrades', parameters: [{ name: 'query', value: text }], queryOptions: { skip: 0, count: 25 }, ...options },
      as,
    );
  const opening = (as: TeamsUser) =>
    app.composeExtension('composeExtension/query', { commandId: 'searchUpgrades', parameters: [{ name: 'initialRun', value: 'true' }], queryOptions: { skip: 0, count: 25 } }, as);
  const unfurl = (url: string, as: TeamsUser) => app.composeExtension('composeExtension/queryLink', { url }, as);

  it('a search by client lists that client\'s upgrades, each previewed with change id, client, version, state and window', async () => {
    const [only, ...rest] = resultsOf(await search('contoso', alexTheCsa));
    assert.equal(rest.length, 0);
    assert.equal(only!.title, 'CHG-2026-0001 · Contoso → 5.0');
    // Booked for Friday 4 December 18:00 London time (the demo books the first window after the lead time).
    assert.match(only!.text, /^Booked · Fri 4 Dec 2026 18:00-24:00 GMT/);
    assert.match(JSON.stringify(only!.card), /CHG-2026-0001: Contoso 4\.3 → 5\.0/);
  });

  it('a search by change id finds that upgrade, in full or by its number', async () => {
    assert.deepEqual(idsOf(await search('CHG-2026-0002', alexTheCsa)), ['CHG-2026-0002']);
    assert.deepEqual(idsOf(await search('chg-2', alexTheCsa)), ['CHG-2026-0002']);
    const [fabrikam] = resultsOf(await search('CHG-2026-0002', alexTheCsa));
    assert.equal(fabrikam!.title, 'CHG-2026-0002 · Fabrikam → 5.0');
    assert.match(fabrikam!.text, /^Windows proposed · 3 windows proposed, none agreed yet$/);
  });

  it('a search by release version lists the upgrades to it, open ones first; words narrow it further', async () => {
    assert.deepEqual(idsOf(await search('5.0', alexTheCsa)), ['CHG-2026-0001', 'CHG-2026-0002', 'CHG-2026-0003']);
    assert.deepEqual(idsOf(await search('5.1', alexTheCsa)), ['CHG-2026-0004']);
    assert.deepEqual(idsOf(await search('northwind 5.0', alexTheCsa)), ['CHG-2026-0003']);
    assert.match(messageOf(await search('4.4', alexTheCsa)), /No upgrade you can see matches "4\.4"/);
  });

  it('pages through results as Teams asks for them', async () => {
    assert.deepEqual(idsOf(await search('5.0', alexTheCsa, { queryOptions: { skip: 1, count: 1 } })), ['CHG-2026-0002']);
    assert.deepEqual(idsOf(await search('5.0', alexTheCsa, { queryOptions: { skip: 25, count: 25 } })), []);
  });

  it('opening the search lists the caller\'s upcoming upgrades, not the finished ones', async () => {
    const upcoming = idsOf(await opening(alexTheCsa));
    // The booked one first; the completed Northwind upgrade to 5.0 is left out.
    assert.equal(upcoming[0], 'CHG-2026-0001');
    assert.deepEqual([...upcoming].sort(), ['CHG-2026-0001', 'CHG-2026-0002', 'CHG-2026-0004']);
    assert.deepEqual(idsOf(await search('', pattiContosoOwner)), ['CHG-2026-0001']);
  });

  it('inserts the read-only ticket card: valid, no button that acts, and "Open in schedule"', async () => {
    const [shown] = await app.say('show CHG-2026-0001', alexTheCsa, { expectReplies: 1 });
    const showCard = cardsOf(shown!.activity)[0];
    // The CSA's own ticket card offers Reschedule (an Action.Execute inside): the shared one must not.
    assert.match(JSON.stringify(showCard), /Action\.Execute/);
    const [inserted] = resultsOf(await search('CHG-2026-0001', alexTheCsa));
    assertValidCard(inserted!.card);
    assert.doesNotMatch(JSON.stringify(inserted!.card), /Action\.Execute|Action\.ShowCard|Input\./);
    assert.equal(inserted!.card.refresh, undefined);
    assert.deepEqual(actionsOf(inserted!.card), ['"type":"Action.OpenUrl"']);
    const open = inserted!.card.actions[0];
    assert.equal(open.title, 'Open in schedule');
    assert.equal(open.url, `${app.server.url}/tab?upgrade=CHG-2026-0001`);
  });

  it('works from a channel\'s compose box, and as the Agents Playground sends it (no command id or parameter name)', async () => {
    const channel = { conversationId: '19:general@thread.tacv2', conversationType: 'channel' as const };
    const inChannel = await app.composeExtension(
      'composeExtension/query', { commandId: 'searchUpgrades', parameters: [{ name: 'query', value: 'fabrikam' }] }, alexTheCsa, channel,
    );
    assert.deepEqual(idsOf(inChannel), ['CHG-2026-0002']);
    const playground = await app.composeExtension('composeExtension/query', { parameters: [{ value: 'contoso' }], queryOptions: { skip: 0, count: 25 } }, alexTheCsa);
    assert.deepEqual(idsOf(playground), ['CHG-2026-0001']);
  });

  it('a Contoso owner never finds Fabrikam\'s upgrades, by name, change id or version', async () => {
    assert.match(messageOf(await search('fabrikam', pattiContosoOwner)), /No upgrade you can see matches "fabrikam"/);
    const byId = messageOf(await search('CHG-2026-0002', pattiContosoOwner));
    const missing = messageOf(await search('CHG-2026-0999', pattiContosoOwner));
    // Another client's upgrade reads exactly as one that does not exist.
    assert.equal(byId.replace('CHG-2026-0002', 'X'), missing.replace('CHG-2026-0999', 'X'));
    assert.deepEqual(idsOf(await search('5.0', pattiContosoOwner)), ['CHG-2026-0001']);
    assert.deepEqual(idsOf(await search('5.0', isaiahFabrikamOwner)), ['CHG-2026-0002']);
    // Someone else in Contoso's tenant sees Contoso's upgrades, as with the upgrades command.
    assert.deepEqual(idsOf(await search('5.0', strangerInContoso)), ['CHG-2026-0001']);
  });

  it('someone Upgrade Desk does not know gets no upgrades, and is told why', async () => {
    for (const answer of [await search('contoso', outsider), await opening(outsider), await search('CHG-2026-0001', outsider)])
      assert.match(messageOf(answer), /does not recognise you or your organisation/);
    const unfurled = resultsOf(await unfurl(`${app.server.url}/tab?upgrade=CHG-2026-0001`, outsider));
    assert.deepEqual(unfurled, []);
  });

  it('unfurls each form of link to an upgrade in the Schedule tab into its read-only ticket card', async () => {
    const deepLink = scheduleLinkFor({ teamsAppId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', baseUrl: () => undefined })('CHG-2026-0001')!;
    assert.match(deepLink, /^https:\/\/teams\.microsoft\.com\/l\/entity\/.+\/schedule\?context=%7B/);
    const links = [`${app.server.url}/tab?upgrade=CHG-2026-0001`, `${app.server.url}/tab/schedule?upgrade=CHG-2026-0001`, deepLink];
    for (const link of links) {
      const answer = await unfurl(link, pattiContosoOwner);
      const [card, ...rest] = resultsOf(answer);
      assert.equal(rest.length, 0, link);
      assert.equal(card!.title, 'CHG-2026-0001 · Contoso → 5.0', link);
      assertValidCard(card!.card);
      assert.equal(card!.card.version, '1.3', 'Teams renders Adaptive Cards up to 1.3 in an unfurling');
      assert.doesNotMatch(JSON.stringify(card!.card), /Action\.Execute/, link);
      assert.equal(answer.body.cacheInfo?.cacheType, 'no-cache');
    }
  });

  it('a link to an upgrade the person may not see unfurls into nothing, exactly as one that does not exist', async () => {
    const fabrikams = await unfurl(`${app.server.url}/tab?upgrade=CHG-2026-0002`, pattiContosoOwner);
    const missing = await unfurl(`${app.server.url}/tab?upgrade=CHG-2026-0999`, pattiContosoOwner);
    assert.deepEqual(resultsOf(fabrikams), []);
    assert.deepEqual(fabrikams.body, missing.body);
    // The same link unfurls for Fabrikam's owner.
    assert.deepEqual(idsOf(await unfurl(`${app.server.url}/tab?upgrade=CHG-2026-0002`, isaiahFabrikamOwner)), ['CHG-2026-0002']);
    // A link on the same host that is not an upgrade unfurls into nothing too.
    assert.deepEqual(resultsOf(await unfurl(`${app.server.url}/tab`, alexTheCsa)), []);
    assert.deepEqual(resultsOf(await unfurl(`${app.server.url}/tab?upgrade=not-a-change-id`, alexTheCsa)), []);
  });

  it('a malformed invoke is a 400 naming the field; a search it cannot answer is a message; never a 500', async () => {
    for (const [name, value, field] of [
      ['composeExtension/queryLink', {}, 'value.url'],
      ['composeExtension/queryLink', { url: 42 }, 'value.url'],
      ['composeExtension/query', { commandId: 'searchUpgrades', parameters: 'contoso' }, 'value.parameters'],
      ['composeExtension/query', { commandId: 'searchUpgrades', parameters: [{ name: 'query', value: 'x' }], queryOptions: { skip: -1 } }, 'value.queryOptions.skip'],
    ] as const) {
      const answer = await app.composeExtension(name, value, alexTheCsa);
      assert.equal(answer.status, 400, JSON.stringify(value));
      assert.equal(answer.body.error, 'invalid_activity');
      assert.ok(answer.body.fields.some((f: { field: string }) => f.field === field), JSON.stringify(answer.body));
    }
    assert.match(messageOf(await app.composeExtension('composeExtension/query', { commandId: 'searchUpgrades' }, alexTheCsa)), /Type what to look for/);
    assert.match(messageOf(await search('contoso '.repeat(40), alexTheCsa)), /keep it to 100/);
    assert.match(messageOf(await search('contoso', alexTheCsa, { commandId: 'bookUpgrade' })), /no search called "bookUpgrade"/);
  });
});
