import { randomUUID } from 'node:crypto';
import { systemClock, type Clock, type Versioned } from '../usecases/ports';
import { sleep, type BackoffOptions } from './backoff';
import type { ConversationGateway } from './conversation-gateway';
import { runDeliveryJob, type DeliveryJobDeps } from './delivery-job';
import { DeliveryPacer } from './delivery-pacer';
import { needsWork } from './delivery-rules';
import type { DeliveryRecord, DeliveryTable, NoticeTable, PointerQueue, ReceivedPointer, TargetDirectory } from './outbox-ports';
import { RowWriteBatcher } from './row-write-batcher';
import { Slots } from './slots';
import { TargetCache } from './target-cache';

export interface OutboxWorkerOptions {
  notices: NoticeTable;
  deliveries: DeliveryTable;
  pointers: PointerQueue;
  targets: TargetDirectory;
  gateway: ConversationGateway;
  /** Share one pacer between the workers of a process: the budgets are per process. */
  pacer?: DeliveryPacer;
  clock?: Clock;
  /** Names this worker in leases; random by default. */
  owner?: string;
  /** How long a claimed delivery is this worker's before another may take it over (default 60 s). */
  leaseInMs?: number;
  /** Deliveries claimed and not yet recorded, at most (default 500). */
  maxInFlight?: number;
  /** Requests to Teams on their way at once, at most (default 64). */
  maxConcurrentSends?: number;
  /** Attempts before a retryable failure is given up (default 8). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** How often an idle worker looks at the queue (default 1 s; `wake()` looks at once). */
  idlePollInMs?: number;
  visibilityTimeoutInSeconds?: number;
  targetCacheInMs?: number;
  log?: (line: string) => void;
}

export type WorkerCounts = Record<'sent' | 'updated' | 'failed' | 'retried' | 'throttled' | 'lost', number>;

const maxMessagesInHand = 64;

/**
 * Takes pointers off the queue, leases the rows they name with ETags (so no other worker,
 * in this process or another, sends them), delivers them and records the outcome.
 */
export class OutboxWorker {
  readonly owner: string;
  readonly counts: WorkerCounts = { sent: 0, updated: 0, failed: 0, retried: 0, throttled: 0, lost: 0 };
  private readonly o: OutboxWorkerOptions;
  private readonly clock: Clock;
  private readonly job: DeliveryJobDeps;
  private readonly slots: Slots;
  private readonly handles = new Set<Promise<void>>();
  private running?: { stop: AbortController; loop: Promise<void> };
  private wakeUp?: () => void;
  private woken = false;

  constructor(options: OutboxWorkerOptions) {
    this.o = options;
    this.owner = options.owner ?? `worker-${randomUUID()}`;
    this.clock = options.clock ?? systemClock;
    this.slots = new Slots(Math.max(100, options.maxInFlight ?? 500));
    const log = options.log ?? ((line: string) => console.error(line));
    this.job = {
      gateway: options.gateway,
      pacer: options.pacer ?? new DeliveryPacer(),
      targets: new TargetCache(options.targets, options.targetCacheInMs),
      writes: new RowWriteBatcher(options.deliveries),
      sends: new Slots(options.maxConcurrentSends ?? 64),
      clock: this.clock,
      leaseInMs: options.leaseInMs ?? 60_000,
      maxAttempts: options.maxAttempts ?? 8,
      backoff: options.backoff ?? { baseInMs: 500, capInMs: 30_000 },
      log,
      count: (event) => this.counts[event]++,
    };
  }

  start(): void {
    if (this.running) return;
    const stop = new AbortController();
    const loop = (async () => {
      while (!stop.signal.aborted) {
        this.woken = false;
        const received = await this.receiveBatch().catch((err: unknown) => {
          this.job.log(`[outbox] receive failed: ${err instanceof Error ? err.message : String(err)}`);
          return 0;
        });
        if (received === 0) await this.idle(stop.signal);
      }
    })();
    this.running = { stop, loop };
  }

