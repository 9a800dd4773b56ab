import { randomUUID } from 'node:crypto';
import { systemClock, type Clock, type Versioned } from '../usecases/ports';
import { sleep, type BackoffOptions } from './backoff';
import type { ConversationGateway } from './conversation-gateway';
import type { DeliveryJobDeps } from './delivery-job';
import { DeliveryPacer } from './delivery-pacer';
import { deliverRows, type RoundsContext } from './delivery-rounds';
import { pointerBatchSize, type DeliveryRecord, type DeliveryTable, type NoticeRecord, type NoticeTable, type PointerQueue, type ReceivedPointer, type TargetDirectory } from './outbox-ports';
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
  /**
   * Deliveries being worked on at once, at most (default 250): each holds its row and a few KB of
   * work in progress (its turn in the pacer, the reference read, the send, the write); 250 keep
   * the 64 sends busy, more only wait in memory.
   */
  maxInFlight?: number;
  /**
   * Deliveries of notices enqueued in this process that may wait here, leased, skipping the queue
   * (default twice `maxInFlight`): enough to keep the worker busy while the rest go through the
   * queue, and no more, as each waits in memory with its lease running.
   */
  maxPreclaimed?: number;
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
 * in this process or another, sends them), delivers them and records the outcome. Rows of
 * notices enqueued in this process come to it directly, leased at creation (`deliverClaimed`).
 */
export class OutboxWorker {
  readonly owner: string;
  readonly counts: WorkerCounts = { sent: 0, updated: 0, failed: 0, retried: 0, throttled: 0, lost: 0 };
  private readonly o: OutboxWorkerOptions;
  private readonly clock: Clock;
  private readonly job: DeliveryJobDeps;
  private readonly slots: Slots;
  private readonly rounds: RoundsContext;
  private readonly maxPreclaimed: number;
  /** Rows leased to this worker by an enqueue here that have not started yet. */
  private preclaimed = 0;
  /** Everything in hand: queue messages and directly handed rows. */
  private readonly handles = new Set<Promise<void>>();
  private messagesInHand = 0;
  /**
   * The keys of the pointers in hand, and at most this many: twice the places, so rows are ready
   * when places free up, while the rest of a long queue stays on it (in storage, not in memory,
   * and for the other processes' workers).
   */
  private keysInHand = 0;
  private readonly maxKeysInHand: number;
  private running?: { stop: AbortController; loop: Promise<void> };
  private wakeUp?: () => void;
  private woken = false;

  constructor(options: OutboxWorkerOptions) {
    this.o = options;
    this.owner = options.owner ?? `worker-${randomUUID()}`;
    this.clock = options.clock ?? systemClock;
    this.slots = new Slots(Math.max(100, options.maxInFlight ?? 250));
    this.maxPreclaimed = options.maxPreclaimed ?? 2 * this.slots.capacity;
    this.maxKeysInHand = 2 * this.slots.capacity;
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
    this.rounds = { notices: options.notices, deliveries: options.deliveries, job: this.job, slots: this.slots, owner: this.owner, clock: this.clock };
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

  get leaseInMs(): number {
    return this.job.leaseInMs;
  }

  /** Takes up to `max` deliveries of a notice enqueued in this process (leased to it at creation); none unless started. */
  reserve(max: number): number {
    const taken = this.running ? Math.max(0, Math.min(max, this.maxPreclaimed - this.preclaimed)) : 0;
    this.preclaimed += taken;
    return taken;
  }

  release(count: number): void {
    this.preclaimed -= count;
  }

  /** Delivers rows an enqueue in this process created leased to this worker (each reserved before). */
  deliverClaimed(notice: NoticeRecord, rows: Versioned<DeliveryRecord>[]): void {
    const byBucket = new Map<number, Versioned<DeliveryRecord>[]>();
    for (const r of rows) {
      const group = byBucket.get(r.value.bucket);
      if (group) group.push(r);
      else byBucket.set(r.value.bucket, [r]);
    }
    for (const [bucket, claimed] of byBucket) {
      const run = async () => {
        // They wait for places like the queue's rows; their leases are renewed at sending if need be.
        await this.slots.acquire(claimed.length);
        this.preclaimed -= claimed.length;
        await deliverRows(this.rounds, notice.id, bucket, claimed.map((r) => r.value.key), { notice, rows: claimed });
      };
      this.track(run(), `delivery of ${notice.id}`);
    }
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
    while (this.messagesInHand >= maxMessagesInHand || this.keysInHand >= this.maxKeysInHand) await Promise.race(this.handles);
    // A pointer names up to `pointerBatchSize` keys: take no more than the keys in hand leave room for.
    const room = Math.min(32, maxMessagesInHand - this.messagesInHand, Math.ceil((this.maxKeysInHand - this.keysInHand) / pointerBatchSize));
    const messages = await this.o.pointers.receive(room, this.o.visibilityTimeoutInSeconds ?? 300);
    for (const message of messages) {
      const keys = message.pointer?.keys.length ?? 0;
      this.messagesInHand++;
      this.keysInHand += keys;
      const done = () => {
        this.messagesInHand--;
        this.keysInHand -= keys;
      };
      this.track(this.handle(message).finally(done), `pointer ${message.messageId}`);
    }
    return messages.length;
  }

  private async handle(message: ReceivedPointer): Promise<void> {
    if (!message.pointer) {
      this.job.log(`[outbox] dropping message ${message.messageId}: not a delivery pointer`);
      await this.o.pointers.delete(message);
      return;
    }
    const { noticeId, bucket, keys } = message.pointer;
    await deliverRows(this.rounds, noticeId, bucket, keys);
    await this.o.pointers.delete(message);
  }

  private track(work: Promise<void>, what: string): void {
    const handle: Promise<void> = work
      .catch((err: unknown) => this.job.log(`[outbox] ${what} failed: ${err instanceof Error ? err.stack : String(err)}`))
      .finally(() => this.handles.delete(handle));
    this.handles.add(handle);
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
