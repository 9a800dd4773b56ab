import type { DeliveryRecord } from './outbox-ports';

/**
 * Whether a delivery row has work for a worker: never sent, or its lease expired (its worker
 * died or stalled), or the conversation shows an older version of the message than the newest.
 * A `sent` row at the newest version and a `failed` row never have work: nothing is sent twice.
 */
export function needsWork(row: DeliveryRecord, noticeVersion: number, now: Date): boolean {
  switch (row.state) {
    case 'pending':
      return true;
    case 'sending':
      return leaseExpired(row, now);
    case 'sent':
      return row.activityId !== undefined && (row.sentVersion ?? 0) < noticeVersion;
    case 'failed':
      return false;
  }
}

export function leaseExpired(row: { leaseExpiresAt?: string }, now: Date): boolean {
  return !row.leaseExpiresAt || Date.parse(row.leaseExpiresAt) <= now.getTime();
}

/**
 * How a process names itself in leases: its instance (the same across restarts of one deployment
 * slot: one process runs per instance) and its incarnation (new at every start).
 */
export function leaseOwnerName(instance: string, incarnation: string): string {
  return `${instance}#${incarnation}`;
}

function instanceOf(owner: string | undefined): { instance: string; incarnation: string } | undefined {
  const at = owner?.lastIndexOf('#') ?? -1;
  if (!owner || at <= 0 || at === owner.length - 1) return undefined;
  return { instance: owner.slice(0, at), incarnation: owner.slice(at + 1) };
}

/**
 * Whether a lease is held by an earlier life of this very process: the same instance, another
 * incarnation. That process is dead (one runs per instance), so its leases need not run out.
 * A lease of another instance (which may be alive), or one not named this way, is not.
 */
export function leasedByEarlierIncarnation(leaseOwner: string | undefined, owner: string): boolean {
  const theirs = instanceOf(leaseOwner);
  const ours = instanceOf(owner);
  return !!theirs && !!ours && theirs.instance === ours.instance && theirs.incarnation !== ours.incarnation;
}

/**
 * Whether a process starting as `owner` should hand the row to a worker now: it has work and no
 * live worker may hold it, i.e. it needs work (see `needsWork`) or an earlier incarnation of this
 * process left it leased. Its pointer may have died with that process, so it gets a fresh one.
 */
export function reclaimableAtStart(row: DeliveryRecord, noticeVersion: number, owner: string, now: Date): boolean {
  return needsWork(row, noticeVersion, now) || (row.state === 'sending' && leasedByEarlierIncarnation(row.leaseOwner, owner));
}
