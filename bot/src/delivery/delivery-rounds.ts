import type { Clock, Versioned } from '../usecases/ports';
import { runDeliveryJob, type DeliveryJobDeps } from './delivery-job';
import { needsWork } from './delivery-rules';
import type { DeliveryRecord, DeliveryTable, NoticeRecord, NoticeTable } from './outbox-ports';
import type { Slots } from './slots';

export interface RoundsContext {
  notices: NoticeTable;
  deliveries: DeliveryTable;
  job: DeliveryJobDeps;
  /** Deliveries this worker holds; every claimed row holds one until its job ends. */
  slots: Slots;
  owner: string;
  clock: Clock;
}

/** Rows this worker leased already (created leased by an enqueue in this process), with their notice. */
export interface Preclaimed {
  notice: NoticeRecord;
  rows: Versioned<DeliveryRecord>[];
}

/**
 * Delivers the rows of one notice bucket named by `keys`: leases those with work, sends them,
 * and looks at the notice again afterwards; a newer version written meanwhile means another
 * round, so the posted messages get it (updates that raced the sends are not lost).
 */
export async function deliverRows(ctx: RoundsContext, noticeId: string, bucket: number, keys: string[], start?: Preclaimed): Promise<void> {
  let notice = start?.notice ?? (await ctx.notices.get(noticeId))?.value;
  let claimed = start?.rows;
  const wanted = new Set(keys);
  const sorted = [...keys].sort();
  const range = { bucket, fromKey: sorted[0] ?? '', toKey: sorted[sorted.length - 1] ?? '' };
  // No cap on rounds: each one is there because a newer version was written during the last.
  while (notice) {
    if (!claimed) {
      const version = notice.version;
      // Places first, rows after: a pointer waiting for places holds its keys, not its rows, so
      // the rows in memory are at most the worker's places however long the queue is.
      const places = Math.min(keys.length, ctx.slots.capacity);
      await ctx.slots.acquire(places);
      let held = places;
      try {
        const rows = (await ctx.deliveries.list(noticeId, range)).filter((r) => wanted.has(r.value.key));
        const work = rows.filter((r) => needsWork(r.value, version, ctx.clock.now()));
        if (work.length === 0) break;
        claimed = await claim(ctx, work);
        // Each claimed row keeps its place until its job ends.
        held -= claimed.length;
      } finally {
        ctx.slots.release(held);
      }
    }
    const current = notice;
    await Promise.all(
      claimed.map((row) =>
        runDeliveryJob(ctx.job, current, row)
          .catch((err: unknown) => ctx.job.log(`[outbox] delivery ${noticeId} -> ${row.value.conversationId} failed: ${String(err)}`))
          .finally(() => ctx.slots.release(1)),
      ),
    );
    claimed = undefined;
    const fresh = (await ctx.notices.get(noticeId))?.value;
    if (!fresh || fresh.version === current.version) break;
    notice = fresh;
  }
}

/** Leases the rows (one transaction per partition); rows somebody else changed are skipped. */
async function claim(ctx: RoundsContext, rows: Versioned<DeliveryRecord>[]): Promise<Versioned<DeliveryRecord>[]> {
  const now = ctx.clock.now();
  const leaseExpiresAt = new Date(now.getTime() + ctx.job.leaseInMs).toISOString();
  const leased = rows.map((r) => ({
    etag: r.etag,
    value: { ...r.value, state: 'sending' as const, leaseOwner: ctx.owner, leaseExpiresAt, updatedAt: now.toISOString() },
  }));
  const outcomes = await ctx.deliveries.updateMany(leased);
  return leased.flatMap((r, i) => {
    const outcome = outcomes[i];
    return outcome?.ok ? [{ value: r.value, etag: outcome.etag }] : [];
  });
}
