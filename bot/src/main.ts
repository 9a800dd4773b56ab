import type { AdaptiveCard } from './cards/adaptive-card';
import type { Config } from './config';
import { createDeliveryRuntime, type DeliveryRuntime, type DeliveryRuntimeOptions } from './delivery/delivery-runtime';
import { AudienceResolver } from './delivery/notices/audiences';
import { OutboxMessenger } from './delivery/notices/outbox-messenger';
import { UpgradeNotifier } from './delivery/notices/upgrade-notifier';
import { UpgradeTimerPlanner } from './delivery/notices/upgrade-timer-planner';
import { defaultVendorWindowRules } from './domain/window';
import { startServer, type RunningServer } from './server';
import { scheduleApi } from './schedule-api';
import { openDeliveryStorage } from './store/delivery-storage';
import { cachedClients, cachedReleases, cachedStaff } from './store/cached-directory';
import { createTableStores } from './store/table-stores';
import { lineLogger, toLogger, type LogSink } from './logging';
import { createAdapter, serviceUrlAllowed } from './teams/adapter';
import { BotGateway } from './teams/bot-gateway';
import { scheduleLinkFor } from './teams/schedule-link';
import type { Deps, Stores } from './usecases/context';
import { fireUpgradeTimer } from './usecases/fire-timer';
import { announceRelease } from './usecases/townhall';
import { defaultEffectsRelayOptions, relayPendingEffects, type EffectsRelayOptions } from './usecases/effects-relay';
import { Periodic } from './delivery/periodic';
import { sharePointIntranet } from './sharepoint/intranet-setup';
import { defaultIntranetWorkOptions, runDueIntranetJobs, type IntranetWorkOptions } from './usecases/intranet-jobs';
import { systemClock, type Clock } from './usecases/ports';
import type { ReleasePublishedHandler } from './usecases/publish-release';

export interface RunningApp {
  server: RunningServer;
  stores: Stores;
  deps: Deps;
  delivery: DeliveryRuntime;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  clock?: Clock;
  /** A logger, or a callback for its JSON lines (tests pass `() => undefined`); stdout at the configured level when absent. */
  log?: LogSink;
  /** Tuning of the outbox and the timer poller (tests make them quicker). */
  delivery?: Pick<DeliveryRuntimeOptions, 'pacer' | 'worker' | 'sweeper' | 'poller'>;
  onReleasePublished?: ReleasePublishedHandler;
  /** The effects relay's pace (tests make it quicker). */
  relay?: Partial<EffectsRelayOptions> & { intervalInMs?: number };
  /** The SharePoint worker's pace (tests make it quicker). */
  intranet?: Partial<IntranetWorkOptions> & { intervalInMs?: number };
  /** Each step of applying a change's effects (the crash tests stop the process at one). */
  trace?: (step: string, subject: string) => void;
}

