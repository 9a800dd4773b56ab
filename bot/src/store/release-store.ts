import { odata, type TableClient } from '@azure/data-tables';
import { UpgradeDeskError } from '../domain/errors';
import { compareVersions, type FeatureOutage, type Release, type ReleaseKind, type RunbookStep, type Townhall } from '../domain/release';
import type { PendingEffectsRef, ReleaseStore } from '../usecases/ports';
import { effectsRowKeyFrom, toEffectsEntity } from './effects-rows';
import { isAlreadyExists, orUndefined } from './table-errors';
import { compact, listRows, tableKey } from './table-rows';

/**
 * Releases: PartitionKey 'release', RowKey = version. Four a year: the app reads one by version
 * (point read) or all of them (one single-partition query, sorted here by version number
 * because RowKeys sort as text and "10.0" < "5.0"). Lists and the runbook are JSON text.
 */
const partition = 'release';

type ReleaseEntity = {
  partitionKey: string;
  rowKey: string;
  version: string;
  kind: string;
  availableOn: string;
  highlights: string;
  roadmap: string;
  releaseNotesUrl?: string;
  townhall: string;
  prerequisites: string;
  runbook: string;
  outages: string;
  contentFreezeAdvised: boolean;
};

function toEntity(release: Release): ReleaseEntity {
  return compact({
    partitionKey: partition,
    rowKey: tableKey(release.version),
    version: release.version,
    kind: release.kind,
    availableOn: release.availableOn,
    highlights: JSON.stringify(release.highlights),
    roadmap: JSON.stringify(release.roadmap),
    releaseNotesUrl: release.releaseNotesUrl,
    townhall: JSON.stringify(release.townhall),
    prerequisites: JSON.stringify(release.prerequisites),
    runbook: JSON.stringify(release.runbook),
    outages: JSON.stringify(release.outages),
    contentFreezeAdvised: release.contentFreezeAdvised,
  });
}

function fromEntity(e: ReleaseEntity): Release {
  const release: Release = {
    version: e.version,
    kind: e.kind as ReleaseKind,
    availableOn: e.availableOn,
    highlights: JSON.parse(e.highlights) as string[],
    roadmap: JSON.parse(e.roadmap) as string[],
    townhall: JSON.parse(e.townhall) as Townhall,
    prerequisites: JSON.parse(e.prerequisites) as string[],
    runbook: JSON.parse(e.runbook) as RunbookStep[],
    outages: JSON.parse(e.outages) as FeatureOutage[],
    contentFreezeAdvised: e.contentFreezeAdvised,
  };
  if (e.releaseNotesUrl !== undefined) release.releaseNotesUrl = e.releaseNotesUrl;
  return release;
}

/** Releases over Azure Tables: published once, never overwritten. */
export class TableReleaseStore implements ReleaseStore {
  constructor(private readonly table: TableClient) {}

  async get(version: string): Promise<Release | undefined> {
    const row = await orUndefined(this.table.getEntity<ReleaseEntity>(partition, tableKey(version)));
    return row && fromEntity(row);
  }

  async list(): Promise<Release[]> {
    // The releases' own rows: their pending townhalls sort after them (RowKey "~effects-...").
    const rows = await listRows<ReleaseEntity>(this.table, { filter: odata`PartitionKey eq ${partition} and RowKey lt ${effectsRowKeyFrom}` });
    return rows.map(fromEntity).sort((a, b) => compareVersions(a.version, b.version));
  }

  async create(release: Release, options: { announce?: boolean } = {}): Promise<PendingEffectsRef | undefined> {
    const pending = options.announce ? toEffectsEntity(partition, { kind: 'release', version: release.version, effects: { townhall: true, article: true } }) : undefined;
    try {
      if (!pending) {
        await this.table.createEntity(toEntity(release));
        return undefined;
      }
      await this.table.submitTransaction([['create', toEntity(release)], ['create', pending]]);
      return { table: 'releases', partitionKey: pending.partitionKey, rowKey: pending.rowKey };
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      throw new UpgradeDeskError(
        'conflict',
        `Release ${release.version} exists already; publish this one under a new version number.`,
        { cause: err },
      );
    }
  }
}
