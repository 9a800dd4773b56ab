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
   * Deliveries of notices enqueued in this process that this worker takes at once, leased to it at
   * creation so they skip the queue and the claim (default 10,000), and of one tenant no more than
   * two seconds of its budget: the rest go through the queue, to any process's worker. Twice
   * `maxInFlight` of them wait here as rows; the others in storage, their chunk's keys read back when
   * places free up. Against the stand-in 10,000 take some ten seconds; against Teams (64 sends at
   * once, ~0.5 s each) the tail may outlive its lease, and the sweeper then re-points those rows to
   * the queue: the ETag decides between it and this worker, one send either way.
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
  readonly maxPerTenant: number;
  /** Rows leased to this worker by an enqueue here that have not started yet. */
  private preclaimed = 0;
  /** Those of them waiting here as rows, at most `maxHeldRows`; the others wait in storage. */
  private heldRows = 0;
  private readonly maxHeldRows: number;
  /** Everything in hand: queue messages and directly handed rows. */
  private readonly handles = new Set<Promise<void>>();
  /** Settles when the next of them ends: see `nextHandleEnd`. */
  private handleEnd?: { ended: Promise<void>; resolve: () => void };
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
    this.maxPreclaimed = options.maxPreclaimed ?? 10_000;
    this.maxHeldRows = 2 * this.slots.capacity;
    this.maxKeysInHand = 2 * this.slots.capacity;
    const log = options.log ?? ((line: string) => console.error(line));
    const pacer = options.pacer ?? new DeliveryPacer();
    this.maxPerTenant = Math.max(1, Math.ceil(2 * pacer.tenantBudgetPerSecond));
    this.job = {
      gateway: options.gateway,
      pacer,
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

  /**
   * Stops taking pointers and waits for the deliveries in hand; those leased at creation that still
   * wait in storage are left leased to this incarnation, for its successor to take back.
   */
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
      const count = claimed.length;
      // Beyond `maxHeldRows` only the chunk's keys wait here (in pointer order, a chunk's rows are a
      // range of its bucket), and the rows are read back when they have places.
      const held = this.heldRows + count <= this.maxHeldRows ? claimed : undefined;
      const stored = held ? undefined : { bucket, keys: claimed.map((r) => r.value.key), createdAt: claimed[0]!.value.pointerAt };
      if (held) this.heldRows += count;
      const run = async () => {
        // They wait for places like the queue's rows; their leases are renewed at sending if need be.
        await this.slots.acquire(count);
        this.preclaimed -= count;
        if (held) this.heldRows -= count;
        const rows = held ?? (await this.readBack(notice.id, stored!, count));
        if (rows.length > 0) await deliverRows(this.rounds, notice.id, bucket, rows.map((r) => r.value.key), { notice, rows });
      };
      this.track(run(), `delivery of ${notice.id}`);
    }
  }

  /**
   * The rows of a chunk created leased to this worker that are still as created (not repointed after
   * their lease ran out, nor taken by another worker), each keeping one of the `places`; the other
   * places are freed. Only the chunk's own keys: its range may also hold rows of a tenant past its
   * share, sent through the queue and maybe claimed by this very worker. When stopping, none: the
   * rows stay leased to this incarnation, and its successor takes them back (elsewhere, the sweeper
   * once the leases run out).
   */
  private async readBack(noticeId: string, chunk: { bucket: number; keys: string[]; createdAt?: string }, places: number): Promise<Versioned<DeliveryRecord>[]> {
    let rows: Versioned<DeliveryRecord>[] = [];
    try {
      if (!this.running || this.running.stop.signal.aborted) return rows;
      const own = new Set(chunk.keys);
      const untouched = (r: DeliveryRecord) =>
        own.has(r.key) && r.state === 'sending' && r.leaseOwner === this.owner && r.pointerAt === chunk.createdAt && r.activityId === undefined;
      const range = { bucket: chunk.bucket, fromKey: chunk.keys[0]!, toKey: chunk.keys[chunk.keys.length - 1]! };
      rows = (await this.o.deliveries.list(noticeId, range)).filter((r) => untouched(r.value));
      return rows;
    } finally {
      this.slots.release(places - rows.length);
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
      await this.nextHandleEnd();
    }
  }

  private async receiveBatch(): Promise<number> {
    while (this.messagesInHand >= maxMessagesInHand || this.keysInHand >= this.maxKeysInHand) await this.nextHandleEnd();
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
      .finally(() => {
        this.handles.delete(handle);
        const end = this.handleEnd;
        this.handleEnd = undefined;
        end?.resolve();
      });
    this.handles.add(handle);
  }

  /**
   * Resolves when the next delivery in hand ends: one promise for all who wait. `Promise.race` over
   * the handles would leave a reaction on each of them at every wait, and a backlog leased at
   * creation waits for places for seconds while the loop waits again at every end: thousands.
   */
  private nextHandleEnd(): Promise<void> {
    if (!this.handleEnd) {
      let resolve!: () => void;
      const ended = new Promise<void>((r) => (resolve = r));
      this.handleEnd = { ended, resolve };
    }
    return this.handleEnd.ended;
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
