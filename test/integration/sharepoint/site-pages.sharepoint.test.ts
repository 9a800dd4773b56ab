import assert from 'node:assert/strict';
import { pageTexts } from '../../../bot/dev/sharepoint-standin';
import { freezePostPageName, releaseArticlePageName } from '../../../bot/src/usecases/intranet-ports';
import { article, bearer, freezePost, sharePointWorld, type SharePointWorld } from './fixture';

describe('SharePoint: release articles and freeze news posts as modern pages (@pnp/sp against the stand-in)', function () {
  let world: SharePointWorld;
  const pages = () => world.standin.state.pages(world.sitePath);
  const page = (name: string) => world.standin.state.page(world.sitePath, name);
  const writes = () => world.calls().filter((c) => /^POST /.test(c) && !/EnsureClientRenderedSitePagesLibrary/.test(c));

  beforeEach(async () => {
    world = await sharePointWorld();
  });
  afterEach(async () => {
    await world.standin.close();
  });

  it('publishes a release article: the page is looked up by path, created, named, saved with its HTML and published', async () => {
    await world.publisher.publishReleaseArticle(world.site, article());

    const calls = world.calls();
    assert.equal(calls[0], "GET web/getFileByServerRelativePath(decodedUrl='/sites/intranet/SitePages/release-4-4.aspx')/listItemAllFields");
    assert.equal(world.standin.requests[0]!.status, 404);
    assert.deepEqual(writes(), ['POST sitepages/pages', 'POST sitepages/pages(1)/savepage', 'POST sitepages/pages(1)/savepage', 'POST sitepages/pages(1)/publish']);
    const create = world.standin.requests.find((r) => r.path.endsWith('/_api/sitepages/pages'))!;
    assert.deepEqual(create.json, { PageLayoutType: 'Article', PromotedState: 0 });
    const naming = world.standin.requests.find((r) => r.path.endsWith('/savepage'))!;
    assert.equal((naming.json as any).Title, 'release-4-4', 'the first save names the file after the page name');
    for (const r of world.standin.requests) assert.equal(r.headers.authorization, bearer);

    const saved = page(releaseArticlePageName('4.4'))!;
    assert.ok(saved, 'the page is release-4-4.aspx');
    assert.equal(saved.Title, 'Release 4.4');
    assert.equal(saved.Description, 'Available from Tue 1 Dec 2026');
    assert.equal(saved.PromotedState, 0);
    assert.equal(saved.checkedOut, false);
    assert.equal(`${saved.major}.${saved.minor}`, '1.0');
    const [html] = pageTexts(saved);
    assert.match(html!, /<h2>Highlights<\/h2><ul><li>Faster search in ConneX<\/li><\/ul>/);
    assert.match(html!, /<ol><li>Announce the freeze<\/li><li>Run the upgrade<\/li><\/ol>/);
    assert.match(html!, /<a href="https:\/\/stream\.example\.com\/townhall-4-4">Townhall recording<\/a>/);
  });

  it('re-publishing the article updates the same page (checkout, savepage, publish): one page, not two', async () => {
    await world.publisher.publishReleaseArticle(world.site, article());
    world.forget();
    await world.publisher.publishReleaseArticle(world.site, article({ highlights: ['Faster search in ConneX', 'Dark mode'] }));

    assert.deepEqual(writes(), ['POST sitepages/pages(1)/checkoutpage', 'POST sitepages/pages(1)/savepage', 'POST sitepages/pages(1)/publish']);
    assert.equal(pages().length, 1);
    const saved = page('release-4-4.aspx')!;
    assert.equal(saved.publishCount, 2);
    assert.equal(`${saved.major}.${saved.minor}`, '2.0');
    assert.match(pageTexts(saved)[0]!, /<li>Dark mode<\/li>/);
    assert.equal(pageTexts(saved).length, 1, 'the content is replaced, not appended');
  });

  it('re-publishing the same article writes nothing', async () => {
    await world.publisher.publishReleaseArticle(world.site, article());
    world.forget();
    await world.publisher.publishReleaseArticle(world.site, article());
    assert.deepEqual(writes(), []);
    assert.equal(page('release-4-4.aspx')!.publishCount, 1);
  });

  it('escapes what people wrote: a <script> highlight is text, a javascript: link is no link', async () => {
    await world.publisher.publishReleaseArticle(world.site, article({ highlights: ['<script>alert("x")</script> & <b>more</b>'], deckUrl: 'javascript:alert(1)' }));
    const html = pageTexts(page('release-4-4.aspx')!)[0]!;
    assert.ok(!html.includes('<script>'), html);
    assert.match(html, /<li>&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &lt;b&gt;more&lt;\/b&gt;<\/li>/);
    assert.ok(!/href="javascript:/i.test(html), html);
  });

  it('a freeze post is promoted as a news post, updated in place, then lifted', async () => {
    await world.publisher.publishFreezePost(world.site, freezePost());
    const name = freezePostPageName('CHG-1');
    const create = world.standin.requests.find((r) => r.path.endsWith('/_api/sitepages/pages'))!;
    assert.equal((create.json as any).PromotedState, 1, 'promoted on publish');
    let post = page(name)!;
    assert.equal(post.PromotedState, 2, 'a news post once published');
    assert.equal(post.Title, 'Content freeze on Tue 8 Dec 2026');
    let html = pageTexts(post)[0]!;
    assert.match(html, /<p><strong>When:<\/strong> Tue 8 Dec 2026, 18:00-00:00 \(Europe\/London\)<\/p>/);
    assert.match(html, /<p>Please do not edit intranet pages during the upgrade\.<\/p><p>Changes made then may be lost\.<\/p>/);
    assert.match(html, /<h2>While the upgrade runs<\/h2><ul><li>ConneX and Add It may be offline for 10-20 minutes<\/li><\/ul>/);
    assert.ok(!/lifted/.test(html));

    await world.publisher.publishFreezePost(world.site, freezePost({ when: 'Wed 9 Dec 2026, 18:00-00:00 (Europe/London)', title: 'Content freeze on Wed 9 Dec 2026' }));
    post = page(name)!;
    assert.equal(pages().length, 1);
    assert.equal(post.Title, 'Content freeze on Wed 9 Dec 2026');
    assert.match(pageTexts(post)[0]!, /Wed 9 Dec 2026/);

    world.forget();
    await world.publisher.publishFreezePost(world.site, freezePost({ title: 'Content freeze lifted', lifted: true }));
    post = page(name)!;
    assert.equal(pages().length, 1);
    assert.equal(post.Title, 'Content freeze lifted');
    assert.equal(post.PromotedState, 2);
    assert.equal(post.publishCount, 3);
    html = pageTexts(post)[0]!;
    assert.match(html, /^<blockquote><p><strong>The content freeze is lifted: you can edit the intranet again\.<\/strong><\/p><\/blockquote>/);
    assert.ok(!writes().some((c) => /promoteToNews/i.test(c)), 'already a news post');
  });

  it('a lifted freeze that was never posted is not posted', async () => {
    await world.publisher.publishFreezePost(world.site, freezePost({ title: 'Content freeze lifted', lifted: true, when: undefined }));
    assert.deepEqual(writes(), []);
    assert.equal(pages().length, 0);
  });

  it('an existing page of that name that is not news is promoted (promoteToNews)', async () => {
    const site = world.standin.state.addSite(world.sitePath);
    const existing = world.standin.state.addPage(site, 'Article', 0);
    Object.assign(existing, { FileName: freezePostPageName('CHG-1'), named: true, Title: 'Old', checkedOut: false, major: 1, minor: 0 });

    await world.publisher.publishFreezePost(world.site, freezePost());

    assert.deepEqual(writes(), [`POST sitepages/pages(${existing.Id})/checkoutpage`, `POST sitepages/pages(${existing.Id})/savepage`, `POST sitepages/pages(${existing.Id})/publish`, `POST sitepages/pages(${existing.Id})/promoteToNews`]);
    assert.equal(pages().length, 1);
    assert.equal(existing.PromotedState, 2);
    assert.equal(existing.Title, 'Content freeze on Tue 8 Dec 2026');
  });

  it('a publish that failed after the save is completed by the next attempt, on the same page', async () => {
    await world.publisher.publishReleaseArticle(world.site, article());
    world.standin.failNext({ match: (r) => r.path.endsWith('/publish'), status: 503 });
    await assert.rejects(world.publisher.publishReleaseArticle(world.site, article({ title: 'Release 4.4 (updated)' })), { name: 'IntranetError', status: 503 });
    assert.equal(page('release-4-4.aspx')!.checkedOut, true);
    world.forget();

    await world.publisher.publishReleaseArticle(world.site, article({ title: 'Release 4.4 (updated)' }));

    assert.deepEqual(writes(), ['POST sitepages/pages(1)/savepage', 'POST sitepages/pages(1)/publish'], 'still checked out: no second checkout');
    const saved = page('release-4-4.aspx')!;
    assert.equal(pages().length, 1);
    assert.equal(saved.checkedOut, false);
    assert.equal(saved.Title, 'Release 4.4 (updated)');
  });
});
