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
 * slot; at a restart or deploy the old process may still run a while beside the new one) and its
 * incarnation (new at every start).
 */
export function leaseOwnerName(instance: string, incarnation: string): string {
  return `${instance}#${incarnation}`;
}

/** The instance and the incarnation of a lease owner named `instance#incarnation`. */
export function ownerParts(owner: string | undefined): { instance: string; incarnation: string } | undefined {
  const at = owner?.lastIndexOf('#') ?? -1;
  if (!owner || at <= 0 || at === owner.length - 1) return undefined;
  return { instance: owner.slice(0, at), incarnation: owner.slice(at + 1) };
}

/**
 * Whether a lease is held by an earlier life of this very process: the same instance, another
 * incarnation. Whether that incarnation is gone is for its heartbeat to tell (`incarnationGone`).
 * A lease of another instance, or one not named this way, is not.
 */
export function leasedByEarlierIncarnation(leaseOwner: string | undefined, owner: string): boolean {
  const theirs = ownerParts(leaseOwner);
  const ours = ownerParts(owner);
  return !!theirs && !!ours && theirs.instance === ours.instance && theirs.incarnation !== ours.incarnation;
}

/** An incarnation's last heartbeat, as its instance's heartbeat rows hold it. */
export interface IncarnationBeat {
  incarnation: string;
  beatAt: string;
}

/**
 * Whether an incarnation is gone: it has no heartbeat (it stopped cleanly and deleted it, or
 * never wrote one) or its last beat is more than `staleAfterInMs` old (it died, or hangs).
 * An incarnation with a fresh beat is alive, and what it leased stays its own.
 */
export function incarnationGone(beat: Pick<IncarnationBeat, 'beatAt'> | undefined, now: Date, staleAfterInMs: number): boolean {
  if (!beat) return true;
  const at = Date.parse(beat.beatAt);
  return Number.isNaN(at) || now.getTime() - at > staleAfterInMs;
}

/** The other incarnations of this process's instance that are alive (a fresh heartbeat). */
export function liveEarlierIncarnations(beats: IncarnationBeat[], owner: string, now: Date, staleAfterInMs: number): Set<string> {
  const mine = ownerParts(owner)?.incarnation;
  return new Set(beats.filter((b) => b.incarnation !== mine && !incarnationGone(b, now, staleAfterInMs)).map((b) => b.incarnation));
}

/**
 * Whether a lease was left by an earlier incarnation of this instance that is gone, i.e. is not
 * among the `live` ones: its leases need not run out, nobody is sending under them.
 */
export function leftByGoneIncarnation(leaseOwner: string | undefined, owner: string, live: ReadonlySet<string>): boolean {
  return leasedByEarlierIncarnation(leaseOwner, owner) && !live.has(ownerParts(leaseOwner)!.incarnation);
}

/**
 * Whether a reclaim (at start, and whenever an earlier incarnation is found gone) should hand the
 * row to a worker now: it has work, and no live worker may hold it: it has no lease (its pointer
 * may have gone with the dead process), its lease is over, or a gone earlier incarnation left it.
 * A row under a live lease (another instance's, a live earlier incarnation's, its own) is left alone.
 */
export function reclaimable(row: DeliveryRecord, noticeVersion: number, owner: string, live: ReadonlySet<string>, now: Date): boolean {
  const hasWork = row.state === 'pending' || row.state === 'sending' || needsWork(row, noticeVersion, now);
  const leased = row.leaseExpiresAt !== undefined && !leaseExpired(row, now);
  return hasWork && (!leased || leftByGoneIncarnation(row.leaseOwner, owner, live));
}
