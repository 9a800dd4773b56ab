/**
 * The demo people the development sign-in offers (GET /api/dev/users, `npm run token -- <role>`):
 * the same tenants and AAD object ids as the demo data (bot/dev/demo-data.ts, checked by a unit
 * test), kept here because bot/src does not import the dev tooling.
 */
export interface DevUserEntry {
  role: string;
  name: string;
  description: string;
  tenantId: string;
  objectId: string;
}

const vendor = '00000000-0000-0000-0000-0000000000001';

export const devUsers: readonly DevUserEntry[] = Object.freeze([
  { role: 'csa', name: 'Alex Wilber', description: 'CSA and implementation lead of every demo client (vendor)', tenantId: vendor, objectId: '00000000-0000-0000-0000-0000000000020' },
  { role: 'engineer', name: 'Megan Bowen', description: 'Engineer (vendor)', tenantId: vendor, objectId: '00000000-0000-0000-0000-0000000000021' },
  { role: 'release-manager', name: 'Adele Vance', description: 'Release manager (vendor)', tenantId: vendor, objectId: '00000000-0000-0000-0000-0000000000022' },
  { role: 'contoso-owner', name: 'Patti Fernandez', description: 'Owner of Contoso (Europe/London)', tenantId: '11111111-1111-1111-1111-111111111111', objectId: 'c0c0c0c0-0000-0000-0000-000000000001' },
  { role: 'fabrikam-owner', name: 'Isaiah Langer', description: 'Owner of Fabrikam (America/New_York)', tenantId: '22222222-2222-2222-2222-222222222222', objectId: 'fabfab00-0000-0000-0000-000000000001' },
  { role: 'northwind-owner', name: 'Diego Siciliani', description: 'Owner of Northwind Traders (Australia/Sydney)', tenantId: '33333333-3333-3333-3333-333333333333', objectId: '2b2b2b2b-0000-0000-0000-000000000001' },
]);

export function devUser(role: string): DevUserEntry | undefined {
  return devUsers.find((u) => u.role === role.trim().toLowerCase());
}
