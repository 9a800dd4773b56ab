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

export function leaseExpired(row: DeliveryRecord, now: Date): boolean {
  return !row.leaseExpiresAt || Date.parse(row.leaseExpiresAt) <= now.getTime();
}
