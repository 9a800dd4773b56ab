import type { CalendarEntry, FreezePost, IntranetPublisher, IntranetSite, ReleaseArticle } from '../usecases/intranet-ports';
import type { Logger } from '../logging';
import { freezePostContent } from './freeze-news-post';
import { releaseArticleContent } from './release-article-page';
import { sharePointClient } from './sharepoint-client';
import { toIntranetError } from './sharepoint-errors';
import type { SharePointTokens } from './sharepoint-tokens';
import { publishSitePage, type SitePageContent } from './site-pages';
import { UpgradeCalendar } from './upgrade-calendar';

/**
 * Upgrade Desk's publications on SharePoint sites with @pnp/sp: the upgrade calendar list, the
 * content-freeze news post and the release article. One attempt per call; failures are thrown as
 * IntranetErrors (retryable, with SharePoint's Retry-After, or permanent) for the worker to act on.
 */

export interface SharePointPublisherOptions {
  /** App-only tokens from Entra ID (`entraAppOnlyTokens`), or `devTokens()` for the stand-in. */
  tokens: SharePointTokens;
  /** Per request; 30 s when absent. */
  timeoutInMs?: number;
  logger?: Logger;
}

export class SharePointPublisher implements IntranetPublisher {
  private readonly calendar = new UpgradeCalendar();

  constructor(private readonly options: SharePointPublisherOptions) {}

  private client(site: IntranetSite) {
    return sharePointClient(site, this.options.tokens, this.options.timeoutInMs === undefined ? {} : { timeoutInMs: this.options.timeoutInMs });
  }

  async mirrorUpgrade(site: IntranetSite, entry: CalendarEntry): Promise<void> {
    await this.calendar.mirror(this.client(site), site, entry);
    this.options.logger?.debug('Upgrade calendar row mirrored', { siteUrl: site.url, changeId: entry.changeId, tenantId: site.tenantId });
  }

  publishFreezePost(site: IntranetSite, post: FreezePost): Promise<void> {
    return this.publish(site, freezePostContent(post), `publishing the content-freeze post of ${post.changeId}`, { changeId: post.changeId });
  }

  publishReleaseArticle(site: IntranetSite, article: ReleaseArticle): Promise<void> {
    return this.publish(site, releaseArticleContent(article), `publishing the article of release ${article.version}`, { version: article.version });
  }

  private async publish(site: IntranetSite, content: SitePageContent, doing: string, fields: Record<string, string>): Promise<void> {
    let result;
    try {
      result = await publishSitePage(this.client(site), site, content);
    } catch (err) {
      throw toIntranetError(err, site, doing);
    }
    this.options.logger?.debug(`SharePoint page ${result.outcome}`, { siteUrl: site.url, tenantId: site.tenantId, pageName: content.pageName, ...fields });
  }
}
