import './restify-warning-filter';
import restify from 'restify';
import type { AddressInfo } from 'node:net';
import { healthRoute } from './api/health';
import { intranetBacklog } from './usecases/intranet-jobs';
import { restifyErrorsAsJson } from './api/http-errors';
import { jsonBody } from './api/json-body';
import { publishReleaseRoute } from './api/releases';
import { noticeDeliveriesRoute } from './api/notice-deliveries';
import { beginRequest, logAnswered } from './api/request-context';
import { registerScheduleRoutes, type ScheduleApiOptions } from './api/schedule-routes';
import { tabFilesRoute } from './api/tab-files';
import { upgradeEventsRoute } from './api/upgrade-events';
import type { Config } from './config';
import { toLogger, type LogSink } from './logging';
import { createAdapter, messagesRoute, type BotAdapter, type ReplyPacer } from './teams/adapter';
import { UpgradeDeskBot } from './teams/upgrade-desk-bot';
import type { Deps } from './usecases/context';

export interface ServerOptions {
  config: Pick<Config, 'port' | 'credentials' | 'serviceUrlHosts'> & Partial<Pick<Config, 'host' | 'logLevel'>>;
  deps: Deps;
  pingStorage(): Promise<void>;
  /** A logger, or a callback for its JSON lines; stdout when absent. */
  log?: LogSink;
  /** The Bot Framework adapter, shared with the proactive sender; made from the config when absent. */
  adapter?: BotAdapter;
  /** Paces the bot's replies with the outbox's sends (per tenant and conversation); absent: replies go at once. */
  replies?: ReplyPacer;
  /** The schedule tab's API (token checks, calendar feeds, dev sign-in); absent: no /api/schedule etc. */
  schedule?: Omit<ScheduleApiOptions, 'deps' | 'log'>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The largest body each route reads (413 beyond): Teams activities stay far below 256 KB, a
 * release at its schema's limits below 256 KB, an event's texts below 64 KB.
 */
export const maxBodyBytes = { messages: 256 * 1024, releases: 256 * 1024, events: 64 * 1024 } as const;

/** Wiring only: builds the bot and the HTTP routes and listens. Every request gets a correlation id and one log line. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = toLogger(options.log, options.config.logLevel ?? 'info').child({ component: 'http' });
  const server = restify.createServer({ name: 'upgrade-desk' });
  server.pre(beginRequest(log));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.on('restifyError', restifyErrorsAsJson(log));
  server.on('after', logAnswered(log));

  const adapter = options.adapter ?? createAdapter(options.config.credentials, log);
  const bot = new UpgradeDeskBot(options.deps, log);
  const messages = messagesRoute(adapter, bot, { authenticated: !!options.config.credentials, serviceUrlHosts: options.config.serviceUrlHosts, log, replies: options.replies });
  server.post('/api/messages', ...jsonBody(maxBodyBytes.messages), messages);
  server.get('/api/health', healthRoute(options.pingStorage, log, options.deps.intranet ? () => intranetBacklog(options.deps) : undefined));
  server.post('/api/upgrades/:id/events', ...jsonBody(maxBodyBytes.events), upgradeEventsRoute(options.deps, log));
  server.get('/api/notices/:id/deliveries', noticeDeliveriesRoute(options.deps, log));
  server.post('/api/releases', ...jsonBody(maxBodyBytes.releases), publishReleaseRoute({ keys: options.deps.stores.keys, deps: options.deps, log }));
  if (options.schedule) registerScheduleRoutes(server, { ...options.schedule, deps: options.deps, log });
  const tabFiles = tabFilesRoute();
  server.get('/tab', tabFiles);
  server.get('/tab/*', tabFiles);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.config.port, options.config.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
