import { randomUUID } from 'node:crypto';
import { sitePagesTemplate, type SharePointStandinState, type StandinField, type StandinItem, type StandinList } from './sharepoint-standin-state';
import { badRequest, bodyObject, fail, isDelete, isMerge, listLink, listTypeName, notFound, sitePages, type Answer, type Entity, type RestRequest } from './sharepoint-standin-odata';
import { pageFileItem, pageItemEntity, pageRoute } from './sharepoint-standin-pages';

export type { Answer, Entity, RestRequest } from './sharepoint-standin-odata';

/**
 * The SharePoint REST calls the stand-in answers: the ones @pnp/sp v4 makes for lists, fields and
 * items (the upgrade calendar) here, and for modern pages in sharepoint-standin-pages.ts. Anything
 * else is a 400 "not modelled", so a new call shows up at once.
 */

function listEntity(list: StandinList, webUrl: string): Entity {
  return {
    type: 'SP.List',
    editLink: listLink(list),
    props: {
      Id: list.Id,
      Title: list.Title,
      BaseTemplate: list.BaseTemplate,
      Description: list.Description,
      ItemCount: list.items.length,
      Created: list.Created,
      EnableModeration: false,
      EnableMinorVersions: list.BaseTemplate === sitePagesTemplate,
      ListItemEntityTypeFullName: listTypeName(list),
      ParentWebUrl: new URL(webUrl).pathname,
    },
  };
}

function fieldEntity(list: StandinList, field: StandinField): Entity {
  const { builtIn: _builtIn, created: _created, ...props } = field;
  return { type: `SP.Field${field.TypeAsString === 'Text' ? 'Text' : field.TypeAsString}`, editLink: `${listLink(list)}/Fields(guid'${field.Id}')`, props };
}

function itemEntity(list: StandinList, item: StandinItem): Entity {
  return {
    type: listTypeName(list),
    editLink: `${listLink(list)}/Items(${item.Id})`,
    etag: `"${item.version}"`,
    props: { Id: item.Id, ID: item.Id, ...item.values, Created: item.Created, Modified: item.Modified },
  };
}

/** `ChangeId eq 'CHG-1'`, `Id eq 3`, joined by `and`: the filters the app sends. */
function parseFilter(filter: string): Array<[string, unknown]> | undefined {
  const clauses = filter.split(/\s+and\s+/i);
  const out: Array<[string, unknown]> = [];
  for (const clause of clauses) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s+eq\s+('(?:[^']|'')*'|-?\d+|true|false|null)\s*$/.exec(clause);
    if (!m) return undefined;
    const raw = m[2]!;
    const value = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw === 'null' ? null : raw === 'true' ? true : raw === 'false' ? false : Number(raw);
    out.push([m[1]!, value]);
  }
  return out;
}

/** Checks a body's values against the list's fields as SharePoint does: unknown fields and wrong types are refused. */
function checkValues(list: StandinList, values: Record<string, unknown>, self?: StandinItem): string | undefined {
  for (const [name, value] of Object.entries(values)) {
    if (name === '__metadata') continue;
    const field = list.fields.find((f) => f.InternalName === name);
    if (!field) return `The property '${name}' does not exist on type '${listTypeName(list)}'. Make sure to only use property names that are defined by the type.`;
    if (value === null) continue;
    const ok =
      field.FieldTypeKind === 2 ? typeof value === 'string' && value.length <= 255
      : field.FieldTypeKind === 4 ? typeof value === 'string' && !Number.isNaN(Date.parse(value))
      : field.FieldTypeKind === 8 ? typeof value === 'boolean'
      : field.FieldTypeKind === 11 ? typeof value === 'object' && typeof (value as { Url?: unknown }).Url === 'string' && (value as { Url: string }).Url.length <= 255
      : field.FieldTypeKind === 9 ? typeof value === 'number'
      : typeof value === 'string';
    if (!ok) return `Cannot convert the value of '${name}' to ${field.TypeAsString}.`;
  }
  for (const field of list.fields) {
    if (!field.EnforceUniqueValues || values[field.InternalName] === undefined) continue;
    if (list.items.some((i) => i !== self && i.values[field.InternalName] === values[field.InternalName]))
      return `The list item could not be added or updated because duplicate values were found in the following field(s) in the list: ${field.InternalName}.`;
  }
  return undefined;
}