/** Starts the whole app for a configuration: storage, the outbox and scheduler, use cases, HTTP server. */
export async function startApp(config: Readonly<Config>, options: StartAppOptions = {}): Promise<RunningApp> {
  const logger = toLogger(options.log, config.logLevel);
  // Delivery, timers and the effects relay log through a line callback: each line becomes a JSON log line.
  const log = lineLogger(logger);
  const clock = options.clock ?? systemClock;
  const storage = { connectionString: config.storageConnectionString, tablePrefix: config.tablePrefix };
  const [tableStores, deliveryStorage] = await Promise.all([createTableStores(storage), openDeliveryStorage(storage)]);
  // Upgrades written before the schedule index existed: index them once (lists read only the index).
  await tableStores.schedule.rebuildIfEmpty();
  const stores = {
    ...tableStores,
    clients: cachedClients(tableStores.clients),
    staff: cachedStaff(tableStores.staff),
    releases: cachedReleases(tableStores.releases),
  };
  const adapter = createAdapter(config.credentials, logger.child({ component: 'bot' }));
  const gateway = new BotGateway(adapter, {
    botAppId: config.credentials?.appId ?? '',
    serviceUrlAllowed: config.credentials ? (url) => serviceUrlAllowed(url, config.serviceUrlHosts) : undefined,
  });

  // "Open in schedule" on ticket cards: a Teams deep link with the app id, else the tab's own URL
  // (PUBLIC_URL, or this server once it listens; none in production without either).
  let serverUrl: string | undefined;
  const scheduleLink = scheduleLinkFor({
    teamsAppId: config.teamsAppId,
    baseUrl: () => config.publicUrl ?? (config.production ? undefined : serverUrl),
  });
  const deps: Deps = {
    stores,
    clock,
    vendorTenantId: config.vendorTenantId,
    rules: defaultVendorWindowRules,
    conversations: deliveryStorage.references,
    effects: tableStores.effects,
    schedule: stores.schedule,
    log,
    trace: options.trace,
    scheduleLink,
    ...(config.sharepoint
      ? { intranet: sharePointIntranet(config.sharepoint, { jobs: tableStores.intranetJobs, settings: tableStores.intranetSettings }, config.vendorTenantId, logger.child({ component: 'sharepoint' })) }
      : {}),
  };
  const delivery = createDeliveryRuntime({
    ...options.delivery,
    stores: deliveryStorage,
    gateway,
    clock,
    instance: config.instanceName,
    log,
    onTimer: async (timer) => {
      const upgradeId = timer.payload.upgradeId;
      if (typeof upgradeId === 'string') await fireUpgradeTimer(deps, { kind: timer.kind, upgradeId, label: String(timer.payload.label ?? '') });
    },
  });
  const audiences = new AudienceResolver({
    directory: deliveryStorage.references, staff: stores.staff, clients: stores.clients, outbox: delivery.outbox, vendorTenantId: config.vendorTenantId,
  });
  const notifier = new UpgradeNotifier({
    outbox: delivery.outbox,
    directory: deliveryStorage.references,
    audiences,
    upgrades: stores.upgrades,
    staff: stores.staff,
    acknowledgements: stores.acknowledgements,
    vendorTenantId: config.vendorTenantId,
    scheduleLink,
    log,
  });
  deps.notifier = notifier;
  deps.timers = new UpgradeTimerPlanner(delivery.scheduler);
  deps.messenger = new OutboxMessenger(delivery.outbox, audiences);
  deps.deliveryReports = {
    report: (noticeId) => delivery.outbox.report(noticeId),
    storedCard: async (noticeId) => {
      const notice = await deliveryStorage.notices.get(noticeId);
      return notice?.value.activity.attachments?.[0]?.content as AdaptiveCard | undefined;
    },
  };

  deps.announceRelease = async (release) => {
    const announced = await announceRelease(deps, release);
    await options.onReleasePublished?.(release);
    return announced;
  };
  // The relay: what a crash (or a failure) left between a change and its effects.
  const relay = new Periodic(() => relayPendingEffects(deps, { ...defaultEffectsRelayOptions, ...options.relay }), {
    intervalInMs: options.relay?.intervalInMs ?? 5_000,
    immediately: true,
    onError: (err) => log(`[effects] relay pass failed: ${err instanceof Error ? err.message : String(err)}`),
  });

  // SharePoint: the publications changes asked for, retried with backoff and parked on refusal; never in a change's way.
  const intranetWorker = deps.intranet
    ? new Periodic(() => runDueIntranetJobs(deps, { ...defaultIntranetWorkOptions, ...options.intranet }), {
        intervalInMs: options.intranet?.intervalInMs ?? 2_000,
        immediately: true,
        onError: (err) => log(`[sharepoint] worker pass failed: ${err instanceof Error ? err.message : String(err)}`),
      })
    : undefined;

  const schedule = await scheduleApi(config, storage);
  const server = await startServer({ config, deps, adapter, log: logger, pingStorage: () => stores.ping(), schedule, replies: delivery.pacer });
  serverUrl = server.url;
  delivery.start();
  relay.start();
  intranetWorker?.start();
  return {
    server,
    stores,
    deps,
    delivery,
    stop: async () => {
      await server.close();
      await relay.stop();
      await intranetWorker?.stop();
      await notifier.idle();
      await delivery.stop();
    },
  };
}
