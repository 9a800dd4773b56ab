import type { DeliveryRecord, NoticeRecord } from './outbox-ports';

/** One conversation's delivery as a person reads it. */
export interface DeliveryReportEntry {
  tenantId: string;
  conversationId: string;
  state: 'sent' | 'pending' | 'failed';
  attempts: number;
  activityId?: string;
  /** The version of the message the conversation has (the notice's newest when `sent`). */
  sentVersion?: number;
  /** Every failed answer's status, oldest first (0 = no answer). */
  statusCodes: number[];
  /** Why it failed, or why it is still pending. */
  reason?: string;
}

export interface DeliveryReport {
  noticeId: string;
  kind: string;
  clientId: string;
  version: number;
  total: number;
  sent: number;
  pending: number;
  failed: number;
  deliveries: DeliveryReportEntry[];
}

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
