import { hostname } from 'node:os';
import { UpgradeDeskError } from './domain/errors';
import { logLevels, type LogLevel } from './logging';

/** Reads and checks the environment once. No other file reads process.env. */
export interface BotCredentials {
  appId: string;
  appPassword: string;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  appTenantId: string;
}

export interface Config {
  port: number;
  /** Interface to listen on: loopback locally, every interface in production (App Service). */
  host: string;
  production: boolean;
  /** Azure Storage connection string (Tables and Queues); Azurite locally. */
  storageConnectionString: string;
  tablePrefix: string;
  /** The vendor's own Microsoft 365 tenant: its users are the vendor's staff. */
  vendorTenantId: string;
  /** Bot credentials; undefined means no authentication (local development only). */
  credentials?: BotCredentials;
  /** Hosts replies may go to when authentication is on (the bot's token goes with them). */
  serviceUrlHosts: string[];
  /** The least severe log lines written (JSON lines on stdout). */
  logLevel: LogLevel;
  /** The schedule tab's Teams SSO (Entra ID) app: tokens for it are accepted by the tab's API. Unset: no SSO tokens. */
  tabSso?: TabSsoConfig;
  /** The development sign-in (pick a demo user, tokens from a local issuer): on by default outside production, never in production. */
  devSignIn: boolean;
  /** Where the development issuer keeps its keys (made on first use; never in git). */
  devIssuerDir: string;
  /** The public base URL of this server (calendar feed URLs); from each request's Host when unset. */
  publicUrl?: string;
  /** Signs calendar feed tokens, so "subscribe" gives a person the same URL again (locally: a file beside the dev issuer's key). */
  calendarFeedSecret?: string;
  /** SharePoint publishing; absent: nothing is published (the `sharepoint` command says it is not set up). */
  sharepoint?: SharePointConfig;
  /** The Teams app id (the manifest's `id`): the ticket card's "Open in schedule" is a Teams deep link to the schedule tab. Unset: a link to the tab's own URL. */
  teamsAppId?: string;
  /**
   * This process's place in the deployment, the same across its restarts: the App Service
   * instance (WEBSITE_INSTANCE_ID), else this host and port. A restart takes back the deliveries
   * and timers its earlier life left leased as soon as that life's heartbeat is gone or stale.
   * Unset with port 0 (any free port: no place to be the same across restarts).
   */
  instanceName?: string;
}

/** Publishing to SharePoint (the clients' intranets, the vendor's release-notes site); off when absent. */
export interface SharePointConfig {
  /**
   * App-only access: a multi-tenant Entra app with a certificate (SharePoint's REST API refuses
   * app-only tokens got with a client secret); `development`: a fixed token for the local stand-in.
   */
  auth: { kind: 'certificate'; clientId: string; certificatePath: string } | { kind: 'development' };
  /** The vendor's release-notes site: each release gets an article there. */
  releaseNotesSite?: string;
}

export interface TabSsoConfig {
  /** The Entra ID app (client) id of the tab. */
  clientId: string;
  /** Its application id URI (`api://<host>/<clientId>`), the audience of Teams SSO tokens. */
  appIdUri?: string;
  /** Where Entra ID publishes its signing keys. */
  jwksUrl: string;
}

/** Entra ID's signing keys, for every tenant. */
export const entraJwksUrl = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/** The Agents Playground's default tenant: the demo's vendor tenant. */
export const demoVendorTenantId = '00000000-0000-0000-0000-0000000000001';

const defaultServiceUrlHosts = ['smba.trafficmanager.net', 'smba.infra.gcc.teams.microsoft.com', 'smba.infra.gov.teams.microsoft.us'];

