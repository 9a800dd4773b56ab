import { systemActor, type Actor } from '../domain/audit';
import type { Principal } from '../domain/permissions';

/** How a principal appears in the audit log. */
export function actorOf(p: Principal): Actor {
  switch (p.kind) {
    case 'staff':
      return { id: p.staff.aadObjectId, name: p.staff.name, role: p.staff.roles[0] ?? 'engineer' };
    case 'owner':
      return { id: p.aadObjectId, name: p.name, role: 'owner' };
    case 'member':
      return { id: p.aadObjectId, name: p.name, role: 'end_user' };
    case 'unknown':
      return { id: p.aadObjectId, name: p.name, role: 'end_user' };
    case 'automation':
      return { id: `key:${p.keyId}`, name: `Automation key ${p.keyId}`, role: 'automation' };
    case 'system':
      return systemActor;
  }
}
