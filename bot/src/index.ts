import { ConfigError, loadConfig } from './config';
import { startApp } from './main';

/** Process entry for a deployed bot: configuration from the environment, stop on SIGTERM. */
try {
  const config = loadConfig();
  const app = await startApp(config);
  console.log(`Upgrade Desk listening on ${app.server.url} (Bot Framework authentication ${config.credentials ? 'on' : 'OFF'})`);
  const stop = () => void app.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
