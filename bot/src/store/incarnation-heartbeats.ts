import { odata, type TableClient } from '@azure/data-tables';
import type { IncarnationBeat } from '../delivery/delivery-rules';
import type { HeartbeatStore } from '../delivery/earlier-incarnations';
import type { Versioned } from '../usecases/ports';
import { isNotFound, isStaleEtag } from './table-errors';
import { tableKey } from './table-rows';

interface BeatEntity {
  partitionKey: string;
  rowKey: string;
  instance: string;
  incarnation: string;
  beatAt: string;
}

/**
 * One row per running incarnation (partition = its instance, row = its incarnation) holding its
 * last beat: an instance's incarnations are read with one single-partition query.
 */
export class IncarnationHeartbeatTable implements HeartbeatStore {
  constructor(private readonly table: TableClient) {}

  async beat(instance: string, beat: IncarnationBeat): Promise<void> {
    const entity: BeatEntity = { partitionKey: tableKey(instance), rowKey: tableKey(beat.incarnation), instance, incarnation: beat.incarnation, beatAt: beat.beatAt };
    await this.table.upsertEntity(entity, 'Replace');
  }

  async list(instance: string): Promise<Versioned<IncarnationBeat>[]> {
    const beats: Versioned<IncarnationBeat>[] = [];
    const rows = this.table.listEntities<BeatEntity>({ queryOptions: { filter: odata`PartitionKey eq ${tableKey(instance)}` } });
    for await (const row of rows) beats.push({ value: { incarnation: row.incarnation, beatAt: row.beatAt }, etag: row.etag });
    return beats;
  }

  async remove(instance: string, incarnation: string, etag?: string): Promise<boolean> {
    try {
      await this.table.deleteEntity(tableKey(instance), tableKey(incarnation), etag ? { etag } : undefined);
      return true;
    } catch (err) {
      if (isNotFound(err) || isStaleEtag(err)) return false;
      throw err;
    }
  }
}
