import { randomBytes } from 'node:crypto';
import type { EffectsRecord, PendingEffects, PendingEffectsRef } from '../usecases/ports';

/**
 * A pending-effects row lives in the partition of the record whose change it follows (an
 * upgrade's, the releases'), so both are written in one transaction. RowKeys start with
 * "~effects-" and sort after every other row of the partition: the ranges the stores read
 * (audit lines, releases) never include them.
 */
export const effectsRowKeyFrom = '~effects-';
export const effectsRowKeyTo = '~effects.';

export type EffectsEntity = {
  partitionKey: string;
  rowKey: string;
  record: string;
  recordedAt: string;
  leasedUntil?: string;
};

/** A new effects row for the partition: time-ordered, unique even for two changes in one millisecond. */
export function toEffectsEntity(partitionKey: string, record: EffectsRecord, now = new Date()): EffectsEntity {
  const rowKey = `${effectsRowKeyFrom}${String(now.getTime()).padStart(15, '0')}-${randomBytes(4).toString('hex')}`;
  return { partitionKey, rowKey, record: JSON.stringify(record), recordedAt: now.toISOString() };
}

export function fromEffectsEntity(table: PendingEffectsRef['table'], row: EffectsEntity & { etag?: string }): PendingEffects {
  const record = JSON.parse(row.record) as EffectsRecord;
  return { ...record, recordedAt: row.recordedAt, ref: { table, partitionKey: row.partitionKey, rowKey: row.rowKey, etag: row.etag } };
}
