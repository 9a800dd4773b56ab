import { identify, type Identity } from '../domain/staff';
import type { Deps } from './context';

/** Places a Teams user (tenant + aadObjectId) as staff, a client's owner or member, or unknown. */
export async function identifyCaller(
  deps: Deps,
  caller: { tenantId: string; aadObjectId: string; name: string },
): Promise<Identity> {
  const [staff, clients] = await Promise.all([deps.stores.staff.list(), deps.stores.clients.list()]);
  return identify(caller, deps.vendorTenantId, staff, clients);
}
