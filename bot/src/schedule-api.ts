import { devFeedSecret, devIssuer } from './api/dev-issuer';
import type { ScheduleApiOptions } from './api/schedule-routes';
import { devVerifier, entraKeys, entraVerifier, tokenVerifier } from './api/tab-auth';
import type { Config } from './config';
import { openCalendarFeedStore } from './store/calendar-feed-store';
import { upgradeNoticeList } from './store/upgrade-notice-list';

/**
 * Wiring of the schedule tab's API from the configuration: Teams SSO tokens (when the tab's app is
 * configured), the dev issuer (when the dev sign-in is on: never in production), the calendar
 * feeds table and the secret that signs feed tokens.
 */
export async function scheduleApi(
  config: Pick<Config, 'tabSso' | 'devSignIn' | 'devIssuerDir' | 'publicUrl' | 'calendarFeedSecret' | 'production'>,
  storage: { connectionString: string; tablePrefix: string },
): Promise<Omit<ScheduleApiOptions, 'deps' | 'log'>> {
  const dev = config.devSignIn && !config.production ? devIssuer(config.devIssuerDir) : undefined;
  const entra = config.tabSso
    ? entraVerifier({ clientId: config.tabSso.clientId, appIdUri: config.tabSso.appIdUri, keys: entraKeys(config.tabSso.jwksUrl) })
    : undefined;
  const feedSecret = config.calendarFeedSecret ?? (dev ? await devFeedSecret(config.devIssuerDir) : undefined);
  return {
    verifier: tokenVerifier({ entra, dev: dev && devVerifier(dev) }),
    feeds: await openCalendarFeedStore(storage),
    notices: upgradeNoticeList(storage),
    ...(feedSecret ? { feedSecret } : {}),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(dev ? { devIssuer: dev } : {}),
  };
}
