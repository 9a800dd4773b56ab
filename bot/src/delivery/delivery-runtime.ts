import { randomUUID } from 'node:crypto';
import type { Clock } from '../usecases/ports';
import type { ConversationGateway } from './conversation-gateway';
import { DeliveryPacer, type DeliveryPacerOptions } from './delivery-pacer';
import { leaseOwnerName } from './delivery-rules';
import { defaultHeartbeatTimings, IncarnationHeartbeat, type HeartbeatStore, type HeartbeatTimings } from './earlier-incarnations';
import { Outbox } from './outbox';
import type { DeliveryTable, NoticeTable, PointerQueue, TargetDirectory } from './outbox-ports';
import { OutboxSweeper, type OutboxSweeperOptions } from './outbox-sweeper';
import { OutboxWorker, type OutboxWorkerOptions } from './outbox-worker';
import { Scheduler } from './scheduler';
import type { TimerStore } from './timer-ports';
import { TimerPoller, type TimerHandler, type TimerPollerOptions } from './timer-poller';

/** The stores delivery runs on (store/delivery-storage.ts opens them). */
export interface DeliveryStores {
  notices: NoticeTable;
  deliveries: DeliveryTable;
  pointers: PointerQueue;
  timers: TimerStore;
  references: TargetDirectory;
  heartbeats: HeartbeatStore;
}

export interface DeliveryRuntimeOptions {
  stores: DeliveryStores;
  gateway: ConversationGateway;
  clock: Clock;
  /** Runs a due timer; without it this process fires no timers. */
  onTimer?: TimerHandler;
  /**
   * Names this process's place in the deployment, the same across its restarts (config.ts: the
   * App Service instance, else host and port). Leases are named `instance#incarnation`, the
   * incarnation new at every start. Each incarnation keeps a heartbeat; what an earlier one left
   * leased is taken back as soon as it is gone (no heartbeat, or a stale one), and not before:
   * at a restart or deploy the old process may run on a while beside the new one.
   * Unset: a name never used again (no heartbeat: nobody would look for it).
   */
  instance?: string;
  /** How often this incarnation beats, and how old a beat tells its incarnation is gone (5 s, 15 s). */
  heartbeat?: Partial<HeartbeatTimings>;
  pacer?: DeliveryPacerOptions;
  worker?: Partial<Omit<OutboxWorkerOptions, 'notices' | 'deliveries' | 'pointers' | 'targets' | 'gateway' | 'clock' | 'owner'>>;
  sweeper?: Pick<OutboxSweeperOptions, 'repointAfterInMs' | 'intervalInMs' | 'reclaimEveryInMs'>;
  poller?: Pick<TimerPollerOptions, 'intervalInMs' | 'leaseInMs' | 'maxAttempts' | 'backoff' | 'retainInDays'>;
  log?: (line: string) => void;
}

export interface DeliveryRuntime {
  outbox: Outbox;
  /** This process's pacing of Teams' limits: the worker's sends, and the bot's replies too. */
  pacer: DeliveryPacer;
  scheduler: Scheduler;
  worker: OutboxWorker;
  sweeper: OutboxSweeper;
  poller?: TimerPoller;
  /**
   * Starts the heartbeat, the worker, the sweeper and the timer poller (due timers fire at once);
   * what an earlier incarnation of this instance left leased goes back to the queue once it is gone.
   */
  start(): void;
  /** Stops them, waiting for the deliveries in hand, then deletes the heartbeat. */
  stop(): Promise<void>;
}

/** Builds the outbox, its worker and sweeper, and the scheduler with its poller, for one process. */
export function createDeliveryRuntime(options: DeliveryRuntimeOptions): DeliveryRuntime {
  const { stores, clock, log } = options;
  const owner = leaseOwnerName(options.instance ?? `${process.pid}-${randomUUID().slice(0, 8)}`, randomUUID().slice(0, 8));
  const timings = { ...defaultHeartbeatTimings, ...options.heartbeat };
  if (timings.staleAfterInMs <= timings.beatEveryInMs)
    throw new Error(`A heartbeat goes stale after ${timings.staleAfterInMs} ms: that must be longer than its ${timings.beatEveryInMs} ms between beats.`);
  const heartbeat = options.instance
    ? new IncarnationHeartbeat({ store: stores.heartbeats, owner, clock, beatEveryInMs: timings.beatEveryInMs, log: log ?? console.error })
    : undefined;
  const incarnations = options.instance ? { heartbeats: stores.heartbeats, staleAfterInMs: timings.staleAfterInMs } : {};
  const pacer = options.worker?.pacer ?? new DeliveryPacer(options.pacer);
  const worker = new OutboxWorker({
    ...options.worker,
    notices: stores.notices,
    deliveries: stores.deliveries,
    pointers: stores.pointers,
    targets: stores.references,
    gateway: options.gateway,
    pacer,
    clock,
    owner,
    log,
  });
  const outbox = new Outbox({ notices: stores.notices, deliveries: stores.deliveries, pointers: stores.pointers, clock, local: worker });
  outbox.onEnqueued(() => worker.wake());
  const sweeper = new OutboxSweeper({ ...options.sweeper, ...incarnations, notices: stores.notices, deliveries: stores.deliveries, pointers: stores.pointers, clock, owner, log });
  const scheduler = new Scheduler(stores.timers, clock);
  const poller = options.onTimer
    ? new TimerPoller({ ...options.poller, ...incarnations, store: stores.timers, clock, handle: options.onTimer, owner, log })
    : undefined;
  return {
    outbox,
    pacer,
    scheduler,
    worker,
    sweeper,
    poller,
    start() {
      heartbeat?.start();
      worker.start();
      sweeper.start();
      poller?.start();
    },
    async stop() {
      await Promise.all([worker.stop(), sweeper.stop(), poller?.stop()]);
      // Only now: a successor takes at once what this incarnation still has leased.
      await heartbeat?.stop();
    },
  };
}
