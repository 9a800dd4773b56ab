import type { SPFI } from '@pnp/sp';
import { DateTimeFieldFormatType, type IFields } from '@pnp/sp/fields';
import type { CalendarEntry, IntranetSite } from '../usecases/intranet-ports';
import { httpStatus, toIntranetError } from './sharepoint-errors';
import '@pnp/sp/webs';
import '@pnp/sp/lists';
import '@pnp/sp/items';

/**
 * The client's "Upgrade calendar" list: one row per change, keyed by ChangeId, added on first
 * mirror and updated in place after (a cancelled upgrade stays, marked Cancelled).
 *
 * A generic list (template 100), not an Events list (106): an Events list requires EventDate and
 * EndDate on every item and brings all-day and recurrence columns, while an upgrade often has no
 * agreed window yet; a modern list shows its Starts/Ends in a calendar view all the same.
 */

export const upgradeCalendarTitle = 'Upgrade calendar';

const listDescription = 'Upgrades of our SaaS applications, kept up to date by Upgrade Desk.';

/** The list's own columns, in the order they are added; internal name = title. */
export const upgradeCalendarFields: ReadonlyArray<{ name: string; add: (fields: IFields) => Promise<unknown> }> = [
  { name: 'ChangeId', add: (f) => f.addText('ChangeId', { MaxLength: 64, Indexed: true, EnforceUniqueValues: true, Description: 'The change id in Upgrade Desk.' }) },
  { name: 'Starts', add: (f) => f.addDateTime('Starts', { DisplayFormat: DateTimeFieldFormatType.DateTime }) },
  { name: 'Ends', add: (f) => f.addDateTime('Ends', { DisplayFormat: DateTimeFieldFormatType.DateTime }) },
  { name: 'State', add: (f) => f.addText('State', { MaxLength: 64 }) },
  { name: 'FromVersion', add: (f) => f.addText('FromVersion', { MaxLength: 32 }) },
  { name: 'ToVersion', add: (f) => f.addText('ToVersion', { MaxLength: 32 }) },
  { name: 'Cancelled', add: (f) => f.addBoolean('Cancelled') },
  { name: 'Link', add: (f) => f.addUrl('Link') },
];

/** A URL column holds at most 255 characters; a longer link is left out rather than cut. */
const maxUrlLength = 255;
const linkDescription = 'Open in schedule';

type Values = Record<string, string | boolean | null | { Description: string; Url: string }>;

/** The row's values for an entry. */
export function calendarValues(entry: CalendarEntry): Values {
  const text = (s: string, max = 255) => s.slice(0, max);
  return {
    Title: text(entry.title),
    ChangeId: text(entry.changeId, 64),
    Starts: entry.startsAt ?? null,
    Ends: entry.endsAt ?? null,
    State: text(entry.state, 64),
    FromVersion: text(entry.fromVersion, 32),
    ToVersion: text(entry.toVersion, 32),
    Cancelled: entry.cancelled,
    Link: entry.link && entry.link.length <= maxUrlLength ? { Description: linkDescription, Url: entry.link } : null,
  };
}

/** An OData string literal: quotes doubled. */
export const odataString = (s: string) => `'${s.replace(/'/g, "''")}'`;

function sameValue(current: unknown, wanted: Values[string]): boolean {
  if (wanted === null) return current === null || current === undefined || current === '';
  if (typeof wanted === 'object') {
    const c = current as { Url?: unknown; Description?: unknown } | null;
    return !!c && c.Url === wanted.Url && c.Description === wanted.Description;
  }
  if (typeof wanted === 'string' && typeof current === 'string' && /^\d{4}-\d\d-\d\dT/.test(wanted)) return Date.parse(wanted) === Date.parse(current);
  return current === wanted;
}

export class UpgradeCalendar {
  /** Sites whose list is known to exist with its columns (by site URL), since this process started. */
  private readonly ready = new Set<string>();

  async mirror(sp: SPFI, site: IntranetSite, entry: CalendarEntry): Promise<void> {
    try {
      const known = this.ready.has(siteKey(site));
      if (!known) await this.ensure(sp, site);
      try {
        await this.write(sp, entry);
      } catch (err) {
        if (!known || httpStatus(err) !== 404) throw err;
        // The list was deleted since: make it again, once.
        this.ready.delete(siteKey(site));
        await this.ensure(sp, site);
        await this.write(sp, entry);
      }
    } catch (err) {
      throw toIntranetError(err, site, `mirroring ${entry.changeId} to the list '${upgradeCalendarTitle}'`);
    }
  }

  /** Forgets what is known of the sites' lists (the next mirror checks again). */
  forget(): void {
    this.ready.clear();
  }

  /** Makes the list if it is missing and adds any of its columns that are missing. */
  private async ensure(sp: SPFI, site: IntranetSite): Promise<void> {
    const list = sp.web.lists.getByTitle(upgradeCalendarTitle);
    let existing: Set<string>;
    try {
      await list.select('Id', 'BaseTemplate')();
      const fields: Array<{ InternalName: string }> = await list.fields.select('InternalName')();
      existing = new Set(fields.map((f) => f.InternalName));
    } catch (err) {
      if (httpStatus(err) !== 404) throw err;
      await sp.web.lists.add(upgradeCalendarTitle, listDescription, 100, false);
      existing = new Set(['Title']);
    }
    for (const field of upgradeCalendarFields) {
      if (!existing.has(field.name)) await field.add(list.fields);
    }
    this.ready.add(siteKey(site));
  }

  /** Adds the change's row, or updates it in place when it differs. */
  private async write(sp: SPFI, entry: CalendarEntry): Promise<void> {
    const list = sp.web.lists.getByTitle(upgradeCalendarTitle);
    const values = calendarValues(entry);
    const found: Array<Record<string, unknown> & { Id: number }> = await list.items
      .filter(`ChangeId eq ${odataString(values.ChangeId as string)}`)
      .select('Id', ...Object.keys(values))
      .top(1)();
    const row = found[0];
    if (!row) {
      await list.items.add(values);
      return;
    }
    const changed = Object.entries(values).some(([k, v]) => !sameValue(row[k], v));
    if (changed) await list.items.getById(row.Id).update(values);
  }
}

const siteKey = (site: IntranetSite) => site.url.replace(/\/+$/, '').toLowerCase();
