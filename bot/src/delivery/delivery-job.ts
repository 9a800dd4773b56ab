import type { Clock, Versioned } from '../usecases/ports';
import { backoffDelayInMs, sleep, type BackoffOptions } from './backoff';
import { classifyFailure, DeliveryError, meansConversationGone, type ConversationGateway } from './conversation-gateway';
import type { DeliveryPacer } from './delivery-pacer';
import type { DeliveryRecord, NoticeRecord } from './outbox-ports';
import type { RowWriteBatcher } from './row-write-batcher';
import type { Slots } from './slots';
import type { TargetCache } from './target-cache';

export interface DeliveryJobDeps {
  gateway: ConversationGateway;
  pacer: DeliveryPacer;
  targets: TargetCache;
  writes: RowWriteBatcher;
  /** Requests to Teams on their way at once, at most: each holds a socket and its buffers. */
  sends: Slots;
  clock: Clock;
  leaseInMs: number;
  maxAttempts: number;
  backoff: BackoffOptions;
  log: (line: string) => void;
  /** Counts what happened, for tests and the bench. */
  count: (event: 'sent' | 'updated' | 'failed' | 'retried' | 'throttled' | 'lost') => void;
}

/** The outcome of one claimed delivery. */
export type JobOutcome = 'sent' | 'failed' | 'lost';

/**
 * Delivers one claimed row: waits its turn in the conversation's lane and the tenant's budget,
 * posts (or updates) the message, records the result; retries what Teams says may be retried.
 * The lease is renewed before any send it might not cover, so no other worker takes the row
 * over while it is being sent.
 */
export async function runDeliveryJob(deps: DeliveryJobDeps, notice: NoticeRecord, claimed: Versioned<DeliveryRecord>): Promise<JobOutcome> {
  let row = claimed;
  const { tenantId, conversationId } = row.value;
  const laneKey = `${tenantId}\n${conversationId}`;
  const now = () => deps.clock.now();

  const write = async (value: DeliveryRecord): Promise<boolean> => {
    const outcome = await deps.writes.write({ value, etag: row.etag });
    if (!outcome.ok) {
      deps.count('lost');
      deps.log(`[outbox] lost the lease on ${value.noticeId} -> ${conversationId}; another worker has it`);
      return false;
    }
    row = { value, etag: outcome.etag };
    return true;
  };
  const finish = (change: Partial<DeliveryRecord>): DeliveryRecord => {
    const value: DeliveryRecord = { ...row.value, ...change, updatedAt: now().toISOString() };
    delete value.leaseOwner;
    delete value.leaseExpiresAt;
    return value;
  };

  return deps.pacer.inLane(laneKey, `${notice.createdAt}\n${notice.id}`, async (): Promise<JobOutcome> => {
    const resolved = await deps.targets.resolve(tenantId, conversationId);
    if (!resolved.active) {
      deps.count('failed');
      return (await write(finish({ state: 'failed', lastError: resolved.reason }))) ? 'failed' : 'lost';
    }
    const activityId = row.value.activityId;
    for (;;) {
      const release = await deps.pacer.permit(tenantId, laneKey);
      // Storage trouble while renewing propagates: the lease runs out and the sweeper retries.
      const renewed = await renewIfShort().catch((err: unknown) => {
        release();
        throw err;
      });
      if (!renewed) {
        release();
        return 'lost';
      }
      let posted = activityId;
      let failure: DeliveryError | undefined;
      await deps.sends.acquire(1);
      try {
        if (posted) await deps.gateway.update(resolved.target, posted, notice.activity);
        else posted = (await deps.gateway.send(resolved.target, notice.activity)).activityId;
      } catch (err) {
        failure = err instanceof DeliveryError ? err : new DeliveryError(String(err), { cause: err });
      } finally {
        deps.sends.release(1);
        release();
      }
      if (!failure) {
        deps.count(activityId ? 'updated' : 'sent');
        const sentAt = now().toISOString();
        // A message updated many times keeps its full retries: the limit counts failures in a row.
        const done = finish({ state: 'sent', activityId: posted, sentVersion: notice.version, sentAt, attempts: row.value.attempts + 1, failedInARow: 0 });
        return (await write(done)) ? 'sent' : 'lost';
      }
      const kind = classifyFailure(failure);
      const attempts = row.value.attempts + 1;
      const failedInARow = (row.value.failedInARow ?? 0) + 1;
      const statusCodes = [...row.value.statusCodes, failure.statusCode ?? 0];
      const lastError = failure.message;
      if (kind === 'final' || failedInARow >= deps.maxAttempts) {
        if (meansConversationGone(failure, activityId ? 'update' : 'send'))
          await deps.targets.markInactive(tenantId, conversationId, `Teams answered ${failure.statusCode}`);
        deps.count('failed');
        return (await write(finish({ state: 'failed', attempts, failedInARow, statusCodes, lastError }))) ? 'failed' : 'lost';
      }
      const delay = kind === 'throttled' ? (failure.retryAfterInMs ?? backoffDelayInMs(failedInARow, deps.backoff)) : backoffDelayInMs(failedInARow, deps.backoff);
      if (kind === 'throttled') {
        deps.pacer.pauseTenant(tenantId, delay);
        deps.count('throttled');
      } else deps.count('retried');
      // The row keeps its lease through the wait, and says why it waits.
      const leaseExpiresAt = new Date(now().getTime() + delay + deps.leaseInMs).toISOString();
      if (!(await write({ ...row.value, attempts, failedInARow, statusCodes, lastError, leaseExpiresAt, updatedAt: now().toISOString() }))) return 'lost';
      await sleep(delay);
    }
  });

  /** Renews the lease when less than half of it is left, so it covers the send with room to spare. */
  async function renewIfShort(): Promise<boolean> {
    const left = Date.parse(row.value.leaseExpiresAt ?? '') - now().getTime();
    if (left > deps.leaseInMs / 2) return true;
    const leaseExpiresAt = new Date(now().getTime() + deps.leaseInMs).toISOString();
    return write({ ...row.value, leaseExpiresAt, updatedAt: now().toISOString() });
  }
}
