import { AuthenticationError, ClientCertificateCredential, CredentialUnavailableError, type TokenCredential } from '@azure/identity';
import { IntranetError, type IntranetSite } from '../usecases/intranet-ports';

/**
 * Where the bearer token for a SharePoint site comes from: one call per request (the credential
 * caches tokens until shortly before they expire, so this is cheap).
 */
export type SharePointTokens = (site: IntranetSite) => Promise<string>;

/** The scope of an app-only token for a site: its tenant's SharePoint host, e.g. https://contoso.sharepoint.com/.default. */
export function sharePointScope(siteUrl: string): string {
  return `${new URL(siteUrl).origin}/.default`;
}

export interface EntraAppOnlyOptions {
  /** The Upgrade Desk app's (client) id in Entra ID: the app each client's admin grants Sites.Selected. */
  clientId: string;
  /** A PEM file with the certificate and its private key (preferred). */
  certificatePath?: string;
  /** Or the PEM itself. */
  certificate?: string;
  certificatePassword?: string;
  /** Where a failure to get a token is written in full (the error people see leaves server details out). */
  log?: (message: string, fields: Record<string, unknown>) => void;
  /** Builds the credential for a tenant (tests); by default the certificate credential. */
  credentialFor?: (tenantId: string) => TokenCredential;
}

function credentialFactory(options: EntraAppOnlyOptions): (tenantId: string) => TokenCredential {
  if (options.credentialFor) return options.credentialFor;
  const { clientId, certificatePath, certificate, certificatePassword } = options;
  if (certificatePath)
    return (tenantId) => new ClientCertificateCredential(tenantId, clientId, { certificatePath, ...(certificatePassword ? { certificatePassword } : {}) });
  if (certificate) return (tenantId) => new ClientCertificateCredential(tenantId, clientId, { certificate, ...(certificatePassword ? { certificatePassword } : {}) });
  // No client secret: SharePoint's REST API refuses app-only tokens got with one ("Unsupported app only token", 401).
  throw new Error('SharePoint app-only tokens need the app\'s certificate (certificatePath or certificate).');
}

/**
 * App-only tokens from Entra ID for the site's tenant (`site.tenantId`) and SharePoint host, with the
 * app's certificate. A refusal by Entra (unknown app in that tenant, no consent, a wrong
 * or expired certificate) is a permanent IntranetError; a failure to reach Entra is retryable.
 */
export function entraAppOnlyTokens(options: EntraAppOnlyOptions): SharePointTokens {
  const build = credentialFactory(options);
  const byTenant = new Map<string, TokenCredential>();
  return async (site) => {
    let credential = byTenant.get(site.tenantId);
    if (!credential) {
      credential = build(site.tenantId);
      byTenant.set(site.tenantId, credential);
    }
    try {
      const token = await credential.getToken(sharePointScope(site.url));
      if (!token?.token) throw new CredentialUnavailableError('Entra ID returned no token.');
      return token.token;
    } catch (err) {
      options.log?.('SharePoint token not issued', { siteUrl: site.url, tenantId: site.tenantId, reason: err instanceof Error ? err.message.slice(0, 500) : String(err) });
      throw tokenError(err, site);
    }
  };
}

function tokenError(err: unknown, site: IntranetSite): IntranetError {
  // Throttled (429) or timed out (408): Entra will answer later; retried like any passing failure.
  if (err instanceof AuthenticationError && err.statusCode >= 400 && err.statusCode < 500 && err.statusCode !== 408 && err.statusCode !== 429) {
    const code = err.errorResponse?.error ? ` (${err.errorResponse.error})` : '';
    return new IntranetError(
      `Entra ID refused Upgrade Desk's token request for tenant ${site.tenantId}${code}, for ${site.url}: check that the client's admin has consented to the app and that its certificate is registered and not expired.`,
      err.statusCode === 400 ? 401 : err.statusCode,
      { permanent: true },
    );
  }
  if (err instanceof CredentialUnavailableError)
    // Its message may name the certificate's path on this server: for the log, not for the chat card.
    return new IntranetError(`Upgrade Desk cannot get a token for ${site.url}: the app's certificate (SHAREPOINT_CERTIFICATE_PATH) cannot be read or used; see the server's log.`, undefined, { permanent: true });
  const message = err instanceof Error ? err.message.slice(0, 200) : String(err);
  return new IntranetError(`Could not get a token from Entra ID for ${site.url} (tenant ${site.tenantId}): ${message}`, undefined);
}

/** The token the development stand-in accepts (not a secret: it opens nothing but the stand-in). */
export const devSharePointToken = 'upgrade-desk-dev-token';

/** A fixed token for the loopback SharePoint stand-in in development and tests. */
export function devTokens(token = devSharePointToken): SharePointTokens {
  return async () => token;
}
