import { IntranetError, type IntranetSite } from '../usecases/intranet-ports';

/**
 * SharePoint's refusals and failures as IntranetErrors the publishing worker can act on: throttling
 * (429/503) with the Retry-After SharePoint asked for, refusals that retrying cannot fix (401, 403,
 * 404 of the site, 400) marked permanent with a message a person can act on, and everything else
 * (network, 5xx, conflicts) retryable. Messages name the site, never a token or secret.
 */

/** A Retry-After header (seconds, or an HTTP date) in ms from `now`; undefined when absent or unreadable. */
export function retryAfterInMs(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What pnp's HttpRequestError carries (duck-typed: the class is pnp's internals). */
interface HttpFailure {
  status: number;
  message: string;
  response?: { headers?: { get(name: string): string | null } };
}

function isHttpFailure(err: unknown): err is HttpFailure {
  return typeof err === 'object' && err !== null && (err as { isHttpRequestError?: unknown }).isHttpRequestError === true && typeof (err as { status?: unknown }).status === 'number';
}

/** SharePoint's own words from an error body ("List 'X' does not exist..."), shortened; '' when none. */
export function sharePointMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : '';
  const body = text.split('::> ')[1];
  if (!body) return '';
  try {
    const json = JSON.parse(body) as Record<string, any>;
    const said = json['odata.error']?.message?.value ?? json.error?.message?.value ?? json.error_description ?? '';
    return String(said).slice(0, 300);
  } catch {
    return '';
  }
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function isNetworkFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true;
  const cause = (err as { cause?: { code?: string } }).cause;
  const code = (err as { code?: string }).code ?? cause?.code;
  return (err instanceof TypeError && /fetch failed/i.test(err.message)) || (code !== undefined && networkCodes.has(code));
}

function networkCause(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer in time';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? 'network failure';
}

/**
 * Turns what a pnp call threw into an IntranetError. `doing` says what was being done, for people:
 * "adding CHG-1 to the list 'Upgrade calendar'".
 */
export function toIntranetError(err: unknown, site: IntranetSite, doing: string): IntranetError {
  if (err instanceof IntranetError) return err;
  if (isHttpFailure(err)) {
    const status = err.status;
    const said = sharePointMessage(err);
    const saying = said ? ` SharePoint said: "${said}"` : '';
    if (status === 429 || status === 503) {
      const wait = retryAfterInMs(err.response?.headers?.get('Retry-After'));
      const after = wait === undefined ? '' : `; it asked to wait ${Math.ceil(wait / 1000)} s`;
      const what = status === 429 ? 'is throttling Upgrade Desk' : 'is unavailable';
      return new IntranetError(`SharePoint ${what} on ${site.url} (${status}) while ${doing}${after}.`, status, wait === undefined ? {} : { retryAfterInMs: wait });
    }
    if (status === 401)
      return new IntranetError(
        `SharePoint did not accept Upgrade Desk's token for ${site.url} (401) while ${doing}: SharePoint takes app-only tokens got with the app's certificate (not a client secret); check the certificate, and that the client's admin has consented to the app in tenant ${site.tenantId}.${saying}`,
        status,
        { permanent: true },
      );
    if (status === 403)
      return new IntranetError(
        `SharePoint refused Upgrade Desk on ${site.url} (403) while ${doing}: the app needs Sites.Selected on this site with the Manage role (to make the Upgrade calendar list and its columns; Write is enough once they exist), granted by the client's admin.${saying}`,
        status,
        { permanent: true },
      );
    if (status === 404)
      return new IntranetError(`SharePoint has no site at ${site.url} (404) (while ${doing}): check the site's address in the client's intranet settings.${saying}`, status, { permanent: true });
    if (status === 408 || status === 409 || status === 412 || status === 423 || status >= 500)
      return new IntranetError(`SharePoint failed on ${site.url} (${status}) while ${doing}.${saying}`, status);
    return new IntranetError(`SharePoint refused a request on ${site.url} (${status}) while ${doing}.${saying}`, status, { permanent: true });
  }
  if (isNetworkFailure(err)) return new IntranetError(`Could not reach SharePoint at ${site.url} while ${doing} (${networkCause(err)}).`, undefined);
  const message = err instanceof Error ? err.message : String(err);
  return new IntranetError(`Publishing to ${site.url} failed while ${doing}: ${message.slice(0, 300)}`, undefined);
}

/** The HTTP status of what a pnp call threw, if it was an HTTP answer. */
export function httpStatus(err: unknown): number | undefined {
  return isHttpFailure(err) ? err.status : undefined;
}
