import assert from 'node:assert/strict';
import { AuthenticationError, type AccessToken, type TokenCredential } from '@azure/identity';
import { entraAppOnlyTokens, sharePointScope } from '../../../bot/src/sharepoint/sharepoint-tokens';
import { retryAfterInMs } from '../../../bot/src/sharepoint/sharepoint-errors';
import { IntranetError } from '../../../bot/src/usecases/intranet-ports';

const contoso = { url: 'https://contoso.sharepoint.com/sites/intranet', tenantId: 'contoso-tenant' };
const fabrikam = { url: 'https://fabrikam.sharepoint.com/sites/news/', tenantId: 'fabrikam-tenant' };

/** A credential that records what it was asked and answers with `answer`. */
function fakeCredential(tenantId: string, asked: string[], answer: () => Promise<AccessToken>): TokenCredential {
  return {
    async getToken(scopes) {
      asked.push(`${tenantId} ${String(scopes)}`);
      return answer();
    },
  };
}

describe('SharePoint app-only tokens (Entra ID)', () => {
  it('the scope is the site\'s SharePoint host', () => {
    assert.equal(sharePointScope(contoso.url), 'https://contoso.sharepoint.com/.default');
    assert.equal(sharePointScope('https://fabrikam-my.sharepoint.com/personal/x'), 'https://fabrikam-my.sharepoint.com/.default');
  });

  it('asks the site\'s own tenant, for its host, with one credential per tenant', async () => {
    const asked: string[] = [];
    const built: string[] = [];
    const tokens = entraAppOnlyTokens({
      clientId: 'app',
      credentialFor: (tenantId) => {
        built.push(tenantId);
        return fakeCredential(tenantId, asked, async () => ({ token: `token-for-${tenantId}`, expiresOnTimestamp: Date.now() + 3_600_000 }));
      },
    });
    assert.equal(await tokens(contoso), 'token-for-contoso-tenant');
    assert.equal(await tokens(fabrikam), 'token-for-fabrikam-tenant');
    assert.equal(await tokens(contoso), 'token-for-contoso-tenant');
    assert.deepEqual(asked, [
      'contoso-tenant https://contoso.sharepoint.com/.default',
      'fabrikam-tenant https://fabrikam.sharepoint.com/.default',
      'contoso-tenant https://contoso.sharepoint.com/.default',
    ]);
    assert.deepEqual(built, ['contoso-tenant', 'fabrikam-tenant']);
  });

  it('Entra refusing the app (no consent in that tenant, bad certificate) is a permanent IntranetError', async () => {
    const tokens = entraAppOnlyTokens({
      clientId: 'app',
      credentialFor: (t) => fakeCredential(t, [], async () => {
        throw new AuthenticationError(400, { error: 'unauthorized_client', error_description: 'AADSTS700016: Application with identifier app was not found in the directory.' });
      }),
    });
    await assert.rejects(tokens(contoso), (err: unknown) => {
      assert.ok(err instanceof IntranetError);
      assert.equal(err.options.permanent, true);
      assert.match(err.message, /tenant contoso-tenant \(unauthorized_client\)/);
      assert.match(err.message, /consented/);
      return true;
    });
  });

  it('Entra throttling (429) is retryable, not a refusal', async () => {
    const tokens = entraAppOnlyTokens({
      clientId: 'app',
      credentialFor: (t) => fakeCredential(t, [], async () => {
        throw new AuthenticationError(429, { error: 'temporarily_unavailable', error_description: 'AADSTS50196: too many requests.' });
      }),
    });
    await assert.rejects(tokens(contoso), (err: unknown) => err instanceof IntranetError && err.options.permanent !== true);
  });

  it('Entra out of reach is retryable', async () => {
    const tokens = entraAppOnlyTokens({ clientId: 'app', credentialFor: (t) => fakeCredential(t, [], async () => Promise.reject(new TypeError('fetch failed'))) });
    await assert.rejects(tokens(contoso), (err: unknown) => err instanceof IntranetError && err.options.permanent !== true);
  });

  it('needs the app\'s certificate (SharePoint takes no secret-based app-only token)', () => {
    assert.throws(() => entraAppOnlyTokens({ clientId: 'app' }), /certificate/);
    assert.doesNotThrow(() => entraAppOnlyTokens({ clientId: 'app', certificatePath: '/etc/upgrade-desk/sharepoint.pem' }));
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-12-08T18:00:00Z');
  it('reads seconds and HTTP dates; nothing for absent or unreadable values', () => {
    assert.equal(retryAfterInMs('7', now), 7_000);
    assert.equal(retryAfterInMs(' 0 ', now), 0);
    assert.equal(retryAfterInMs('Tue, 08 Dec 2026 18:02:00 GMT', now), 120_000);
    assert.equal(retryAfterInMs('Tue, 08 Dec 2026 17:00:00 GMT', now), 0, 'a date past is now');
    assert.equal(retryAfterInMs(null, now), undefined);
    assert.equal(retryAfterInMs('soon', now), undefined);
  });
});