function fieldTypeName(kind: number, metadataType: unknown): string {
  const byKind: Record<number, string> = { 2: 'Text', 3: 'Note', 4: 'DateTime', 6: 'Choice', 8: 'Boolean', 9: 'Number', 11: 'URL' };
  return byKind[kind] ?? String(metadataType ?? 'Text').replace(/^SP\.Field/, '');
}

function listRoute(r: RestRequest, list: StandinList, rest: string): Answer {
  const site = r.site;
  if (rest === '') {
    if (r.method === 'GET') return { status: 200, entity: listEntity(list, r.webUrl) };
    if (r.method === 'POST' && isDelete(r)) {
      site.lists = site.lists.filter((l) => l !== list);
      return { status: 200 };
    }
    if (r.method === 'POST' && isMerge(r)) {
      const b = bodyObject(r);
      if (typeof b.Title === 'string') list.Title = b.Title;
      if (typeof b.Description === 'string') list.Description = b.Description;
      return { status: 204 };
    }
  }
  if (/^fields$/i.test(rest)) {
    if (r.method === 'GET') return { status: 200, collection: list.fields.map((f) => fieldEntity(list, f)) };
    if (r.method === 'POST') {
      const b = bodyObject(r);
      const title = String(b.Title ?? '');
      if (!title) return badRequest('A field needs a Title.');
      if (list.fields.some((f) => f.InternalName.toLowerCase() === title.toLowerCase()))
        return fail(500, '-2130575342, Microsoft.SharePoint.SPException', `A duplicate field name "${title}" was found.`);
      const kind = Number(b.FieldTypeKind ?? 2);
      const field: StandinField = {
        Id: randomUUID(),
        InternalName: title.replace(/ /g, '_x0020_'),
        Title: title,
        FieldTypeKind: kind,
        TypeAsString: fieldTypeName(kind, (b.__metadata as { type?: unknown } | undefined)?.type),
        Indexed: b.Indexed === true,
        EnforceUniqueValues: b.EnforceUniqueValues === true,
        Required: b.Required === true,
        builtIn: false,
        created: b,
      };
      if (field.EnforceUniqueValues && !field.Indexed) return badRequest('You must index a column before enforcing unique values on it.');
      list.fields.push(field);
      return { status: 201, entity: fieldEntity(list, field) };
    }
  }
  const items = /^items(?:\((\d+)\))?$/i.exec(rest);
  if (items && list.BaseTemplate === sitePagesTemplate) {
    const page = site.pages.find((p) => p.Id === Number(items[1]));
    if (!items[1] || r.method !== 'GET') return badRequest('The stand-in models reading one page item of Site Pages only.');
    return page ? { status: 200, entity: pageItemEntity(site, page) } : notFound('Item does not exist. It may have been deleted by another user.');
  }
  if (items && !items[1]) {
    if (r.method === 'GET') {
      const filter = r.query.get('$filter');
      const clauses = filter ? parseFilter(filter) : [];
      if (!clauses) return badRequest(`The expression "${filter}" is not valid.`);
      const top = Number(r.query.get('$top') ?? '100');
      const found = list.items.filter((i) => clauses.every(([k, v]) => (k === 'Id' || k === 'ID' ? i.Id : i.values[k]) === v)).slice(0, top);
      return { status: 200, collection: found.map((i) => itemEntity(list, i)) };
    }
    if (r.method === 'POST') {
      const values = { ...bodyObject(r) };
      delete values.__metadata;
      const problem = checkValues(list, values);
      if (problem) return badRequest(problem);
      const now = new Date().toISOString();
      const item: StandinItem = { Id: list.nextItemId++, values, version: 1, Created: now, Modified: now };
      list.items.push(item);
      return { status: 201, entity: itemEntity(list, item) };
    }
  }
  if (items && items[1]) {
    const item = list.items.find((i) => i.Id === Number(items[1]));
    if (!item) return notFound('Item does not exist. It may have been deleted by another user.');
    if (r.method === 'GET') return { status: 200, entity: itemEntity(list, item) };
    if (r.method === 'POST' && isDelete(r)) {
      list.items = list.items.filter((i) => i !== item);
      return { status: 200 };
    }
    if (r.method === 'POST' && isMerge(r)) {
      const ifMatch = String(r.headers['if-match'] ?? '');
      if (ifMatch && ifMatch !== '*' && ifMatch !== `"${item.version}"`) return fail(412, '-1, Microsoft.SharePoint.Client.ClientServiceException', 'The request ETag value does not match the object\'s ETag value.');
      const values = { ...bodyObject(r) };
      delete values.__metadata;
      const problem = checkValues(list, values, item);
      if (problem) return badRequest(problem);
      Object.assign(item.values, values);
      item.version++;
      item.Modified = new Date().toISOString();
      return { status: 204, headers: { ETag: `"${item.version}"` } };
    }
  }
  return badRequest(`The stand-in does not model ${r.method} ${rest} on a list.`);
}

