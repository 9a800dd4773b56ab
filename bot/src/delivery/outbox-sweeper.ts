import type { Clock, Versioned } from '../usecases/ports';
import { Periodic } from './periodic';
import { leaseExpired, leasedByEarlierIncarnation, reclaimableAtStart } from './delivery-rules';
import { pointersFor, type DeliveryRecord, type DeliveryTable, type NoticeSummary, type NoticeTable, type PointerQueue } from './outbox-ports';

export interface OutboxSweeperOptions {
  notices: NoticeTable;
  deliveries: DeliveryTable;
  pointers: PointerQueue;
  clock: Clock;
  /** A row still waiting this long after its last pointer gets a new one (default 60 s). */
  repointAfterInMs?: number;
  intervalInMs?: number;
  /**
   * This process's name in leases (`instance#incarnation`): given, the sweeper reclaims at start
   * what an earlier incarnation of this instance left (see `reclaimOnce`).
   */
  owner?: string;
  log?: (line: string) => void;
}

export interface SweepResult {
  repointed: number;
  closed: number;
}

/**
 * Makes sure no delivery is stranded: rows whose pointer was lost, whose worker died (lease
 * expired) or whose update was never picked up get a fresh pointer; notices with nothing
 * left to do are closed, so sweeps only read open ones. At start it reclaims at once what an
 * earlier life of this process left (`reclaimOnce`), without waiting for leases to run out.
 */
export class OutboxSweeper {

  constructor(private readonly o: OutboxSweeperOptions) {}

  async sweepOnce(): Promise<SweepResult> {
    const result: SweepResult = { repointed: 0, closed: 0 };
    for (const notice of await this.o.notices.listOpen()) {
      const swept = await this.sweepNotice(notice);
      result.repointed += swept.repointed;
      result.closed += swept.closed;
    }
    return result;
  }

  /**
   * Hands to the queue, now, every delivery that has work and that no live worker may hold: those
   * an earlier incarnation of this process left leased (their leases are ended: that process is
   * dead), and those whose pointer it may have taken with it (pending, lease over, update due).
   * Leases of other instances stand: they may be alive. Without an owner, does nothing.
   */
  async reclaimOnce(): Promise<number> {
    const owner = this.o.owner;
    if (!owner) return 0;
    const now = this.o.clock.now();
    const at = now.toISOString();
    let reclaimed = 0;
    for (const { value: notice } of await this.o.notices.listOpen()) {
      for await (const page of this.o.deliveries.listPages(notice.id)) {
        const rows = page.filter((r) => reclaimableAtStart(r.value, notice.version, owner, now)).map((r) => {
          const leftLeased = r.value.state === 'sending' && leasedByEarlierIncarnation(r.value.leaseOwner, owner);
          return leftLeased ? { ...r, value: { ...r.value, leaseExpiresAt: at } } : r;
        });
        if (rows.length > 0) reclaimed += await this.repoint(notice.id, rows, at);
      }
    }
    if (reclaimed > 0) (this.o.log ?? console.error)(`[outbox] reclaimed ${reclaimed} deliveries at start (${owner})`);
    return reclaimed;
  }

  private loop?: Periodic;

  // At start, at once, the reclaim (what an earlier life of this process left); the first sweep
  // comes an interval later: at start nothing can be stale yet but lost pointers.
  private makeLoop(): Periodic {
    let reclaimed = false;
    const tick = async () => {
      if (reclaimed) return this.sweepOnce();
      reclaimed = true;
      await this.reclaimOnce().catch((err: unknown) => (this.o.log ?? console.error)(`[outbox] reclaim failed: ${String(err)}`));
    };
    return new Periodic(tick, {
      intervalInMs: this.o.intervalInMs ?? 30_000,
      immediately: true,
      onError: (err) => (this.o.log ?? console.error)(`[outbox] sweep failed: ${String(err)}`),
    });
  }

  start(): void {
    this.loop ??= this.makeLoop();
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  /**
   * Reads the notice's rows a page at a time (never all at once: a townhall has one per client)
   * and repoints each page's stranded rows.
   */
  private async sweepNotice(notice: Versioned<NoticeSummary>): Promise<SweepResult> {
    const now = this.o.clock.now();
    const stale = new Date(now.getTime() - (this.o.repointAfterInMs ?? 60_000)).toISOString();
    const { id, version } = notice.value;
    const pointedBefore = (r: DeliveryRecord) => (r.pointerAt ?? '') <= stale;
    const isStranded = (r: DeliveryRecord) => {
      if (r.state === 'pending') return pointedBefore(r);
      if (r.state === 'sending') return leaseExpired(r, now) && ((r.pointerAt ?? '') < (r.leaseExpiresAt ?? '') || pointedBefore(r));
      return pointedBefore(r) && notice.value.updatedAt <= stale; // sent, older version
    };
    let outstanding = 0;
    let repointed = 0;
    for await (const page of this.o.deliveries.listPages(id)) {
      const stranded: Versioned<DeliveryRecord>[] = [];
      for (const r of page) {
        if (!isOutstanding(r.value, version)) continue;
        outstanding++;
        if (isStranded(r.value)) stranded.push(r);
      }
      if (stranded.length > 0) repointed += await this.repoint(id, stranded, now.toISOString());
    }
    if (outstanding > 0) return { repointed, closed: 0 };
    // A notice just written may still be getting its rows: leave it open for now.
    if (notice.value.updatedAt > stale) return { repointed: 0, closed: 0 };
    return { repointed: 0, closed: (await this.close(notice)) ? 1 : 0 };
  }

  /**
   * Marks the rows as pointed at `at` and puts pointers to those it could mark on the queue,
   * a pointer's worth (100 rows, one transaction) at a time.
   */
  private async repoint(noticeId: string, rows: Versioned<DeliveryRecord>[], at: string): Promise<number> {
    let repointed = 0;
    for (const pointer of pointersFor(noticeId, rows.map((r) => r.value))) {
      const keys = new Set(pointer.keys);
      const marked = rows.filter((r) => r.value.bucket === pointer.bucket && keys.has(r.value.key)).map((r) => ({ value: { ...r.value, pointerAt: at }, etag: r.etag }));
      const outcomes = await this.o.deliveries.updateMany(marked);
      const ok = new Set(marked.filter((_, i) => outcomes[i]?.ok).map((r) => r.value.key));
      if (ok.size > 0) await this.o.pointers.send({ ...pointer, keys: pointer.keys.filter((k) => ok.has(k)) });
      repointed += ok.size;
    }
    return repointed;
  }

  /** Closes the notice unless it changed since it was listed (an update or more targets reopen it). */
  private async close(listed: Versioned<NoticeSummary>): Promise<boolean> {
    const current = await this.o.notices.get(listed.value.id);
    if (!current || current.etag !== listed.etag) return false;
    return (await this.o.notices.update({ ...current.value, open: false }, current.etag)).ok;
  }
}

function isOutstanding(row: DeliveryRecord, version: number): boolean {
  if (row.state === 'pending' || row.state === 'sending') return true;
  return row.state === 'sent' && row.activityId !== undefined && (row.sentVersion ?? 0) < version;
}
