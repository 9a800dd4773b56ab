import { spfi, DefaultInit, DefaultHeaders, type SPFI } from '@pnp/sp';
import { BrowserFetch, DefaultParse, type Queryable } from '@pnp/queryable';
import '@pnp/sp/webs';
import '@pnp/sp/lists';
import '@pnp/sp/fields';
import '@pnp/sp/items';
import '@pnp/sp/files';
import '@pnp/sp/clientside-pages';
import type { IntranetSite } from '../usecases/intranet-ports';
import type { SharePointTokens } from './sharepoint-tokens';

/**
 * A @pnp/sp client for one site: Node's fetch, JSON answers, `Authorization: Bearer` from the token
 * provider on every request, and a timeout. No retries here: each call is one attempt, and the
 * publishing worker retries (pnp's BrowserFetchWithRetry is not used).
 */

export interface SharePointClientOptions {
  /** Gives up on a request after this long (default 30 s): a retryable failure. */
  timeoutInMs?: number;
}

/** Adds the site's bearer token to each request, asked of `tokens` when the request is sent. */
export function BearerFrom(tokens: SharePointTokens, site: IntranetSite) {
  return (instance: Queryable): Queryable => {
    instance.on.auth(async (url: URL, init: RequestInit) => {
      const token = await tokens(site);
      init.headers = { ...(init.headers as Record<string, string> | undefined), Authorization: `Bearer ${token}` };
      return [url, init];
    });
    return instance;
  };
}

/** Ends a request that takes longer than `ms` (the timer does not keep the process alive), and follows no redirect. */
export function RequestTimeout(ms: number) {
  return (instance: Queryable): Queryable => {
    instance.on.pre(async (url: string, init: RequestInit, result: unknown) => {
      init.signal = AbortSignal.timeout(ms);
      // A site never redirects its REST API elsewhere: following one could carry the token to another host.
      init.redirect = 'error';
      return [url, init, result];
    });
    return instance;
  };
}

export function sharePointClient(site: IntranetSite, tokens: SharePointTokens, options: SharePointClientOptions = {}): SPFI {
  return spfi(site.url.replace(/\/+$/, '')).using(
    DefaultInit(),
    DefaultHeaders(),
    BrowserFetch(),
    DefaultParse(),
    RequestTimeout(options.timeoutInMs ?? 30_000),
    BearerFrom(tokens, site),
  );
}
