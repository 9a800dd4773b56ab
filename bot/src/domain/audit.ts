/** One line of an upgrade's append-only audit log: who did what, when, from where. */
export type Source = 'chat' | 'api' | 'scheduler' | 'tab' | 'seed';

export interface Actor {
  id: string;
  name: string;
  role: Role;
}

export type Role = 'csa' | 'implementation_lead' | 'engineer' | 'release_manager' | 'owner' | 'automation' | 'system' | 'end_user';

export interface AuditEntry {
  at: string;
  actor: Actor;
  source: Source;
  action: string;
  detail: string;
}

export const systemActor: Actor = Object.freeze({ id: 'system', name: 'Upgrade Desk', role: 'system' as Role });
