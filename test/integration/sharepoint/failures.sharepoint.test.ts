import assert from 'node:assert/strict';
import { IntranetError } from '../../../bot/src/usecases/intranet-ports';
import { upgradeCalendarTitle } from '../../../bot/src/sharepoint/upgrade-calendar';
import { devSharePointToken } from '../../../bot/src/sharepoint/sharepoint-tokens';
import { SharePointPublisher } from '../../../bot/src/sharepoint/sharepoint-publisher';
import { article, entry, freezePost, sharePointWorld, type SharePointWorld } from './fixture';

/** What a publisher call threw (it must throw an IntranetError). */
async function failure(call: Promise<unknown>): Promise<IntranetError> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof IntranetError, `an IntranetError, not ${String(err)}`);
    return err;
  }
  assert.fail('the call succeeded');
}

describe('SharePoint failures: one attempt per call, classified for the publishing worker', function () {
  let world: SharePointWorld;

  afterEach(async () => {
    await world.standin.close();
  });

  describe('on a working site', () => {
    beforeEach(async () => {
      world = await sharePointWorld();
    });

    it('429 with Retry-After in seconds: retryable, with retryAfterInMs, and no retry by pnp', async () => {
      world.standin.failNext({ match: (r) => r.method === 'POST' && r.path.endsWith('/items'), status: 429, headers: { 'Retry-After': '7' } });
      const err = await failure(world.publisher.mirrorUpgrade(world.site, entry()));
      assert.equal(err.status, 429);
      assert.equal(err.options.retryAfterInMs, 7_000);
      assert.notEqual(err.options.permanent, true);
      assert.match(err.message, new RegExp(`throttling Upgrade Desk on ${world.site.url}`));
      assert.equal(world.standin.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/items')).length, 1, 'one attempt');

      await world.publisher.mirrorUpgrade(world.site, entry());
      assert.equal(world.standin.state.list(world.sitePath, upgradeCalendarTitle)!.items.length, 1, 'the next attempt adds the row');
    });

    it('429 with Retry-After as an HTTP date: retryAfterInMs until then', async () => {
      const at = new Date(Date.now() + 120_000).toUTCString();
      world.standin.failNext({ status: 429, headers: { 'Retry-After': at } });
      const err = await failure(world.publisher.publishReleaseArticle(world.site, article()));
      assert.equal(err.status, 429);
      assert.ok(err.options.retryAfterInMs! > 100_000 && err.options.retryAfterInMs! <= 120_000, String(err.options.retryAfterInMs));
    });

    it('503: retryable, with Retry-After when given and without when not', async () => {
      world.standin.failNext({ status: 503 });
      let err = await failure(world.publisher.publishFreezePost(world.site, freezePost()));
      assert.equal(err.status, 503);
      assert.notEqual(err.options.permanent, true);
      assert.equal(err.options.retryAfterInMs, undefined);
      assert.equal(world.standin.requests.length, 1, 'one attempt');

      world.standin.failNext({ status: 503, headers: { 'Retry-After': '30' } });
      err = await failure(world.publisher.publishFreezePost(world.site, freezePost()));
      assert.equal(err.options.retryAfterInMs, 30_000);
    });

    it('403: permanent, naming the site and the permission the client\'s admin must grant', async () => {
      world.standin.failNext({ status: 403, body: { 'odata.error': { code: '-2147024891, System.UnauthorizedAccessException', message: { lang: 'en-US', value: 'Access denied.' } } } });
      const err = await failure(world.publisher.mirrorUpgrade(world.site, entry()));
      assert.equal(err.status, 403);
      assert.equal(err.options.permanent, true);
      assert.ok(err.message.includes(`SharePoint refused Upgrade Desk on ${world.site.url} (403)`), err.message);
      assert.match(err.message, /Sites\.Selected on this site with the Manage role .*granted by the client's admin/);
      assert.match(err.message, /Access denied\./);
    });

    it('a dropped connection: retryable, no status', async () => {
      world.standin.failNext({ drop: true });
      const err = await failure(world.publisher.publishReleaseArticle(world.site, article()));
      assert.equal(err.status, undefined);
      assert.notEqual(err.options.permanent, true);
      assert.match(err.message, /Could not reach SharePoint/);
    });

    it('a 404 of a missing list is not a failure: the list is created', async () => {
      await world.publisher.mirrorUpgrade(world.site, entry());
      const [first, create] = world.standin.requests;
      assert.deepEqual([first!.method, first!.path, first!.status], ['GET', "/sites/intranet/_api/web/lists/getByTitle('Upgrade calendar')", 404]);
      assert.deepEqual([create!.method, create!.path, create!.status], ['POST', '/sites/intranet/_api/web/lists', 201]);
      assert.equal(world.standin.state.list(world.sitePath, upgradeCalendarTitle)!.items.length, 1);
    });

    it('a 400 (a value SharePoint will not take) is permanent and says what SharePoint said', async () => {
      world.standin.failNext({ match: (r) => r.method === 'POST' && r.path.endsWith('/items'), status: 400, body: { 'odata.error': { code: '-1', message: { lang: 'en-US', value: 'Bad value for Starts.' } } } });
      const err = await failure(world.publisher.mirrorUpgrade(world.site, entry()));
      assert.equal(err.status, 400);
      assert.equal(err.options.permanent, true);
      assert.match(err.message, /SharePoint said: "Bad value for Starts\."/);
    });
  });

  it('401 (the token is not accepted): permanent, about the app\'s certificate and consent, without the token', async () => {
    world = await sharePointWorld({ token: 'another-token' });
    const err = await failure(world.publisher.mirrorUpgrade(world.site, entry()));
    assert.equal(err.status, 401);
    assert.equal(err.options.permanent, true);
    assert.match(err.message, /certificate/);
    assert.match(err.message, /consented/);
    assert.ok(err.message.includes(world.site.tenantId));
    assert.ok(!err.message.includes(devSharePointToken), 'no token in the message');
  });

  it('no answer in time: retryable, after the client\'s timeout', async () => {
    world = await sharePointWorld();
    const publisher = new SharePointPublisher({ tokens: async () => 'dev', timeoutInMs: 200 });
    world.standin.failNext({ delayInMs: 2_000, status: 200 });
    const started = Date.now();
    const err = await failure(publisher.mirrorUpgrade(world.site, entry()));
    assert.ok(Date.now() - started < 1_500, 'gave up at the timeout');
    assert.equal(err.status, undefined);
    assert.notEqual(err.options.permanent, true);
    assert.match(err.message, /no answer in time/);
  });

  it('a token that cannot be had fails the call with the token provider\'s IntranetError, and nothing is sent', async () => {
    world = await sharePointWorld();
    const refused = new IntranetError('Entra ID refused Upgrade Desk\'s token request for tenant t', 401, { permanent: true });
    const publisher = new SharePointPublisher({
      tokens: async () => {
        throw refused;
      },
    });
    assert.equal(await failure(publisher.mirrorUpgrade(world.site, entry())), refused);
    assert.equal(await failure(publisher.publishReleaseArticle(world.site, article())), refused);
    assert.equal(world.standin.requests.length, 0);
  });

  it('404 of the site: permanent, naming the site', async () => {
    world = await sharePointWorld({ autoCreateSites: false, sitePath: '/sites/gone' });
    for (const call of [world.publisher.mirrorUpgrade(world.site, entry()), world.publisher.publishReleaseArticle(world.site, article())]) {
      const err = await failure(call);
      assert.equal(err.status, 404);
      assert.equal(err.options.permanent, true);
      assert.ok(err.message.includes(`no site at ${world.site.url}`), err.message);
    }
    assert.deepEqual(world.standin.state.pages(world.sitePath), []);
  });
});
