import assert from 'node:assert/strict';
import { afterFailure, checkSiteUrl, maxIntranetAttempts } from '../../../bot/src/domain/intranet';

const now = new Date('2026-12-01T10:00:00.000Z');
const waitOf = (r: ReturnType<typeof afterFailure>) => (r.park ? Infinity : Date.parse(r.nextAttemptAt) - now.getTime());

describe('SharePoint publishing: retries and site URLs', () => {
  it('backs off by doubling from 5 s, at most 15 min, and parks after the last attempt', () => {
    assert.equal(waitOf(afterFailure(1, {}, now)), 5_000);
    assert.equal(waitOf(afterFailure(2, {}, now)), 10_000);
    assert.equal(waitOf(afterFailure(3, {}, now)), 20_000);
    assert.ok(waitOf(afterFailure(maxIntranetAttempts - 1, {}, now)) <= 15 * 60_000);
    assert.deepEqual(afterFailure(maxIntranetAttempts, {}, now), { park: true });
  });

  it('waits as long as SharePoint\'s Retry-After says rather than its own backoff, and parks a refusal at once', () => {
    assert.equal(waitOf(afterFailure(1, { retryAfterInMs: 120_000 }, now)), 120_000);
    assert.equal(waitOf(afterFailure(4, { retryAfterInMs: 1_000 }, now)), 1_000);
    assert.deepEqual(afterFailure(maxIntranetAttempts, { retryAfterInMs: 1_000 }, now), { park: true }, 'still parks after the last attempt');
    assert.deepEqual(afterFailure(1, { permanent: true }, now), { park: true });
  });

  it('takes an https SharePoint Online site URL, tidied and cut back to the site; refuses others with a sentence that says what to give', () => {
    assert.deepEqual(checkSiteUrl(' https://contoso.sharepoint.com/sites/intranet/ '), { ok: true, url: 'https://contoso.sharepoint.com/sites/intranet' });
    assert.deepEqual(checkSiteUrl('https://contoso.sharepoint.com/sites/intranet/SitePages/Home.aspx'), { ok: true, url: 'https://contoso.sharepoint.com/sites/intranet' });
    assert.deepEqual(checkSiteUrl('https://contoso.sharepoint.com/sites/intranet/Lists/Upgrade%20calendar/AllItems.aspx'), { ok: true, url: 'https://contoso.sharepoint.com/sites/intranet' });
    const plain = checkSiteUrl('http://contoso.sharepoint.com/sites/intranet');
    assert.match(!plain.ok ? plain.problem : '', /https:\/\//);
    const elsewhere = checkSiteUrl('https://intranet.contoso.example/sites/x');
    assert.match(!elsewhere.ok ? elsewhere.problem : '', /intranet\.contoso\.example is not a SharePoint Online site/);
    const junk = checkSiteUrl('intranet please');
    assert.match(!junk.ok ? junk.problem : '', /not a web address/);
    assert.equal(checkSiteUrl('https://contoso.sharepoint.com/sites/x?a=1').ok, false);
    assert.equal(checkSiteUrl('http://127.0.0.1:5000/sites/contoso').ok, false, 'no loopback in production');
    assert.equal(checkSiteUrl('http://127.0.0.1:5000/sites/contoso', { localSites: true }).ok, true, 'the local stand-in');
  });
});
