import type { SPFI } from '@pnp/sp';
import { ClientsideText, PromotedState, type IClientsidePage, type IPageData } from '@pnp/sp/clientside-pages';
import type { IntranetSite } from '../usecases/intranet-ports';
import { httpStatus } from './sharepoint-errors';
import '@pnp/sp/webs';
import '@pnp/sp/files';

/**
 * A modern site page kept by Upgrade Desk, found by its file name in Site Pages: created on first
 * publish, its content replaced and published again after, promoted as a news post when asked.
 * Upgrade Desk owns these pages: the page holds one text web part with the HTML given.
 *
 * The REST calls @pnp/sp makes (v4):
 * - load: GET web/getFileByServerRelativePath(decodedUrl='<site path>/SitePages/<name>')/listItemAllFields
 *   (404: no such page), POST lists/EnsureClientRenderedSitePagesLibrary, GET Web/Lists(guid'…')/items(<id>),
 *   GET sitepages/pages(<id>).
 * - create: POST sitepages/pages {PageLayoutType, PromotedState}, then a save that names the file
 *   after the page name (savepage with Title = name) and a load.
 * - save: POST sitepages/pages(<id>)/checkoutpage (unless checked out), POST …/savepage
 *   {Title, CanvasContent1, LayoutWebpartsContent…}, POST …/publish, then a load.
 * - news: POST sitepages/pages(<id>)/promoteToNews when the page is not yet a news post.
 */

export interface SitePageContent {
  /** The file name in Site Pages: "release-4-4.aspx". */
  pageName: string;
  title: string;
  /** The text web part's HTML (already escaped by the caller). */
  html: string;
  /** The page's description (news and search show it); at most 255 characters. */
  description?: string;
  /** Promote the page as a news post. */
  news?: boolean;
  /** Only write over an existing page: when there is none, nothing is made (a lifted freeze never posted). */
  onlyIfExists?: boolean;
}

export interface PublishedPage {
  /** `unchanged`: the page already said exactly this, published (nothing was written); `absent`: `onlyIfExists` and no page. */
  outcome: 'created' | 'updated' | 'unchanged' | 'absent';
  /** The page's item id in Site Pages. */
  id?: number;
}

/** What pnp keeps of the page's data (protected in its typings; its own methods read it the same way). */
const pageData = (page: IClientsidePage) => (page as unknown as { json: Partial<IPageData> }).json;

export function sitePagePath(siteUrl: string, pageName: string): string {
  return `${new URL(siteUrl).pathname.replace(/\/+$/, '')}/SitePages/${pageName}`;
}

async function loadPage(sp: SPFI, path: string): Promise<IClientsidePage | undefined> {
  try {
    return await sp.web.loadClientsidePage(path);
  } catch (err) {
    if (httpStatus(err) === 404) return undefined;
    throw err;
  }
}

/** The page's controls, all sections and columns. */
function controls(page: IClientsidePage) {
  return page.sections.flatMap((s) => s.columns.flatMap((c) => c.controls));
}

function saysAlready(page: IClientsidePage, content: SitePageContent): boolean {
  const data = pageData(page);
  const parts = controls(page);
  const text = parts.length === 1 && parts[0] instanceof ClientsideText ? parts[0].text : undefined;
  const published = !data.IsPageCheckedOutToCurrentUser && /^\d+\.0$/.test(data.Version ?? '');
  const promoted = !content.news || data.PromotedState === PromotedState.Promoted;
  return published && promoted && page.title === content.title && text === content.html && (content.description === undefined || page.description === content.description);
}

/**
 * Creates or updates the page and publishes it. Errors are pnp's (the caller turns them into
 * IntranetErrors, knowing what it was publishing).
 */
export async function publishSitePage(sp: SPFI, site: IntranetSite, content: SitePageContent): Promise<PublishedPage> {
  let page = await loadPage(sp, sitePagePath(site.url, content.pageName));
  const created = !page;
  if (!page && content.onlyIfExists) return { outcome: 'absent' };
  if (!page) {
    page = await sp.web.addClientsidePage(content.pageName, content.title, 'Article', content.news ? PromotedState.PromoteOnPublish : PromotedState.NotPromoted);
  } else if (saysAlready(page, content)) {
    return { outcome: 'unchanged', id: Number(pageData(page).Id) };
  }
  page.title = content.title;
  if (content.description !== undefined) page.description = content.description.slice(0, 255);
  page.sections = [];
  page.addSection().addControl(new ClientsideText(content.html));
  await page.save(true);
  if (content.news && pageData(page).PromotedState !== PromotedState.Promoted) await page.promoteToNews();
  return { outcome: created ? 'created' : 'updated', id: Number(pageData(page).Id) };
}
