import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AutomationKey, AutomationKeyScope, AutomationKeyStore } from '../usecases/ports';

/**
 * Automation keys look like `ud_<keyId>_<secret>`: the key id (16 hex characters) finds the
 * stored record, the secret (32 random bytes, base64url) proves the holder. Only the SHA-256
 * hash of the whole key is stored; the key itself is shown once, when it is issued.
 */
const keyFormat = /^ud_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedAutomationKey {
  /** The key to hand over, shown this once. */
  key: string;
  record: AutomationKey;
}

export interface IssueAutomationKeyOptions {
  scope: AutomationKeyScope;
  label?: string;
  now: Date;
}

/** SHA-256 of a key's text, as hex. */
export function hashAutomationKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The key id of a well-formed key, or undefined. */
export function parseAutomationKey(key: string): { keyId: string } | undefined {
  const match = keyFormat.exec(key);
  return match ? { keyId: match[1]! } : undefined;
}

/** Creates a key for the scope, stores its hash and returns the key (the only time it exists in clear). */
export async function issueAutomationKey(keys: AutomationKeyStore, options: IssueAutomationKeyOptions): Promise<IssuedAutomationKey> {
  const keyId = randomBytes(8).toString('hex');
  const key = `ud_${keyId}_${randomBytes(32).toString('base64url')}`;
  const record: AutomationKey = { keyId, keyHash: hashAutomationKey(key), scope: options.scope, createdAt: options.now.toISOString() };
  if (options.label) record.label = options.label;
  await keys.create(record);
  return { key, record };
}

export type KeyCheck =
  | { status: 'malformed' }
  | { status: 'unknown' }
  | { status: 'revoked'; record: AutomationKey }
  | { status: 'valid'; record: AutomationKey };

/** Looks the key up by its id and compares hashes in constant time. "unknown" covers a wrong secret too. */
export async function checkAutomationKey(keys: AutomationKeyStore, key: string): Promise<KeyCheck> {
  const parsed = parseAutomationKey(key);
  if (!parsed) return { status: 'malformed' };
  const record = await keys.get(parsed.keyId);
  if (!record || !sameHash(record.keyHash, hashAutomationKey(key))) return { status: 'unknown' };
  return record.revokedAt !== undefined ? { status: 'revoked', record } : { status: 'valid', record };
}

function sameHash(storedHex: string, presentedHex: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  const presented = Buffer.from(presentedHex, 'hex');
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}
