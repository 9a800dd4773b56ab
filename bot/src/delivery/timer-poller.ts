import { randomUUID } from 'node:crypto';
import type { Clock } from '../usecases/ports';
import { backoffDelayInMs, type BackoffOptions } from './backoff';
import { leftByGoneIncarnation } from './delivery-rules';
import { EarlierIncarnations, type HeartbeatStore } from './earlier-incarnations';
import { Periodic } from './periodic';
import { toTimer, type Timer } from './scheduler';
import type { TimerRecord, TimerStore } from './timer-ports';

export type TimerHandler = (timer: Timer) => Promise<void>;

export interface TimerPollerOptions {
  store: TimerStore;
  clock: Clock;
  /** Runs the rule behind a due timer; it should be idempotent (a process dying mid-handler repeats it). */
  handle: TimerHandler;
  /**
   * Names this process in leases; random by default. Named `instance#incarnation` and given
   * `heartbeats`, the poller takes back the timers an earlier incarnation of this instance was
   * firing once that incarnation is gone (see `reclaimOnce`).
   */
  owner?: string;
  /** The incarnations' heartbeats, telling which earlier incarnations are gone. */
  heartbeats?: HeartbeatStore;
  /** A beat older than this tells its incarnation is gone (default 15 s). */
  staleAfterInMs?: number;
  intervalInMs?: number;
  /** How long a claim holds before another poller may take the timer over. */
  leaseInMs?: number;
  /** Handler failures before the timer is given up as failed. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** Fired and failed timers are deleted this long after (default 30 days). */
  retainInDays?: number;
  log?: (line: string) => void;
}

/**
 * Fires due timers: claims each with an ETag-guarded lease, so one poller among several (and
 * across restarts) fires it; a timer that fell due while the app was down fires at start.
 */
export class TimerPoller {
  readonly owner: string;
  private readonly store: TimerStore;
  private readonly clock: Clock;
  private readonly intervalInMs: number;
  private readonly leaseInMs: number;
  private readonly maxAttempts: number;
  private readonly log: (line: string) => void;
  private lastPurge = 0;
  private readonly earlier?: EarlierIncarnations;

  constructor(private readonly options: TimerPollerOptions) {
    this.owner = options.owner ?? `poller-${randomUUID()}`;
    if (options.heartbeats)
      this.earlier = new EarlierIncarnations({ heartbeats: options.heartbeats, owner: this.owner, clock: options.clock, staleAfterInMs: options.staleAfterInMs });
    this.store = options.store;
    this.clock = options.clock;
    this.intervalInMs = options.intervalInMs ?? 1_000;
    this.leaseInMs = options.leaseInMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.log = options.log ?? ((line) => console.error(line));
  }

  /** Fires every timer due now; resolves with how many this poller fired. */
  async pollOnce(): Promise<number> {
    const now = this.clock.now();
    let fired = 0;
    for (const due of await this.store.listDue(now.toISOString())) if (await this.fire(due.value, due.etag)) fired++;
    if (now.getTime() - this.lastPurge > 3_600_000) {
      this.lastPurge = now.getTime();
      const before = new Date(now.getTime() - (this.options.retainInDays ?? 30) * 86_400_000).toISOString();
      await this.store.purge(before).catch((err: unknown) => this.log(`[timers] purge failed: ${String(err)}`));
    }
    return fired;
  }

  /**
   * One look at the heartbeats of this instance's other incarnations; at start, and when one of
   * them is newly gone, ends the leases the gone ones held on the timers they were firing
   * (ETag-guarded), so those fire again now rather than when the leases run out. The timers of a
   * live earlier incarnation stay its own. Resolves with how many it took back.
   */
  async reclaimOnce(): Promise<number> {
    const pass = await this.earlier?.look();
    if (!pass) return 0;
    const now = this.clock.now().toISOString();
    let reclaimed = 0;
    for (const timer of await this.store.list({ state: 'firing' })) {
      if (!leftByGoneIncarnation(timer.leaseOwner, this.owner, pass.live)) continue;
      const current = await this.store.get(timer.id);
      if (!current || current.value.state !== 'firing' || current.value.leaseOwner !== timer.leaseOwner) continue;
      if ((await this.store.update({ ...current.value, leaseExpiresAt: now, updatedAt: now }, current.etag)).ok) reclaimed++;
    }
    await pass.done();
    if (reclaimed > 0) this.log(`[timers] reclaimed ${reclaimed} timers of gone earlier incarnations (${this.owner})`);
    return reclaimed;
  }

  private loop?: Periodic;

  // Every poll also looks at the heartbeats, as long as an earlier incarnation may leave a timer firing.
  private makeLoop(): Periodic {
    const tick = async () => {
      if (this.earlier?.watching)
        await this.reclaimOnce().catch((err: unknown) => this.log(`[timers] reclaim failed: ${err instanceof Error ? err.message : String(err)}`));
      return this.pollOnce();
    };
    return new Periodic(tick, {
      intervalInMs: this.intervalInMs,
      immediately: true,
      onError: (err) => this.log(`[timers] poll failed: ${err instanceof Error ? err.message : String(err)}`),
    });
  }

  /** Polls now (overdue timers fire at start) and then every interval, until stop(). */
  start(): void {
    this.loop ??= this.makeLoop();
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private async fire(timer: TimerRecord, etag: string): Promise<boolean> {
    const claimedAt = this.clock.now();
    const claimed: TimerRecord = {
      ...timer,
      state: 'firing',
      attempts: timer.attempts + 1,
      leaseOwner: this.owner,
      leaseExpiresAt: new Date(claimedAt.getTime() + this.leaseInMs).toISOString(),
      updatedAt: claimedAt.toISOString(),
    };
    const claim = await this.store.update(claimed, etag);
    if (!claim.ok) return false; // another poller has it, or it was moved or cancelled
    let outcome: TimerRecord;
    try {
      await this.options.handle(toTimer(claimed));
      outcome = { ...claimed, state: 'fired', firedAt: this.clock.now().toISOString() };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log(`[timers] ${timer.kind} ${timer.id} failed (attempt ${claimed.attempts}): ${message}`);
      const retryAt = new Date(this.clock.now().getTime() + backoffDelayInMs(claimed.attempts, this.options.backoff ?? { baseInMs: 5_000, capInMs: 300_000 }));
      outcome =
        claimed.attempts >= this.maxAttempts
          ? { ...claimed, state: 'failed', lastError: message }
          : { ...claimed, state: 'scheduled', dueAt: retryAt.toISOString(), lastError: message };
    }
    outcome = { ...outcome, updatedAt: this.clock.now().toISOString() };
    delete outcome.leaseOwner;
    delete outcome.leaseExpiresAt;
    // A stale ETag here means the timer was rescheduled or cancelled while it fired: that change stands.
    await this.store.update(outcome, claim.etag);
    return outcome.state === 'fired';
  }
}