export class ConfigError extends UpgradeDeskError {
  constructor(readonly problems: string[]) {
    super('config_invalid', `Upgrade Desk cannot start; fix its configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a frozen config, listing every missing or bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: Partial<Config> = {}): Readonly<Config> {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const portText = env.PORT ?? String(defaults.port ?? 3978);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT="${portText}" must be a port number (the bot's HTTP port).`);

  const host = env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1');

  const storageConnectionString = env.STORAGE_CONNECTION_STRING ?? defaults.storageConnectionString ?? '';
  if (!storageConnectionString)
    problems.push('STORAGE_CONNECTION_STRING is missing: the Azure Storage account for tables and queues (npm start provides Azurite).');

  const tablePrefix = env.TABLE_PREFIX ?? defaults.tablePrefix ?? 'upgradedesk';
  if (!/^[A-Za-z][A-Za-z0-9]{0,40}$/.test(tablePrefix)) problems.push(`TABLE_PREFIX="${tablePrefix}" must be letters and digits, starting with a letter.`);

  const appId = env.MicrosoftAppId ?? '';
  let credentials: BotCredentials | undefined;
  if (appId) {
    const appType = (env.MicrosoftAppType ?? 'SingleTenant') as BotCredentials['appType'];
    if (!['SingleTenant', 'MultiTenant', 'UserAssignedMSI'].includes(appType))
      problems.push(`MicrosoftAppType="${appType}" must be SingleTenant, MultiTenant or UserAssignedMSI.`);
    const appPassword = env.MicrosoftAppPassword ?? '';
    if (!appPassword && appType !== 'UserAssignedMSI') problems.push('MicrosoftAppPassword is missing: the bot registration\'s client secret.');
    const appTenantId = env.MicrosoftAppTenantId ?? '';
    if (!appTenantId && appType !== 'MultiTenant') problems.push('MicrosoftAppTenantId is missing: the tenant of the bot registration.');
    credentials = { appId, appPassword, appType, appTenantId };
  } else if (production) {
    problems.push(
      'MicrosoftAppId is missing and NODE_ENV=production: without credentials every request would be accepted unauthenticated. ' +
        'Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId.',
    );
  }

  const vendorTenantId = env.VENDOR_TENANT_ID ?? defaults.vendorTenantId ?? (production ? '' : demoVendorTenantId);
  if (!vendorTenantId) problems.push('VENDOR_TENANT_ID is missing: the vendor\'s own Microsoft 365 tenant, whose users are its staff.');

  const serviceUrlHosts = (env.SERVICE_URL_HOSTS ?? defaultServiceUrlHosts.join(','))
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);

  const logLevel = (env.LOG_LEVEL ?? defaults.logLevel ?? 'info').toLowerCase() as LogLevel;
  if (!logLevels.includes(logLevel)) problems.push(`LOG_LEVEL="${env.LOG_LEVEL}" must be one of ${logLevels.join(', ')}.`);

  const ssoClientId = (env.TAB_SSO_CLIENT_ID ?? '').trim();
  const ssoAppIdUri = (env.TAB_SSO_APP_ID_URI ?? '').trim();
  if (ssoAppIdUri && !ssoClientId) problems.push('TAB_SSO_APP_ID_URI is set without TAB_SSO_CLIENT_ID: set the tab\'s Entra ID app (client) id too.');
  if (ssoAppIdUri && !/^api:\/\/\S+$/.test(ssoAppIdUri)) problems.push(`TAB_SSO_APP_ID_URI="${ssoAppIdUri}" must look like api://<host>/<client id>.`);
  const jwksUrl = env.TAB_SSO_JWKS_URL ?? entraJwksUrl;
  if (!/^https?:\/\/\S+$/.test(jwksUrl)) problems.push(`TAB_SSO_JWKS_URL="${jwksUrl}" must be an http(s) URL.`);
  const tabSso: TabSsoConfig | undefined = ssoClientId ? { clientId: ssoClientId, ...(ssoAppIdUri ? { appIdUri: ssoAppIdUri } : {}), jwksUrl } : undefined;

