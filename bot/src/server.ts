import './restify-warning-filter';
import restify from 'restify';
import type { AddressInfo } from 'node:net';
import { healthRoute } from './api/health';
import { restifyErrorsAsJson } from './api/http-errors';
import { publishReleaseRoute } from './api/releases';
import { noticeDeliveriesRoute } from './api/notice-deliveries';
import { upgradeEventsRoute } from './api/upgrade-events';
import type { Config } from './config';
import { createAdapter, messagesRoute, type BotAdapter } from './teams/adapter';
import { UpgradeDeskBot } from './teams/upgrade-desk-bot';
import type { Deps } from './usecases/context';
import type { ReleasePublishedHandler } from './usecases/publish-release';

export interface ServerOptions {
  config: Pick<Config, 'port' | 'credentials' | 'serviceUrlHosts'> & Partial<Pick<Config, 'host'>>;
  deps: Deps;
  pingStorage(): Promise<void>;
  log?: (line: string) => void;
  /** The Bot Framework adapter, shared with the proactive sender; made from the config when absent. */
  adapter?: BotAdapter;
  /** Runs once a release is published (the townhall fan-out). */
  onReleasePublished?: ReleasePublishedHandler;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Wiring only: builds the bot and the HTTP routes and listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.error(line));
  const server = restify.createServer({ name: 'upgrade-desk' });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1_000_000 }));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.on('restifyError', restifyErrorsAsJson(log));

  const adapter = options.adapter ?? createAdapter(options.config.credentials, log);
  const bot = new UpgradeDeskBot(options.deps, log);
  server.post('/api/messages', messagesRoute(adapter, bot, { authenticated: !!options.config.credentials, serviceUrlHosts: options.config.serviceUrlHosts, log }));
  server.get('/api/health', healthRoute(options.pingStorage));
  server.post('/api/upgrades/:id/events', upgradeEventsRoute(options.deps, log));
  server.get('/api/notices/:id/deliveries', noticeDeliveriesRoute(options.deps, log));
  server.post('/api/releases', publishReleaseRoute({ keys: options.deps.stores.keys, releases: options.deps.stores.releases, onReleasePublished: options.onReleasePublished, log }));

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
