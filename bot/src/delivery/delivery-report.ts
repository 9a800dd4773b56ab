import type { DeliveryReport, DeliveryReportEntry } from '../usecases/ports';
import type { DeliveryRecord, NoticeRecord } from './outbox-ports';

export type { DeliveryReport, DeliveryReportEntry };

/** Summarises a notice's rows: `sent` means the conversation shows the newest version. */
export function deliveryReport(notice: NoticeRecord, rows: DeliveryRecord[]): DeliveryReport {
  const deliveries = rows.map((row): DeliveryReportEntry => {
    const current = row.state === 'sent' && (row.sentVersion ?? 0) >= notice.version;
    const state = row.state === 'failed' ? 'failed' : current ? 'sent' : 'pending';
    return {
      tenantId: row.tenantId,
      conversationId: row.conversationId,
      state,
      attempts: row.attempts,
      activityId: row.activityId,
      sentVersion: row.sentVersion,
      statusCodes: row.statusCodes,
      reason: reasonOf(row, state),
    };
  });
  const count = (state: DeliveryReportEntry['state']) => deliveries.filter((d) => d.state === state).length;
  return {
    noticeId: notice.id,
    kind: notice.kind,
    clientId: notice.clientId,
    version: notice.version,
    total: deliveries.length,
    sent: count('sent'),
    pending: count('pending'),
    failed: count('failed'),
    deliveries,
  };
}

function reasonOf(row: DeliveryRecord, state: DeliveryReportEntry['state']): string | undefined {
  if (state === 'sent') return undefined;
  if (state === 'failed') return row.lastError ?? 'failed';
  if (row.state === 'sent') return 'an update of the posted message is waiting';
  if (row.lastError) return `retrying after: ${row.lastError}`;
  return row.state === 'sending' ? 'being sent' : 'waiting to be sent';
}
