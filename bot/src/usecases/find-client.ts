import type { Client } from '../domain/client';
import { UpgradeDeskError } from '../domain/errors';
import type { Principal } from '../domain/permissions';

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The clients a caller may see: all for vendor staff, their own for a client's people, none otherwise. */
export function visibleClients(principal: Principal, clients: readonly Client[]): Client[] {
  if (principal.kind === 'staff') return [...clients];
  if (principal.kind === 'owner' || principal.kind === 'member') return clients.filter((c) => c.id === principal.client.id);
  if (principal.kind === 'automation') return clients.filter((c) => principal.clientId === 'vendor' || c.id === principal.clientId);
  return [];
}

/** Finds a client by id or name (case and punctuation ignored); a miss names the clients there are. */
export function findClient(query: string, clients: readonly Client[]): Client {
  const q = normalise(query);
  const exact = clients.find((c) => normalise(c.id) === q || normalise(c.name) === q);
  if (exact) return exact;
  const partial = q ? clients.filter((c) => normalise(c.name).startsWith(q) || normalise(c.id).startsWith(q)) : [];
  if (partial.length === 1) return partial[0]!;
  const names = clients.map((c) => c.name).sort();
  const list = names.length ? ` Clients: ${names.join(', ')}.` : ' You cannot see any client.';
  const what = partial.length > 1 ? `"${query}" matches more than one client.` : `There is no client called "${query}".`;
  throw new UpgradeDeskError('not_found', `${what}${list}`);
}
