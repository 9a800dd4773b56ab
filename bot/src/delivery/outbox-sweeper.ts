import type { Clock, Versioned } from '../usecases/ports';
import { Periodic } from './periodic';
import { leaseExpired, leftByGoneIncarnation, reclaimable } from './delivery-rules';
import { EarlierIncarnations, type HeartbeatStore } from './earlier-incarnations';
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
   * This process's name in leases (`instance#incarnation`): given with `heartbeats`, the sweeper
   * takes back what an earlier incarnation of this instance left, once it is gone (see `reclaimOnce`).
   */
  owner?: string;
  /** The incarnations' heartbeats, telling which earlier incarnations are gone. */
  heartbeats?: HeartbeatStore;
  /** A beat older than this tells its incarnation is gone (default 15 s). */
  staleAfterInMs?: number;
  /** How often it looks at the heartbeats while an earlier incarnation may still leave something (default 1 s). */
  reclaimEveryInMs?: number;
  log?: (line: string) => void;
}

export interface SweepResult {
  repointed: number;
  closed: number;
}

/**
 * Makes sure no delivery is stranded: rows whose pointer was lost, whose worker died (lease
 * expired) or whose update was never picked up get a fresh pointer; notices with nothing
 * left to do are closed, so sweeps only read open ones. What an earlier life of this process
 * left it takes back without waiting for leases to run out, as soon as that life is gone
 * (`reclaimOnce`, at start and then every `reclaimEveryInMs` while one may still be alive).
 */
export class OutboxSweeper {
  private readonly earlier?: EarlierIncarnations;

  constructor(private readonly o: OutboxSweeperOptions) {
    if (o.owner && o.heartbeats) this.earlier = new EarlierIncarnations({ heartbeats: o.heartbeats, owner: o.owner, clock: o.clock, staleAfterInMs: o.staleAfterInMs });
  }

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
   * One look at the heartbeats of this instance's other incarnations; at start, and when one of
   * them is newly gone, hands to the queue every delivery that has work and that no live worker
   * may hold: those the gone incarnations left leased (their leases are ended), and those without
   * a lease or whose lease is over (a dead process may have taken their pointers with it). Leases
   * of other instances, of live earlier incarnations and its own stand. Resolves with how many.
   */
  async reclaimOnce(): Promise<number> {
    const owner = this.o.owner;
    const pass = await this.earlier?.look();
    if (!owner || !pass) return 0;
    const now = this.o.clock.now();
    const at = now.toISOString();
    let reclaimed = 0;
    for (const { value: notice } of await this.o.notices.listOpen()) {
      for await (const page of this.o.deliveries.listPages(notice.id)) {
        const rows = page.filter((r) => reclaimable(r.value, notice.version, owner, pass.live, now)).map((r) => {
          const leftLeased = r.value.state === 'sending' && leftByGoneIncarnation(r.value.leaseOwner, owner, pass.live);
          return leftLeased ? { ...r, value: { ...r.value, leaseExpiresAt: at } } : r;
        });
        if (rows.length > 0) reclaimed += await this.repoint(notice.id, rows, at);
      }
    }
    await pass.done();
    const alive = pass.live.size > 0 ? `; ${pass.live.size} earlier incarnations alive, their leases stand` : '';
    if (reclaimed > 0) (this.o.log ?? console.error)(`[outbox] reclaimed ${reclaimed} deliveries (${owner})${alive}`);
    return reclaimed;
  }

  private sweeping?: Periodic;
  private reclaiming?: Periodic;

  start(): void {
    const log = this.o.log ?? console.error;
    // The first sweep comes an interval after the start: at start nothing can be stale yet but lost pointers.
    this.sweeping ??= new Periodic(() => this.sweepOnce(), {
      intervalInMs: this.o.intervalInMs ?? 30_000,
      immediately: false,
      onError: (err) => log(`[outbox] sweep failed: ${String(err)}`),
    });
    // Reclaims at start, then looks at the heartbeats until no earlier incarnation may leave anything.
    const earlier = this.earlier;
    if (earlier?.watching)
      this.reclaiming ??= new Periodic(() => this.reclaimOnce(), {
        intervalInMs: this.o.reclaimEveryInMs ?? 1_000,
        immediately: true,
        onError: (err) => log(`[outbox] reclaim failed: ${String(err)}`),
        until: () => !earlier.watching,
      });
    this.sweeping.start();
    this.reclaiming?.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.sweeping?.stop(), this.reclaiming?.stop()]);
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
