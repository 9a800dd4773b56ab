import type { Client } from './client';
import { fail, ok, type Result } from './errors';
import type { UpgradeEvent } from './lifecycle';
import { staffServesClient, type Identity } from './staff';
import type { Upgrade } from './upgrade';

/**
 * Who acts, for permission purposes: a Teams identity, a deployment script's automation key, or
 * Upgrade Desk itself acting on a timed rule or a follow-up of a person's change (`system`).
 */
export type Principal = Identity | { kind: 'automation'; clientId: string | 'vendor'; keyId: string } | SystemPrincipal;

export interface SystemPrincipal {
  kind: 'system';
  /** What it acts on: "scheduler" (a due timer), or the change it follows up. */
  reason: string;
}

export const schedulerPrincipal: SystemPrincipal = Object.freeze({ kind: 'system', reason: 'scheduler' });

const roleOf = (p: Principal) => (p.kind === 'staff' ? p.staff.roles : []);

/** Whether the principal is this client's CSA or implementation lead. */
export function isClientContact(p: Principal, client: Client): boolean {
  return p.kind === 'staff' && staffServesClient(p.staff, client);
}

export function isClientOwner(p: Principal, client: Client): boolean {
  return p.kind === 'owner' && p.client.id === client.id;
}

/** Checks that a principal may ask this of an upgrade of this client; the refusal says who may. */
export function checkPermission(p: Principal, client: Client, upgrade: Pick<Upgrade, 'mode'>, event: UpgradeEvent): Result<true> {
  if (p.kind === 'system') return checkSystem(event);
  const contact = isClientContact(p, client);
  const owner = isClientOwner(p, client);
  switch (event.type) {
    case 'propose':
    case 'reschedule':
    case 'cancel':
      return contact ? ok(true) : fail('forbidden', `Only ${client.name}'s CSA or implementation lead can ${verbFor(event.type)} this upgrade.`);
    case 'accept':
    case 'decline_proposal':
    case 'tick_prerequisite':
    case 'record_cab':
    case 'no_go':
      return owner ? ok(true) : fail('forbidden', `Only ${client.name}'s owners can ${verbFor(event.type)}.`);
    case 'tick_runbook':
      return owner || contact || roleOf(p).includes('engineer') ? ok(true) : fail('forbidden', `Only ${client.name}'s owners (or the vendor's engineers) can tick the runbook.`);
    case 'schedule_self_service':
      return owner || contact ? ok(true) : fail('forbidden', `Only ${client.name}'s owners or CSA can pick the time of a self-service upgrade.`);
    case 'communicate':
    case 'overrun': {
      if (roleOf(p).includes('engineer')) return ok(true);
      // The client's own deployment scripts, or the vendor's (managed upgrades run from its servers).
      if (p.kind === 'automation' && (p.clientId === client.id || p.clientId === 'vendor')) return ok(true);
      if (upgrade.mode === 'self_service' && owner) return ok(true);
      if (p.kind === 'automation') return fail('forbidden', `This automation key is not ${client.name}'s; it cannot post to this upgrade.`);
      return fail('forbidden', 'Only the vendor\'s engineers (or, for a self-service upgrade, the client\'s owners and deployment scripts) can post upgrade progress.');
    }
    case 'cast_vote':
      return checkVoter(p, client);
  }
}

/**
 * What Upgrade Desk does by itself: call an overrun when the window ends with the work still going,
 * and offer the next windows when the one an owner picked was taken a moment before.
 */
function checkSystem(event: UpgradeEvent): Result<true> {
  return event.type === 'overrun' || event.type === 'propose'
    ? ok(true)
    : fail('forbidden', `Upgrade Desk does not ${verbFor(event.type)} an upgrade by itself; a person does.`);
}

function verbFor(type: UpgradeEvent['type']): string {
  const verbs: Partial<Record<UpgradeEvent['type'], string>> = {
    propose: 'propose windows for',
    reschedule: 'reschedule',
    cancel: 'cancel',
    accept: 'agree a window',
    decline_proposal: 'decline a proposal',
    tick_prerequisite: 'tick prerequisites',
    tick_runbook: 'tick the runbook',
    record_cab: 'record CAB approval',
    no_go: 'say No-Go',
  };
  return verbs[type] ?? 'do that';
}

/** Whether the principal may vote on this client's decisions: its owners, and nobody else. */
export function checkVoter(p: Principal, client: Client): Result<true> {
  if (isClientOwner(p, client)) return ok(true);
  if (p.kind === 'owner') return fail('not_a_voter', `You are an owner of ${p.client.name}, not of ${client.name}; your vote was not recorded.`);
  return fail('not_a_voter', `Only ${client.name}'s owners can vote Go/No-Go; your vote was not recorded.`);
}
