import type { SharePointConfig } from '../config';
import type { Logger } from '../logging';
import type { Intranet, IntranetJobs, IntranetSettingsStore } from '../usecases/intranet-ports';
import { SharePointPublisher } from './sharepoint-publisher';
import { devTokens, entraAppOnlyTokens } from './sharepoint-tokens';

/**
 * SharePoint publishing as configured: app-only Entra tokens with the app's certificate, per
 * client tenant (or the development stand-in's fixed token), over the jobs and settings tables.
 */
export function sharePointIntranet(config: SharePointConfig, stores: { jobs: IntranetJobs; settings: IntranetSettingsStore }, vendorTenantId: string, logger?: Logger): Intranet {
  const tokens = config.auth.kind === 'development' ? devTokens() : entraAppOnlyTokens({ clientId: config.auth.clientId, certificatePath: config.auth.certificatePath, ...(logger ? { log: (message, fields) => logger.warn(message, fields) } : {}) });
  return {
    jobs: stores.jobs,
    settings: stores.settings,
    publisher: new SharePointPublisher({ tokens, ...(logger ? { logger } : {}) }),
    localSites: config.auth.kind === 'development',
    ...(config.releaseNotesSite ? { releaseNotesSite: { url: config.releaseNotesSite, tenantId: vendorTenantId } } : {}),
  };
}
