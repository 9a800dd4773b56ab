import { odata, TableClient, TableServiceClient } from '@azure/data-tables';
import type { UpgradeNotices } from '../usecases/schedule-tab';
import { listRows, tableKey } from './table-rows';

/**
 * The notices about one upgrade, read from the outbox's notices table: their ids start with the
 * change id and a colon ("CHG-2026-0001:ticket"), so they are one PartitionKey range query.
 */
export function upgradeNoticeList(options: { connectionString: string; tablePrefix?: string }): UpgradeNotices {
  const endpoint = TableServiceClient.fromConnectionString(options.connectionString).url;
  const table = TableClient.fromConnectionString(options.connectionString, `${options.tablePrefix ?? ''}outboxnotices`, {
    allowInsecureConnection: new URL(endpoint).protocol === 'http:',
  });
  return {
    async noticesOf(upgradeId) {
      const from = tableKey(`${upgradeId}:`);
      const to = tableKey(`${upgradeId};`);
      const rows = await listRows<{ noticeId: string; kind: string }>(table, {
        filter: odata`PartitionKey ge ${from} and PartitionKey lt ${to}`,
        select: ['noticeId', 'kind'],
      });
      return rows.map((r) => ({ noticeId: r.noticeId, kind: r.kind }));
    },
  };
}
