import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * The development issuer: signs tokens for the demo people (dev sign-in, `npm run token`) with a
 * key pair kept in the local data folder (`.data/dev-issuer/`, made on first use, never in git).
 * The server refuses its tokens when the dev sign-in is off (always in production).
 */
export const devIssuerName = 'urn:upgrade-desk:dev-issuer';
export const devAudience = 'urn:upgrade-desk:tab';
const keyFile = 'signing-key.jwk.json';
const alg = 'ES256';
export const devTokenLifetimeInSeconds = 8 * 3600;

export interface DevTokenClaims {
  tenantId: string;
  objectId: string;
  name: string;
}

export interface DevIssuer {
  sign(claims: DevTokenClaims, options?: { now?: Date; lifetimeInSeconds?: number }): Promise<{ token: string; expiresAt: string }>;
  /** Verifies a token of this issuer (signature, issuer, audience, expiry); throws jose's errors. */
  verify(token: string): Promise<DevTokenClaims>;
}

interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  kid: string;
}

/** The issuer over the key pair in `dir` (created with mode 0600 on first use). */
export function devIssuer(dir: string): DevIssuer {
  let keys: Promise<KeyPair> | undefined;
  const load = () => (keys ??= loadOrCreate(dir).catch((err) => { keys = undefined; throw err; }));
  return {
    async sign(claims, options = {}) {
      const { privateKey, kid } = await load();
      const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
      const exp = now + (options.lifetimeInSeconds ?? devTokenLifetimeInSeconds);
      const token = await new SignJWT({ tid: claims.tenantId, oid: claims.objectId, name: claims.name })
        .setProtectedHeader({ alg, kid, typ: 'JWT' })
        .setIssuer(devIssuerName)
        .setAudience(devAudience)
        .setSubject(claims.objectId)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(privateKey);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    async verify(token) {
      const { publicKey } = await load();
      const { payload } = await jwtVerify(token, publicKey, { issuer: devIssuerName, audience: devAudience, algorithms: [alg], clockTolerance: 30 });
      return { tenantId: String(payload.tid ?? ''), objectId: String(payload.oid ?? ''), name: String(payload.name ?? '') };
    },
  };
}

/** A secret for calendar feed tokens kept beside the dev issuer's key (local runs without CALENDAR_FEED_SECRET). */
export async function devFeedSecret(dir: string): Promise<string> {
  const path = join(dir, 'calendar-feed-secret');
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(path, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return (await readFile(path, 'utf8')).trim();
}

async function loadOrCreate(dir: string): Promise<KeyPair> {
  const path = join(dir, keyFile);
  let jwk: JWK | undefined;
  try {
    jwk = JSON.parse(await readFile(path, 'utf8')) as JWK;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (!jwk) {
    const pair = await generateKeyPair(alg, { extractable: true });
    jwk = { ...(await exportJWK(pair.privateKey)), alg, kid: `dev-${Date.now().toString(36)}` };
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(path, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      jwk = JSON.parse(await readFile(path, 'utf8')) as JWK;
    }
    await chmod(path, 0o600).catch(() => undefined);
  }
  const { d: _d, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, alg)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, alg)) as CryptoKey,
    kid: jwk.kid ?? 'dev',
  };
}
