import { randomUUID } from 'node:crypto';
import type { Clock } from '../usecases/ports';
import type { ConversationGateway } from './conversation-gateway';
import { DeliveryPacer, type DeliveryPacerOptions } from './delivery-pacer';
import { leaseOwnerName } from './delivery-rules';
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
}

export interface DeliveryRuntimeOptions {
  stores: DeliveryStores;
  gateway: ConversationGateway;
  clock: Clock;
  /** Runs a due timer; without it this process fires no timers. */
  onTimer?: TimerHandler;
  /**
   * Names this process's place in the deployment, the same across its restarts, where one
   * process runs at a time (config.ts: the App Service instance, else host and port). Leases are
   * named `instance#incarnation`, the incarnation new at every start, and at start the process
   * takes back at once what an earlier incarnation left leased. Unset: a name never used again.
   */
  instance?: string;
  pacer?: DeliveryPacerOptions;
  worker?: Partial<Omit<OutboxWorkerOptions, 'notices' | 'deliveries' | 'pointers' | 'targets' | 'gateway' | 'clock' | 'owner'>>;
  sweeper?: Pick<OutboxSweeperOptions, 'repointAfterInMs' | 'intervalInMs'>;
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
   * Starts the worker, the sweeper and the timer poller (due timers fire at once); what an
   * earlier incarnation of this instance left leased is handed to the queue at once.
   */
  start(): void;
  stop(): Promise<void>;
}

/** Builds the outbox, its worker and sweeper, and the scheduler with its poller, for one process. */
export function createDeliveryRuntime(options: DeliveryRuntimeOptions): DeliveryRuntime {
  const { stores, clock, log } = options;
  const owner = leaseOwnerName(options.instance ?? `${process.pid}-${randomUUID().slice(0, 8)}`, randomUUID().slice(0, 8));
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
  const sweeper = new OutboxSweeper({ ...options.sweeper, notices: stores.notices, deliveries: stores.deliveries, pointers: stores.pointers, clock, owner, log });
  const scheduler = new Scheduler(stores.timers, clock);
  const poller = options.onTimer
    ? new TimerPoller({ ...options.poller, store: stores.timers, clock, handle: options.onTimer, owner, log })
    : undefined;
  return {
    outbox,
    pacer,
    scheduler,
    worker,
    sweeper,
    poller,
    start() {
      worker.start();
      sweeper.start();
      poller?.start();
    },
    async stop() {
      await Promise.all([worker.stop(), sweeper.stop(), poller?.stop()]);
    },
  };
}
