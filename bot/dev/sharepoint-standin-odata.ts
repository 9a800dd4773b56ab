import { sitePagesTemplate, type StandinList, type StandinSite } from './sharepoint-standin-state';

/** The stand-in's answers as data (the server writes them in the OData flavour asked for), and small helpers. */

/** One entity of an answer, with what SharePoint's metadata says about it. */
export interface Entity {
  type: string;
  /** Relative to the web's `_api/`: "Web/Lists(guid'…')/Items(3)". */
  editLink: string;
  etag?: string;
  props: Record<string, unknown>;
}

export type Answer =
  | { status: number; entity?: Entity; collection?: Entity[]; value?: unknown; headers?: Record<string, string> }
  | { status: number; error: { code: string; message: string }; headers?: Record<string, string> };

export interface RestRequest {
  method: string;
  /** The path after the web's `_api/`, decoded: "web/lists/getByTitle('Upgrade calendar')/items". */
  rest: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  site: StandinSite;
  /** The absolute URL of the web as the caller named it: "http://127.0.0.1:1234/sites/intranet". */
  webUrl: string;
}

export const fail = (status: number, code: string, message: string): Answer => ({ status, error: { code, message } });
export const notFound = (what: string) => fail(404, '-2147024894, System.IO.FileNotFoundException', what);
export const badRequest = (message: string) => fail(400, '-1, Microsoft.SharePoint.Client.InvalidClientQueryException', message);

export const listTypeName = (list: StandinList) => `SP.Data.${list.Title.replace(/ /g, '_x0020_')}${list.BaseTemplate === sitePagesTemplate ? 'Item' : 'ListItem'}`;
export const listLink = (list: StandinList) => `Web/Lists(guid'${list.Id}')`;
export const sitePages = (site: StandinSite) => site.lists.find((l) => l.BaseTemplate === sitePagesTemplate)!;
export const isMerge = (r: RestRequest) => String(r.headers['x-http-method'] ?? '').toUpperCase() === 'MERGE';
export const isDelete = (r: RestRequest) => r.method === 'DELETE' || String(r.headers['x-http-method'] ?? '').toUpperCase() === 'DELETE';
export const bodyObject = (r: RestRequest) => (r.body && typeof r.body === 'object' ? (r.body as Record<string, unknown>) : {});
