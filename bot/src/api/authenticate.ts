import type { Request } from 'restify';
import { UpgradeDeskError } from '../domain/errors';
import type { Principal } from '../domain/permissions';
import type { AutomationKey, AutomationKeyStore } from '../usecases/ports';
import { checkAutomationKey } from './automation-keys';
import { HttpProblem } from './http-errors';

/** What a route needs of the key: the vendor's, or one that speaks for this client (the vendor's does too). */
export type RequiredScope = { kind: 'vendor' } | { kind: 'client'; clientId: string };

const howToGetOne = 'Create one with `npm run key -- <client-id|vendor>` and send it as `Authorization: Bearer <key>`.';

function unauthorized(code: 'missing_key' | 'malformed_key' | 'invalid_key' | 'revoked_key', message: string): HttpProblem {
  return new HttpProblem(code, message, { headers: { 'WWW-Authenticate': 'Bearer realm="upgrade-desk"' } });
}

/**
 * Authenticates an API request by its automation key and checks the key's scope. Throws a 401
 * (missing, malformed, wrong or revoked key) or a 403 (a key of another scope); returns the key.
 * Without `required`, only the key is checked: the route then decides what it may see.
 */
export async function authenticateAutomation(req: Request, keys: AutomationKeyStore | undefined, required?: RequiredScope): Promise<AutomationKey> {
  if (!keys) throw new HttpProblem('automation_unavailable', 'This server has no automation key store configured; automation requests cannot be checked.');
  const header = req.header('authorization');
  if (!header) throw unauthorized('missing_key', `This endpoint needs an automation key. ${howToGetOne}`);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('malformed_key', `The Authorization header must be \`Bearer <key>\`. ${howToGetOne}`);
  const check = await checkAutomationKey(keys, match[1]!);
  switch (check.status) {
    case 'malformed':
      throw unauthorized('malformed_key', `That is not an Upgrade Desk automation key (they look like ud_<keyId>_<secret>). ${howToGetOne}`);
    case 'unknown':
      throw unauthorized('invalid_key', `That automation key is not valid. ${howToGetOne}`);
    case 'revoked':
      throw unauthorized('revoked_key', `Automation key ${check.record.keyId} was revoked on ${check.record.revokedAt}. ${howToGetOne}`);
  }
  const key = check.record;
  if (!required || key.scope.kind === 'vendor') return key;
  if (required.kind === 'client' && keySpeaksFor(key, required.clientId)) return key;
  const needed = required.kind === 'vendor' ? 'a vendor key (`npm run key -- vendor`)' : `a key for client ${required.clientId} or a vendor key`;
  throw new UpgradeDeskError('forbidden', `Automation key ${key.keyId} speaks for client ${key.scope.clientId} only; this needs ${needed}.`);
}

/** Whether the key may act for the client: the client's own key, or the vendor's. */
export function keySpeaksFor(key: AutomationKey, clientId: string): boolean {
  return key.scope.kind === 'vendor' || key.scope.clientId === clientId;
}

/** The key as the domain's permission rules name who acts. */
export function principalOf(key: AutomationKey): Principal {
  return { kind: 'automation', clientId: key.scope.kind === 'vendor' ? 'vendor' : key.scope.clientId, keyId: key.keyId };
}
