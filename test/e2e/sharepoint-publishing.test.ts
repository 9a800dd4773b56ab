import assert from 'node:assert/strict';
import { startSharePointStandin, pageTexts, type SharePointStandin } from '../../bot/dev/sharepoint-standin';
import { upgradeCalendarTitle } from '../../bot/src/sharepoint/upgrade-calendar';
import { alexTheCsa, pattiContosoOwner, startAppHarness, strangerInContoso, type AppHarness, type TeamsUser } from '../support/app-harness';
import { cardText } from '../support/card-query';
import { assertValidCard, cardsOf } from '../support/card-validation';
import { addClient, addUpgrade } from '../support/fixtures';
import { aKey, aMajorBody, postRelease } from '../integration/api/api-client';

const booked = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutInMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SharePoint publishing, from chat to the client\'s intranet (stand-in SharePoint over HTTP)', function () {
  this.timeout(60_000);
  let sharepoint: SharePointStandin;
  let app: AppHarness;
  let owner: TeamsUser;
  let changeId: string;
  let site: string;

  before(async () => {
    sharepoint = await startSharePointStandin();
    app = await startAppHarness({ env: { SHAREPOINT_DEV: 'true', SHAREPOINT_RELEASE_NOTES_SITE: sharepoint.siteUrl('/sites/releases') } });
    const tailspin = await addClient(app.stores, 'tailspin');
    owner = tailspin.owners[0]!;
    changeId = await addUpgrade(app.stores, 'tailspin', { toVersion: '5.0', state: 'booked', window: booked });
    site = sharepoint.siteUrl('/sites/tailspin');
  });
  after(async () => {
    await app?.close();
    await sharepoint?.close();
  });

  const card = async (text: string, as: TeamsUser) => {
    const [reply] = (await app.say(text, as)).flatMap((r) => cardsOf(r.activity));
    assertValidCard(reply);
    return cardText(reply);
  };
  const calendarItem = () => sharepoint.state.site('/sites/tailspin')?.lists.find((l) => l.Title === upgradeCalendarTitle)?.items.find((i) => i.values.ChangeId === changeId);
  const freezePost = () => sharepoint.state.site('/sites/tailspin')?.pages.find((p) => p.named && /content-freeze/.test(p.FileName));

  it('is off until an owner turns it on; a bad site URL is refused and changes nothing', async () => {
    assert.match(await card('sharepoint', owner), /Publishing\s*Off/);
    assert.match(await card('sharepoint on intranet-please', owner), /not a web address/);
    assert.equal(await app.app.deps.intranet!.settings.get('tailspin'), undefined);
    assert.equal(sharepoint.requests.length, 0, 'nothing reached SharePoint');
  });

  it('a page\'s address is cut back to its site; outside the stand-in only SharePoint Online sites are taken', async () => {
    assert.match(await card('sharepoint on https://intranet.tailspin.example/sites/news', owner), /not a SharePoint Online site/);
    assert.equal(await app.app.deps.intranet!.settings.get('tailspin'), undefined);
  });

  it('a client\'s people who are not its owners do not see the settings (their failures name sites and permissions)', async () => {
    assert.match(await card('sharepoint', strangerInContoso), /vendor's staff and its clients' owners/);
  });

  it('another client\'s owner cannot turn it on for this client', async () => {
    assert.match(await card(`sharepoint tailspin on ${site}`, pattiContosoOwner), /no client called "tailspin"/);
    assert.equal(await app.app.deps.intranet!.settings.get('tailspin'), undefined);
  });

  it('turned on, the open upgrades appear in the client\'s Upgrade calendar and the freeze is posted as news', async () => {
    assert.match(await card(`sharepoint on ${site}/SitePages/Home.aspx`, owner), /SharePoint publishing is on for Tailspin/);
    assert.equal((await app.app.deps.intranet!.settings.get('tailspin'))!.value.siteUrl, site, 'the site, not the page');
    const item = await until('the calendar row', calendarItem);
    assert.equal(item.values.State, 'Booked');
    assert.equal(item.values.Cancelled, false);
    const post = await until('the freeze post, published as news', () => (freezePost()?.PromotedState === 2 ? freezePost() : undefined));
    assert.match(pageTexts(post).join(' '), /do not upload content/);
    for (const r of sharepoint.requests) assert.equal(r.headers.authorization, 'Bearer upgrade-desk-dev-token');
  });

  it('a cancellation updates the same row and lifts the freeze, through SharePoint throttling (Retry-After honoured)', async () => {
    const itemId = calendarItem()!.Id;
    sharepoint.failNext({ match: (r) => r.method === 'POST' && /\/items\(\d+\)$/.test(r.path), status: 429, headers: { 'Retry-After': '1' } });
    const throttledAt = Date.now();
    assert.match(await card(`cancel ${changeId} client asked to wait`, alexTheCsa), /State\s*Cancelled/);
    await until('the row marked cancelled', () => calendarItem()?.values.Cancelled === true);
    assert.ok(Date.now() - throttledAt >= 1_000, 'waited for Retry-After');
    assert.equal(calendarItem()!.Id, itemId, 'updated in place, not added');
    assert.equal(calendarItem()!.values.State, 'Cancelled');
    assert.ok(sharepoint.requests.some((r) => r.status === 429), 'SharePoint did throttle');
    await until('the freeze post lifted', () => pageTexts(freezePost()!).join(' ').match(/cancelled/));
  });

  it('a refusal (403) parks the publication with the site and permission named: in health, in chat, then retried', async () => {
    const second = await addUpgrade(app.stores, 'tailspin', { toVersion: '5.0', state: 'booked', window: { startsAt: '2026-12-11T18:00:00.000Z', endsAt: '2026-12-12T00:00:00.000Z' } });
    sharepoint.failNext({ match: (r) => r.path.includes('/sites/tailspin/'), status: 403 });
    await card(`sharepoint on ${site}`, owner); // asks for every open upgrade again
    const health = await until('the parked job in health', async () => {
      const body = (await (await fetch(`${app.server.url}/api/health`)).json()) as { sharepoint?: { parked: number } };
      return body.sharepoint?.parked === 1 ? body : undefined;
    });
    assert.equal(health.sharepoint!.parked, 1);
    const status = await card('sharepoint tailspin', alexTheCsa);
    assert.match(status, new RegExp(`${second}: parked after 1 attempt`));
    assert.match(status, /Sites\.Selected/);
    assert.match(status, new RegExp(site.replace(/[.:/]/g, '\\$&')));

    assert.match(await card('sharepoint retry', owner), /vendor's staff/, 'owners cannot retry');
    assert.match(await card('sharepoint retry', alexTheCsa), /Trying 1 parked publication again/);
    await until('the retried row', () => sharepoint.state.site('/sites/tailspin')?.lists.find((l) => l.Title === upgradeCalendarTitle)?.items.find((i) => i.values.ChangeId === second));
    await until('an empty backlog', async () => {
      const body = (await (await fetch(`${app.server.url}/api/health`)).json()) as { sharepoint?: { parked: number; waiting: number } };
      return body.sharepoint?.parked === 0 && body.sharepoint.waiting === 0;
    });
  });

  it('a published release gets its article on the release-notes site, and the townhall links to it', async () => {
    const key = await aKey(app, { kind: 'vendor' });
    const body = { ...aMajorBody('6.0'), highlights: ['New workspace engine', '<script>alert(1)</script>'] };
    delete (body as { releaseNotesUrl?: string }).releaseNotesUrl;
    const res = await postRelease(app, body, { key });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    // The page is named at its first save and filled at the next: wait for the content.
    const article = await until('the article with its content', () => sharepoint.state.site('/sites/releases')?.pages.find((p) => p.FileName === 'release-6-0.aspx' && pageTexts(p).length > 0));
    const html = pageTexts(article).join(' ');
    assert.match(html, /New workspace engine/);
    assert.ok(!html.includes('<script>'), 'highlights are escaped');
    assert.equal((await app.stores.releases.get('6.0'))!.releaseNotesUrl, `${sharepoint.siteUrl('/sites/releases')}/SitePages/release-6-0.aspx`);
  });
});
