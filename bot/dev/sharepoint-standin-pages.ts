import {
  standinAppPrincipal,
  type SharePointStandinState,
  type StandinPage,
  type StandinSite,
} from './sharepoint-standin-state';
import { badRequest, bodyObject, fail, listLink, listTypeName, notFound, sitePages, type Answer, type Entity, type RestRequest } from './sharepoint-standin-odata';

/**
 * Modern pages in the stand-in: what @pnp/sp's clientside-pages calls (`addClientsidePage`,
 * `loadClientsidePage`, `save`, `promoteToNews`) do to a site's pages. A new page is checked out
 * and unnamed; its first save names the file after its title (as SharePoint does); publish makes
 * a major version and turns "promote on publish" into a news post.
 */

const version = (page: StandinPage) => `${page.major}.${page.minor}`;

export function pageItemEntity(site: StandinSite, page: StandinPage): Entity {
  const list = sitePages(site);
  return {
    type: listTypeName(list),
    editLink: `${listLink(list)}/Items(${page.Id})`,
    etag: `"${page.major * 512 + page.minor}"`,
    props: { Id: page.Id, ID: page.Id, Title: page.Title, FileLeafRef: page.FileName, PromotedState: page.PromotedState, CommentsDisabled: false, OData__UIVersionString: version(page) },
  };
}

function pageEntity(page: StandinPage, webUrl: string): Entity {
  const path = `${new URL(webUrl).pathname.replace(/\/$/, '')}/SitePages/${page.FileName}`;
  return {
    type: 'SP.Publishing.SitePage',
    editLink: `SitePages/Pages(${page.Id})`,
    props: {
      Id: page.Id,
      UniqueId: page.UniqueId,
      FileName: page.FileName,
      Title: page.Title,
      Url: `SitePages/${page.FileName}`,
      AbsoluteUrl: `${new URL(webUrl).origin}${path}`,
      Path: { DecodedUrl: path },
      PageLayoutType: page.PageLayoutType,
      PromotedState: page.PromotedState,
      CanvasContent1: page.CanvasContent1,
      LayoutWebpartsContent: page.LayoutWebpartsContent,
      Description: page.Description,
      TopicHeader: page.TopicHeader,
      BannerImageUrl: page.BannerImageUrl,
      AuthorByline: page.AuthorByline,
      IsPageCheckedOutToCurrentUser: page.checkedOut,
      Version: version(page),
      FirstPublished: page.FirstPublished ?? '0001-01-01T00:00:00',
      Modified: page.Modified,
      VersionInfo: { LastVersionCreated: page.LastPublished ?? '0001-01-01T00:00:00', LastVersionCreatedBy: page.LastPublished ? standinAppPrincipal : '' },
    },
  };
}

/** `web/getFileByServerRelativePath(decodedUrl='…')/listItemAllFields`: the page's item, or 404. */
export function pageFileItem(r: RestRequest, decodedUrl: string): Answer {
  const site = r.site;
  const path = decodedUrl.replace(/''/g, "'").toLowerCase();
  const page = site.pages.find((p) => p.named && `${new URL(r.webUrl).pathname.replace(/\/$/, '')}/SitePages/${p.FileName}`.toLowerCase() === path);
  return page ? { status: 200, entity: pageItemEntity(site, page) } : notFound('File Not Found.');
}

export function pageRoute(state: SharePointStandinState, r: RestRequest, rest: string): Answer {
  const site = r.site;
  if (/^sitepages\/pages$/i.test(rest) && r.method === 'POST') {
    const b = bodyObject(r);
    const page = state.addPage(site, String(b.PageLayoutType ?? 'Article'), Number(b.PromotedState ?? 0));
    return { status: 201, entity: pageEntity(page, r.webUrl) };
  }
  const m = /^sitepages\/pages\((\d+)\)(?:\/(\w+))?$/i.exec(rest);
  if (!m) return badRequest(`The stand-in does not model ${r.method} ${rest}.`);
  const page = site.pages.find((p) => p.Id === Number(m[1]));
  if (!page) return notFound('The page does not exist.');
  const action = (m[2] ?? '').toLowerCase();
  const now = new Date().toISOString();
  if (action === '' && r.method === 'GET') return { status: 200, entity: pageEntity(page, r.webUrl) };
  if (r.method !== 'POST') return badRequest(`The stand-in does not model ${r.method} ${rest}.`);
  switch (action) {
    case 'checkoutpage':
      if (!page.checkedOut) {
        page.checkedOut = true;
        page.minor++;
      }
      return { status: 200, entity: pageEntity(page, r.webUrl) };
    case 'savepage': {
      if (!page.checkedOut) return fail(423, '-2147018894, Microsoft.SharePoint.SPFileCheckOutException', `The file "SitePages/${page.FileName}" is not checked out. You must first check out this document before making changes.`);
      const b = bodyObject(r);
      if (typeof b.Title === 'string') page.Title = b.Title;
      if (!page.named) {
        const base = (page.Title || `Untitled_${page.Id}`).replace(/[\s"#%*:<>?/\\|{}~&]+/g, '-');
        let name = `${base}.aspx`;
        for (let n = 1; site.pages.some((p) => p !== page && p.named && p.FileName.toLowerCase() === name.toLowerCase()); n++) name = `${base}(${n}).aspx`;
        page.FileName = name;
        page.named = true;
      }
      for (const key of ['CanvasContent1', 'LayoutWebpartsContent', 'Description', 'TopicHeader', 'BannerImageUrl'] as const) {
        if (key in b) page[key] = (b[key] as string | null) ?? null;
      }
      if (Array.isArray(b.AuthorByline)) page.AuthorByline = b.AuthorByline.map(String);
      page.Modified = now;
      return { status: 200, value: true };
    }
    case 'publish':
      page.checkedOut = false;
      page.major++;
      page.minor = 0;
      page.publishCount++;
      page.FirstPublished ??= now;
      page.LastPublished = now;
      if (page.PromotedState === 1) page.PromotedState = 2;
      page.Modified = now;
      return { status: 200, value: true };
    case 'promotetonews':
      page.PromotedState = 2;
      return { status: 200, value: true };
    case 'discardpage':
      page.checkedOut = false;
      return { status: 200, entity: pageEntity(page, r.webUrl) };
    default:
      return badRequest(`The stand-in does not model ${r.method} ${rest}.`);
  }
}
