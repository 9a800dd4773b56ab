import type { TableClient, TableEntityResult } from '@azure/data-tables';

/** Entity values the stores write: strings, numbers, booleans; complex values go in as JSON text. */
export type Scalar = string | number | boolean;

/** Drops undefined properties, so an optional field that is absent is absent from the row too. */
export function compact<T extends Record<string, Scalar | undefined>>(row: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as never;
}

/** JSON text for an optional complex field; undefined stays undefined. */
export function toJson(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/** Parses an optional complex field the store wrote itself (a `select`ed absent field reads as null). */
export function fromJson<T>(text: string | null | undefined): T | undefined {
  return text === undefined || text === null ? undefined : (JSON.parse(text) as T);
}

export interface ListRowsOptions {
  /** An OData filter built with the `odata` tag. */
  filter?: string;
  select?: string[];
}

/** Every row matching the filter, across all pages. */
export async function listRows<T extends object>(table: TableClient, options: ListRowsOptions = {}): Promise<TableEntityResult<T>[]> {
  const rows: TableEntityResult<T>[] = [];
  const queryOptions = { filter: options.filter, select: options.select };
  for await (const row of table.listEntities<T>({ queryOptions })) rows.push(row);
  return rows;
}

/**
 * Makes any id safe as a PartitionKey or RowKey, which may not contain / \ # ? or control
 * characters. Slugs, GUIDs, versions and change ids come through unchanged.
 */
export function tableKey(id: string): string {
  return encodeURIComponent(id);
}
