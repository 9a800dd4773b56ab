import type { Role } from '../../domain/audit';
import type { Identity } from '../../domain/staff';

/** Who a command is for, so help offers each person only the commands they may use. */
export interface Audience {
  /** Vendor staff: all of them, or those with one of these roles. */
  staff?: 'all' | readonly Role[];
  /** A client's owners. */
  owners?: boolean;
  /** A client's other people (in its tenant, not among its owners). */
  members?: boolean;
  /** Someone Upgrade Desk does not know: neither vendor staff nor in a client's tenant. */
  unknown?: boolean;
}

export const everyone: Audience = { staff: 'all', owners: true, members: true, unknown: true };
/** Vendor staff and a client's people (who see only their own client). */
export const staffAndClients: Audience = { staff: 'all', owners: true, members: true };

/** Whether help offers a command with this audience to this person. */
export function isOffered(audience: Audience, identity: Identity): boolean {
  switch (identity.kind) {
    case 'staff':
      return audience.staff === 'all' || (audience.staff ?? []).some((role) => identity.staff.roles.includes(role));
    case 'owner':
      return audience.owners === true;
    case 'member':
      return audience.members === true;
    case 'unknown':
      return audience.unknown === true;
  }
}

const roleNames: Partial<Record<Role, string>> = {
  csa: 'CSA',
  implementation_lead: 'implementation lead',
  engineer: 'engineer',
  release_manager: 'release manager',
};

/** Who help is written for, in words: "an owner of Contoso", "vendor staff (CSA, implementation lead)". */
export function describeIdentity(identity: Identity): string {
  switch (identity.kind) {
    case 'staff': {
      const roles = identity.staff.roles.map((r) => roleNames[r]).filter((r) => r !== undefined);
      return roles.length ? `vendor staff (${roles.join(', ')})` : 'vendor staff';
    }
    case 'owner':
      return `an owner of ${identity.client.name}`;
    case 'member':
      return `one of ${identity.client.name}'s people`;
    case 'unknown':
      return 'someone Upgrade Desk does not know yet';
  }
}
