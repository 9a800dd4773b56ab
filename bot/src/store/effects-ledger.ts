import { odata, type TableClient } from '@azure/data-tables';
import type { EffectsLedger, PendingEffects, PendingEffectsRef } from '../usecases/ports';
import { effectsRowKeyFrom, effectsRowKeyTo, fromEffectsEntity, type EffectsEntity } from './effects-rows';
import { isNotFound, isStaleEtag } from './table-errors';

/**
 * The pending-effects rows of the upgrades and releases tables. Finding them is a query on the
 * RowKey range across partitions: the relay's slow path for what a crash left, run every few
 * seconds; the process that made a change applies its effects at once and removes the row.
 */
export class TableEffectsLedger implements EffectsLedger {
  constructor(private readonly tables: Record<PendingEffectsRef['table'], TableClient>) {}

  async listPending(options: { recordedBefore: Date; limit: number }): Promise<PendingEffects[]> {
    const before = options.recordedBefore.toISOString();
    const now = new Date().toISOString();
    const filter = odata`RowKey ge ${effectsRowKeyFrom} and RowKey lt ${effectsRowKeyTo} and recordedAt lt ${before}`;
    const found: PendingEffects[] = [];
    for (const [name, table] of Object.entries(this.tables) as [PendingEffectsRef['table'], TableClient][]) {
      for await (const row of table.listEntities<EffectsEntity>({ queryOptions: { filter } })) {
        if (row.leasedUntil && row.leasedUntil > now) continue;
        found.push(fromEffectsEntity(name, row));
        if (found.length >= options.limit) return found;
      }
    }
    return found;
  }

  async lease(pending: PendingEffects, until: Date): Promise<PendingEffects | undefined> {
    const { table, partitionKey, rowKey, etag } = pending.ref;
    try {
      const result = await this.tables[table].updateEntity({ partitionKey, rowKey, leasedUntil: until.toISOString() }, 'Merge', { etag: etag ?? '*' });
      return { ...pending, ref: { ...pending.ref, etag: result.etag } };
    } catch (err) {
      if (isStaleEtag(err) || isNotFound(err)) return undefined;
      throw err;
    }
  }

  async complete(ref: PendingEffectsRef): Promise<void> {
    try {
      await this.tables[ref.table].deleteEntity(ref.partitionKey, ref.rowKey);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