/** Answers one REST call on a site the stand-in holds. */
export function answerRest(state: SharePointStandinState, r: RestRequest): Answer {
  const site = r.site;
  const rest = r.rest.replace(/^\/+/, '').replace(/\/+$/, '');
  if (/^web$/i.test(rest) && r.method === 'GET')
    return { status: 200, entity: { type: 'SP.Web', editLink: 'Web', props: { Id: site.WebId, Title: site.Title, Url: r.webUrl, ServerRelativeUrl: new URL(r.webUrl).pathname } } };
  if (/^web\/lists$/i.test(rest)) {
    if (r.method === 'GET') return { status: 200, collection: site.lists.map((l) => listEntity(l, r.webUrl)) };
    if (r.method === 'POST') {
      const b = bodyObject(r);
      const title = String(b.Title ?? '');
      if (!title) return badRequest('A list needs a Title.');
      if (site.lists.some((l) => l.Title.toLowerCase() === title.toLowerCase()))
        return fail(500, '-2130575342, Microsoft.SharePoint.SPException', 'A list, survey, discussion board, or document library with the specified title already exists in this Web site.  Please choose another title.');
      const list = state.addList(site, title, Number(b.BaseTemplate ?? 100), String(b.Description ?? ''));
      return { status: 201, entity: listEntity(list, r.webUrl) };
    }
  }
  const byTitle = /^(?:web\/)?lists\/getbytitle\('((?:[^']|'')*)'\)(?:\/(.*))?$/i.exec(rest);
  const byId = /^(?:web\/)?lists(?:\(guid'([0-9a-f-]{36})'\)|\('([0-9a-f-]{36})'\))(?:\/(.*))?$/i.exec(rest);
  if (byTitle) {
    const title = byTitle[1]!.replace(/''/g, "'");
    const list = site.lists.find((l) => l.Title.toLowerCase() === title.toLowerCase());
    if (!list) return fail(404, '-1, System.ArgumentException', `List '${title}' does not exist at site with URL '${r.webUrl}'.`);
    return listRoute(r, list, byTitle[2] ?? '');
  }
  if (byId) {
    const id = (byId[1] ?? byId[2])!.toLowerCase();
    const list = site.lists.find((l) => l.Id === id);
    if (!list) return fail(404, '-1, System.ArgumentException', `List does not exist. The page you selected contains a list that does not exist.`);
    return listRoute(r, list, byId[3] ?? '');
  }
  if (/^lists\/ensureclientrenderedsitepageslibrary$/i.test(rest) && r.method === 'POST') return { status: 200, entity: listEntity(sitePages(site), r.webUrl) };
  const file = /^web\/getfilebyserverrelativepath\(decodedurl='((?:[^']|'')*)'\)\/listitemallfields$/i.exec(rest);
  if (file && r.method === 'GET') {
    return pageFileItem(r, file[1]!);
  }
  if (/^sitepages\/pages/i.test(rest)) return pageRoute(state, r, rest);
  return badRequest(`The stand-in does not model ${r.method} ${rest}.`);
}

