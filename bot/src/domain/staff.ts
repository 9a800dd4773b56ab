import type { Role } from './audit';
import type { Client } from './client';
import { isOwner, upgradeContactId } from './client';

/** A person on the vendor's side, in the vendor's own tenant. */
export interface Staff {
  aadObjectId: string;
  name: string;
  email?: string;
  roles: Role[];
}

/** Who is acting, as the app sees them: vendor staff, a client's owner, or someone else. */
export type Identity =
  | { kind: 'staff'; staff: Staff }
  | { kind: 'owner'; client: Client; aadObjectId: string; name: string }
  | { kind: 'member'; client: Client; aadObjectId: string; name: string }
  | { kind: 'unknown'; aadObjectId: string; name: string; tenantId: string };

/** Places a caller by tenant and aadObjectId: the vendor's tenant holds staff, each client's its owners. */
export function identify(
  caller: { tenantId: string; aadObjectId: string; name: string },
  vendorTenantId: string,
  staff: readonly Staff[],
  clients: readonly Client[],
): Identity {
  if (caller.tenantId === vendorTenantId) {
    const s = staff.find((x) => x.aadObjectId === caller.aadObjectId);
    if (s) return { kind: 'staff', staff: s };
  }
  const client = clients.find((c) => c.tenantId === caller.tenantId);
  if (client) {
    const who = { client, aadObjectId: caller.aadObjectId, name: caller.name };
    return isOwner(client, caller.aadObjectId) ? { kind: 'owner', ...who } : { kind: 'member', ...who };
  }
  return { kind: 'unknown', ...caller };
}

/** Whether a vendor person may act for a client: its CSA or its implementation lead. */
export function staffServesClient(staff: Staff, client: Client): boolean {
  return staff.aadObjectId === client.csaId || staff.aadObjectId === client.implementationLeadId;
}

/** The vendor person a client's owners ask for help with an upgrade: "Alex Wilber, your CSA (alexw@example.com)". */
export interface UpgradeContact {
  name: string;
  role: 'CSA' | 'implementation lead';
  email?: string;
}

/** The client's CSA (or, while it is being implemented, its implementation lead), if on record among the staff. */
export function upgradeContact(client: Client, staff: readonly Staff[]): UpgradeContact | undefined {
  const id = upgradeContactId(client);
  const person = staff.find((s) => s.aadObjectId === id);
  if (!person) return undefined;
  const role = client.phase === 'implementation' && client.implementationLeadId ? 'implementation lead' : 'CSA';
  return { name: person.name, role, ...(person.email ? { email: person.email } : {}) };
}