  const devSignInText = (env.DEV_SIGN_IN ?? (production ? 'false' : 'true')).toLowerCase();
  if (!['true', 'false', '1', '0'].includes(devSignInText)) problems.push(`DEV_SIGN_IN="${env.DEV_SIGN_IN}" must be true or false.`);
  const devSignIn = devSignInText === 'true' || devSignInText === '1';
  if (devSignIn && production) problems.push('DEV_SIGN_IN is on and NODE_ENV=production: the development sign-in lets anyone pick a user. Remove DEV_SIGN_IN.');
  const devIssuerDir = defaults.devIssuerDir ?? '.data/dev-issuer';

  const publicUrl = env.PUBLIC_URL?.replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl)) problems.push(`PUBLIC_URL="${env.PUBLIC_URL}" must be an http(s) URL (this server's public address).`);

  const calendarFeedSecret = env.CALENDAR_FEED_SECRET || undefined;
  if (calendarFeedSecret !== undefined && calendarFeedSecret.length < 32) problems.push('CALENDAR_FEED_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`).');

  const teamsAppId = (env.TEAMS_APP_ID ?? '').trim() || undefined;
  if (teamsAppId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(teamsAppId))
    problems.push(`TEAMS_APP_ID="${env.TEAMS_APP_ID}" must be a GUID: the Teams app id, the manifest's "id".`);

  const sharepoint = sharePointConfig(env, production, problems);

  // Set by App Service on each instance (not an app setting: that would give every instance one name).
  const instanceName = env.WEBSITE_INSTANCE_ID?.trim() || defaults.instanceName || (port > 0 ? `${hostname()}:${port}` : undefined);

  if (problems.length) throw new ConfigError(problems);
  return Object.freeze({
    port, host, production, storageConnectionString, tablePrefix, vendorTenantId, credentials, serviceUrlHosts, logLevel,
    tabSso, devSignIn, devIssuerDir, ...(publicUrl ? { publicUrl } : {}), ...(calendarFeedSecret ? { calendarFeedSecret } : {}),
    ...(teamsAppId ? { teamsAppId } : {}), ...(sharepoint ? { sharepoint } : {}), ...(instanceName ? { instanceName } : {}),
  });
}

function sharePointConfig(env: NodeJS.ProcessEnv, production: boolean, problems: string[]): SharePointConfig | undefined {
  const clientId = (env.SHAREPOINT_CLIENT_ID ?? '').trim();
  const certificatePath = (env.SHAREPOINT_CERTIFICATE_PATH ?? '').trim();
  const development = ['true', '1'].includes((env.SHAREPOINT_DEV ?? '').toLowerCase());
  const releaseNotesSite = (env.SHAREPOINT_RELEASE_NOTES_SITE ?? '').trim().replace(/\/+$/, '') || undefined;
  if (releaseNotesSite && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(releaseNotesSite))
    problems.push(`SHAREPOINT_RELEASE_NOTES_SITE="${releaseNotesSite}" must be the site's URL, e.g. https://vendor.sharepoint.com/sites/releases.`);
  if (development && production) problems.push('SHAREPOINT_DEV is on and NODE_ENV=production: it publishes with a fake token to a local stand-in. Remove SHAREPOINT_DEV.');
  if (development) return { auth: { kind: 'development' }, ...(releaseNotesSite ? { releaseNotesSite } : {}) };
  if (!clientId) {
    if (certificatePath || releaseNotesSite) problems.push('SHAREPOINT_CLIENT_ID is missing: the Entra app Upgrade Desk publishes to SharePoint as (with SHAREPOINT_CERTIFICATE_PATH).');
    return undefined;
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(clientId)) problems.push(`SHAREPOINT_CLIENT_ID="${clientId}" must be a GUID: the Entra app (client) id.`);
  const site = releaseNotesSite ? { releaseNotesSite } : {};
  if (certificatePath) return { auth: { kind: 'certificate', clientId, certificatePath }, ...site };
  problems.push('SHAREPOINT_CLIENT_ID is set without SHAREPOINT_CERTIFICATE_PATH: a PEM file with the app\'s certificate and private key (SharePoint refuses app-only tokens got with a client secret).');
  return undefined;
}
