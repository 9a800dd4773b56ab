import type { Request } from 'restify';
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { UpgradeDeskError } from '../domain/errors';
import type { Identity } from '../domain/staff';
import type { Deps } from '../usecases/context';
import { identifyCaller } from '../usecases/identify-caller';
import { devIssuerName, type DevIssuer } from './dev-issuer';
import { HttpProblem } from './http-errors';

/**
 * Who calls the schedule tab's API: a bearer token from Teams SSO (Entra ID, production) or from
 * the development issuer (dev sign-in, never in production), checked with jose: signature against
 * the issuer's keys, issuer, audience, expiry; then the token's tenant and user are placed as
 * vendor staff, a client's owner or member, or refused (an unknown tenant: 403).
 */
export interface TokenUser {
  tenantId: string;
  objectId: string;
  name: string;
}

export interface TokenVerifier {
  /** The token's user; throws an HttpProblem: 401 invalid_token, or 503 sign_in_unavailable. */
  verify(token: string): Promise<TokenUser>;
}

export interface EntraVerifierOptions {
  /** The tab's app (client) id: an accepted audience. */
  clientId: string;
  /** Its application id URI (`api://host/clientId`): the audience of Teams SSO tokens. */
  appIdUri?: string;
  /** Entra ID's signing keys (createRemoteJWKSet over its JWKS URL; tests pass their own). */
  keys: JWTVerifyGetKey;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/i;

/** The issuers Entra ID uses for a tenant: v1 and v2 tokens. */
export function entraIssuers(tenantId: string): string[] {
  return [`https://sts.windows.net/${tenantId}/`, `https://login.microsoftonline.com/${tenantId}/v2.0`];
}

function invalid(message: string, cause?: unknown): HttpProblem {
  return new HttpProblem('invalid_token', message, { cause, headers: { 'WWW-Authenticate': 'Bearer realm="upgrade-desk", error="invalid_token"' } });
}

/** jose's refusals as 401s; a key set that cannot be fetched as 503. */
function refusal(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof joseErrors.JWTExpired) return invalid('The sign-in token has expired; sign in again.', err);
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    const what = err.claim === 'aud' ? 'is for another application (audience)' : err.claim === 'iss' ? 'comes from an issuer this server does not trust' : `has a bad "${err.claim}" claim`;
    return invalid(`The sign-in token ${what}.`, err);
  }
  // The issuer's keys could not be fetched (network, timeout, not a key set): nothing says the token is bad.
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid || !(err instanceof joseErrors.JOSEError) || /Expected 200 OK/.test(err.message))
    return new HttpProblem('sign_in_unavailable', undefined, { cause: err });
  return invalid('The sign-in token was not accepted (its signature or form is not valid); sign in again.', err);
}

/** Teams SSO tokens: Entra ID's keys, v1 or v2 issuer of the token's own tenant, the tab's audience. */
export function entraVerifier(options: EntraVerifierOptions): TokenVerifier {
  const audience = [options.appIdUri, options.clientId].filter((a): a is string => !!a);
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, options.keys, { audience, algorithms: ['RS256'], clockTolerance: 60, requiredClaims: ['exp', 'iss', 'tid', 'oid'] });
        const tenantId = typeof payload.tid === 'string' ? payload.tid : '';
        if (!guid.test(tenantId)) throw invalid('The sign-in token names no tenant.');
        if (!entraIssuers(tenantId).includes(String(payload.iss))) throw invalid('The sign-in token comes from an issuer this server does not trust.');
        const objectId = typeof payload.oid === 'string' ? payload.oid : '';
        if (!objectId) throw invalid('The sign-in token names no user.');
        const name = typeof payload.name === 'string' ? payload.name : typeof payload.preferred_username === 'string' ? payload.preferred_username : '';
        return { tenantId, objectId, name };
      } catch (err) {
        throw refusal(err);
      }
    },
  };
}

/** Entra ID's published keys (cached by jose; refetched when a token names an unknown key). */
export function entraKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 12 * 3600_000 });
}

/** Dev issuer tokens, when the dev sign-in is on. */
export function devVerifier(issuer: DevIssuer): TokenVerifier {
  return {
    async verify(token) {
      try {
        const user = await issuer.verify(token);
        if (!user.tenantId || !user.objectId) throw invalid('The sign-in token names no tenant or user.');
        return user;
      } catch (err) {
        throw refusal(err);
      }
    },
  };
}

/** Picks the verifier by the token's (unverified) issuer: the dev issuer's, or Entra ID's. */
export function tokenVerifier(options: { entra?: TokenVerifier; dev?: TokenVerifier }): TokenVerifier {
  return {
    async verify(token) {
      let iss: unknown;
      try {
        iss = decodeJwt(token).iss;
      } catch (err) {
        throw invalid('That is not a sign-in token (a JWT).', err);
      }
      if (iss === devIssuerName) {
        if (!options.dev) throw invalid('Development sign-in tokens are not accepted by this server.');
        return options.dev.verify(token);
      }
      if (!options.entra) throw invalid('This server accepts no Teams sign-in tokens (TAB_SSO_CLIENT_ID is not set).');
      return options.entra.verify(token);
    },
  };
}

/** The bearer token of a request; 401 missing_token without one. */
export function bearerToken(req: Request): string {
  const header = req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw new HttpProblem('missing_token', undefined, { headers: { 'WWW-Authenticate': 'Bearer realm="upgrade-desk"' } });
  return match[1]!;
}

/** Places a verified token's user: staff, owner or member; 403 unknown_tenant otherwise. */
export async function identityOf(deps: Deps, user: TokenUser): Promise<Identity> {
  const identity = await identifyCaller(deps, { tenantId: user.tenantId, aadObjectId: user.objectId, name: user.name });
  if (identity.kind === 'unknown')
    throw new UpgradeDeskError('unknown_tenant', user.tenantId === deps.vendorTenantId
      ? 'You are in the vendor\'s tenant but not on its staff list; ask an administrator to add you.'
      : 'Your organisation is not a client of this vendor.');
  return identity;
}
