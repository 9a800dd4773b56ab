import { randomUUID } from 'node:crypto';

/**
 * The SharePoint stand-in's memory: sites by server-relative path, each with its lists (fields and
 * items) and its modern pages (the "Site Pages" library). Plain data, read by tests and changed
 * only by the stand-in's REST handlers (and by tests that set up a situation, e.g. a deleted list).
 */

export interface StandinField {
  Id: string;
  InternalName: string;
  Title: string;
  /** SP.FieldType: 2 Text, 3 Note, 4 DateTime, 6 Choice, 8 Boolean, 9 Number, 11 URL... */
  FieldTypeKind: number;
  TypeAsString: string;
  Indexed: boolean;
  EnforceUniqueValues: boolean;
  Required: boolean;
  /** Built in (Title, Created...), not added by a caller. */
  builtIn: boolean;
  /** What the caller sent to create it (odata=verbose body), for tests. */
  created?: Record<string, unknown>;
}

export interface StandinItem {
  Id: number;
  /** Field values by internal name (Title, ChangeId...). */
  values: Record<string, unknown>;
  /** Bumped by every update: the item's ETag is `"<version>"`. */
  version: number;
  Created: string;
  Modified: string;
}

export interface StandinList {
  Id: string;
  Title: string;
  /** 100 generic list, 106 events, 119 site pages. */
  BaseTemplate: number;
  Description: string;
  fields: StandinField[];
  items: StandinItem[];
  nextItemId: number;
  Created: string;
}

export interface StandinPage {
  /** The page's item id in the Site Pages library (what `_api/sitepages/pages(<id>)` takes). */
  Id: number;
  UniqueId: string;
  /** "release-4-4.aspx"; a placeholder until the first save names it after the title. */
  FileName: string;
  /** False until the first save gave the file its name. */
  named: boolean;
  Title: string;
  PageLayoutType: string;
  /** 0 not promoted, 1 promoted on publish, 2 a news post. */
  PromotedState: number;
  /** The canvas: a JSON string of controls (pnp's text web parts carry `innerHTML`), null while new. */
  CanvasContent1: string | null;
  LayoutWebpartsContent: string | null;
  Description: string | null;
  TopicHeader: string | null;
  BannerImageUrl: string | null;
  AuthorByline: string[];
  checkedOut: boolean;
  /** "1.0" published, "1.1" a draft after it... */
  major: number;
  minor: number;
  /** Times `publish` was called: a re-publish of the same page counts here, not as a second page. */
  publishCount: number;
  FirstPublished: string | null;
  LastPublished: string | null;
  Created: string;
  Modified: string;
}

export interface StandinSite {
  /** Server-relative, lower case, no trailing slash: "/sites/intranet" ("" for a tenant's root site). */
  path: string;
  Id: string;
  WebId: string;
  Title: string;
  lists: StandinList[];
  pages: StandinPage[];
  nextPageId: number;
}

/** The identity the stand-in records as the author of versions (SharePoint's app-only principal). */
export const standinAppPrincipal = 'i:0i.t|00000003-0000-0ff1-ce00-000000000000|app@sharepoint';

export function normalizeSitePath(path: string): string {
  const p = decodeURIComponent(path).trim().toLowerCase().replace(/\/+$/, '');
  return p === '' || p.startsWith('/') ? p : `/${p}`;
}

const builtInField = (InternalName: string, FieldTypeKind: number, TypeAsString: string, Required = false): StandinField => ({
  Id: randomUUID(),
  InternalName,
  Title: InternalName,
  FieldTypeKind,
  TypeAsString,
  Indexed: InternalName === 'ID',
  EnforceUniqueValues: false,
  Required,
  builtIn: true,
});

export const sitePagesTemplate = 119;

export class SharePointStandinState {
  readonly sites = new Map<string, StandinSite>();

  /** Adds a site (idempotent) with its Site Pages library; returns it. */
  addSite(path: string, title = path.split('/').pop() || 'Root'): StandinSite {
    const key = normalizeSitePath(path);
    const existing = this.sites.get(key);
    if (existing) return existing;
    const site: StandinSite = { path: key, Id: randomUUID(), WebId: randomUUID(), Title: title, lists: [], pages: [], nextPageId: 1 };
    this.sites.set(key, site);
    this.addList(site, 'Site Pages', sitePagesTemplate);
    return site;
  }

  removeSite(path: string): void {
    this.sites.delete(normalizeSitePath(path));
  }

  site(path: string): StandinSite | undefined {
    return this.sites.get(normalizeSitePath(path));
  }

  addList(site: StandinSite, title: string, baseTemplate: number, description = ''): StandinList {
    const now = new Date().toISOString();
    const list: StandinList = {
      Id: randomUUID(),
      Title: title,
      BaseTemplate: baseTemplate,
      Description: description,
      fields: [
        builtInField('ID', 1, 'Counter'),
        builtInField('Title', 2, 'Text', baseTemplate === 100),
        builtInField('Created', 4, 'DateTime'),
        builtInField('Modified', 4, 'DateTime'),
      ],
      items: [],
      nextItemId: 1,
      Created: now,
    };
    if (baseTemplate === 106) {
      list.fields.push(builtInField('EventDate', 4, 'DateTime', true), builtInField('EndDate', 4, 'DateTime', true), builtInField('fAllDayEvent', 8, 'AllDayEvent'));
    }
    site.lists.push(list);
    return list;
  }

  /** A site's list by title (case-insensitive), as SharePoint's `getByTitle` finds it. */
  list(sitePath: string, title: string): StandinList | undefined {
    return this.site(sitePath)?.lists.find((l) => l.Title.toLowerCase() === title.toLowerCase());
  }

  /** Deletes a list, as someone on the client's side might. */
  deleteList(sitePath: string, title: string): boolean {
    const site = this.site(sitePath);
    const list = this.list(sitePath, title);
    if (!site || !list) return false;
    site.lists = site.lists.filter((l) => l !== list);
    return true;
  }

  pages(sitePath: string): StandinPage[] {
    return this.site(sitePath)?.pages ?? [];
  }

  page(sitePath: string, fileName: string): StandinPage | undefined {
    return this.pages(sitePath).find((p) => p.named && p.FileName.toLowerCase() === fileName.toLowerCase());
  }

  /** A new, checked-out, unnamed page (what `POST _api/sitepages/pages` makes). */
  addPage(site: StandinSite, layout: string, promotedState: number): StandinPage {
    const now = new Date().toISOString();
    const Id = site.nextPageId++;
    const page: StandinPage = {
      Id,
      UniqueId: randomUUID(),
      FileName: `Untitled_${Id}.aspx`,
      named: false,
      Title: '',
      PageLayoutType: layout,
      PromotedState: promotedState,
      CanvasContent1: null,
      LayoutWebpartsContent: null,
      Description: null,
      TopicHeader: null,
      BannerImageUrl: null,
      AuthorByline: [],
      checkedOut: true,
      major: 0,
      minor: 1,
      publishCount: 0,
      FirstPublished: null,
      LastPublished: null,
      Created: now,
      Modified: now,
    };
    site.pages.push(page);
    return page;
  }
}

/** The text web parts of a page's canvas, in order: their HTML (what readers see). */
export function pageTexts(page: StandinPage): string[] {
  if (!page.CanvasContent1) return [];
  const controls = JSON.parse(page.CanvasContent1) as Array<Record<string, unknown>>;
  return controls.filter((c) => c.controlType === 4).map((c) => String(c.innerHTML ?? ''));
}