  /** Stops taking pointers and waits for the deliveries in hand. */
  async stop(): Promise<void> {
    if (this.running) {
      this.running.stop.abort();
      this.wakeUp?.();
      await this.running.loop;
      this.running = undefined;
    }
    await Promise.all([...this.handles]);
  }

  /** Looks at the queue now (an enqueue in this process calls it). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Handles pointers until the queue has none and nothing is in hand (tests). */
  async drain(): Promise<void> {
    for (;;) {
      const received = await this.receiveBatch();
      if (received > 0) continue;
      if (this.handles.size === 0) return;
      await Promise.race(this.handles);
    }
  }

  private async receiveBatch(): Promise<number> {
    while (this.handles.size >= maxMessagesInHand) await Promise.race(this.handles);
    const messages = await this.o.pointers.receive(Math.min(32, maxMessagesInHand - this.handles.size), this.o.visibilityTimeoutInSeconds ?? 300);
    for (const message of messages) {
      const handle: Promise<void> = this.handle(message)
        .catch((err: unknown) => this.job.log(`[outbox] pointer ${message.messageId} failed: ${err instanceof Error ? err.stack : String(err)}`))
        .finally(() => this.handles.delete(handle));
      this.handles.add(handle);
    }
    return messages.length;
  }

  private async handle(message: ReceivedPointer): Promise<void> {
    if (!message.pointer) {
      this.job.log(`[outbox] dropping message ${message.messageId}: not a delivery pointer`);
      await this.o.pointers.delete(message);
      return;
    }
    const { noticeId, keys } = message.pointer;
    let notice = await this.o.notices.get(noticeId);
    const wanted = new Set(keys);
    const sorted = [...keys].sort();
    const range = { fromKey: sorted[0] ?? '', toKey: sorted[sorted.length - 1] ?? '' };
    // A newer version written while we sent means another round: the posted messages get it.
    for (let round = 0; notice && round < 5; round++) {
      const rows = (await this.o.deliveries.list(noticeId, range)).filter((r) => wanted.has(r.value.key));
      const work = rows.filter((r) => needsWork(r.value, notice!.value.version, this.clock.now()));
      if (work.length === 0) break;
      await this.slots.acquire(work.length);
      const claimed = await this.claim(work).catch((err: unknown) => {
        this.slots.release(work.length);
        throw err;
      });
      this.slots.release(work.length - claimed.length);
      const current = notice.value;
      await Promise.all(
        claimed.map((row) =>
          runDeliveryJob(this.job, current, row)
            .catch((err: unknown) => this.job.log(`[outbox] delivery ${noticeId} -> ${row.value.conversationId} failed: ${String(err)}`))
            .finally(() => this.slots.release(1)),
        ),
      );
      const fresh = await this.o.notices.get(noticeId);
      if (!fresh || fresh.value.version === current.version) break;
      notice = fresh;
    }
    await this.o.pointers.delete(message);
  }

  /** Leases the rows in one transaction per notice; rows somebody else changed are skipped. */
  private async claim(rows: Versioned<DeliveryRecord>[]): Promise<Versioned<DeliveryRecord>[]> {
    const now = this.clock.now();
    const leaseExpiresAt = new Date(now.getTime() + this.job.leaseInMs).toISOString();
    const leased = rows.map((r) => ({
      etag: r.etag,
      value: { ...r.value, state: 'sending' as const, leaseOwner: this.owner, leaseExpiresAt, updatedAt: now.toISOString() },
    }));
    const outcomes = await this.o.deliveries.updateMany(leased);
    return leased.flatMap((r, i) => {
      const outcome = outcomes[i];
      return outcome?.ok ? [{ value: r.value, etag: outcome.etag }] : [];
    });
  }

  private idle(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.o.idlePollInMs ?? 1_000);
      this.wakeUp = done;
      if (signal.aborted || this.woken) done();
    });
  }
}
