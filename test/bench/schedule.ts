import { odata, TableClient } from '@azure/data-tables';
import type { Upgrade, UpgradeState } from '../../bot/src/domain/upgrade';
import { scheduleVersion, TableScheduleIndex, type VersionedUpgrade } from '../../bot/src/store/schedule-index';
import { createTableStores } from '../../bot/src/store/table-stores';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { alternately, percentile, round, type Figure } from './figure';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** The year the upgrades are spread over, month by month (UTC). */
const firstMonth = Date.UTC(2027, 0, 1);
const months = 12;

/** 10,000 upgrades of 200 clients over a year, as a vendor's schedule holds them: mostly booked or done, some proposed, a few requested. */
function upgrades(count: number, clients: number): VersionedUpgrade[] {
  const at = '2026-11-25T10:00:00.000Z';
  const out: VersionedUpgrade[] = [];
  for (let i = 0; i < count; i++) {
    const day = (i * 7_919) % (months * 30);
    const start = firstMonth + day * dayMs + 18 * hourMs + (i % 4) * hourMs;
    const window = { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 6 * hourMs).toISOString() };
    const kind = i % 50;
    const state: UpgradeState = kind === 0 ? 'requested' : kind < 6 ? 'proposed' : kind < 8 ? 'cancelled' : kind < 30 ? 'completed' : 'booked';
    const upgrade: Upgrade = {
      id: `CHG-2027-${String(i + 1).padStart(5, '0')}`, clientId: `client${String(i % clients).padStart(3, '0')}`, fromVersion: '5.0', toVersion: '5.1',
      mode: i % 10 === 0 ? 'self_service' : 'managed', state,
      proposedWindows: state === 'proposed' ? [window, { startsAt: new Date(start + 3 * dayMs).toISOString(), endsAt: new Date(start + 3 * dayMs + 6 * hourMs).toISOString() }] : [],
      ...(state === 'requested' || state === 'proposed' ? {} : { window }),
      prerequisitesDone: [], createdAt: at, updatedAt: at,
    };
    out.push({ upgrade, version: scheduleVersion(1, '2026-11-25T10:00:00.0000000Z') });
  }
  return out;
}

/**
 * One month of the schedule read through the schedule index (`list`, rows turned into entries),
 * against one raw range query of the same rows (the month's partition, the same RowKey range,
 * every row read and nothing else done), measured in the same run, alternately, so both see the
 * same machine. The index holds 10,000 upgrades of 200 clients over a year, seeded in batches
 * through the index store (the path `rebuild` takes).
 */
export async function scheduleFigures(count = 10_000, clients = 200, runs = 100): Promise<Figure[]> {
  const azurite = await sharedAzurite();
  const tablePrefix = uniquePrefix('bsch');
  const stores = await createTableStores({ connectionString: azurite.connectionString, tablePrefix });
  if (!(stores.schedule instanceof TableScheduleIndex)) throw new Error('the bench needs the Table schedule index');
  const seeded = await stores.schedule.rebuildFrom(upgrades(count, clients));
  if (seeded.written !== 2 * count) throw new Error(`seeded ${seeded.written} index rows, expected ${2 * count}`);

  const month = { from: new Date(Date.UTC(2027, 5, 1)).toISOString(), to: new Date(Date.UTC(2027, 6, 1)).toISOString() };
  const table = TableClient.fromConnectionString(azurite.connectionString, `${tablePrefix}schedule`, { allowInsecureConnection: true });
  const rawQuery = async () => {
    let n = 0;
    const filter = odata`PartitionKey eq ${'month-2027-06'} and RowKey ge ${month.from} and RowKey lt ${month.to}`;
    for await (const row of table.listEntities({ queryOptions: { filter } })) if (row) n++;
    return n;
  };
  const storeQuery = async () => (await stores.schedule.list(month)).length;

  const rows = await rawQuery();
  if ((await storeQuery()) !== rows || rows === 0) throw new Error(`the store read ${await storeQuery()} upgrades of June 2027, the raw query ${rows}`);
  const { measured: store, baseline: raw } = await alternately(runs, storeQuery, rawQuery);
  const value = round(percentile(store, 95));
  const baseline = round(percentile(raw, 95));
  return [
    {
      name: 'schedule_month_query_p95', value, unit: 'ms', baseline, ratio: round(value / baseline, 2),
      target: `ratio <= 3 (one month, ${rows} of ${count} upgrades of ${clients} clients, through the store vs one raw range query of the same rows)`,
      goal: { of: 'ratio', op: '<=', limit: 3 },
    },
  ];
}
