import { ConfigError, loadConfig } from './config';
import { createLogger } from './logging';
import { startApp } from './main';

/** Process entry for a deployed bot: configuration from the environment, JSON log lines on stdout, stop on SIGTERM. */
try {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const app = await startApp(config, { log: logger });
  const authentication = config.credentials ? 'on' : 'OFF';
  logger.info(`Upgrade Desk listening on ${app.server.url} (Bot Framework authentication ${authentication})`, { url: app.server.url, authentication });
  const stop = () => void app.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
