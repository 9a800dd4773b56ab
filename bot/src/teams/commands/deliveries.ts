import { buildDeliveryReportCard, type NoticeDeliveries } from '../../cards/delivery-report-card';
import { UpgradeDeskError } from '../../domain/errors';
import { parseChangeId } from '../../domain/change-id';
import type { CommandSpec } from './reply';

/** `deliveries <notice>`: where a notice reached, is pending, or failed and why (vendor staff). */
export const deliveriesCommand: CommandSpec = {
  name: 'deliveries',
  usage: 'deliveries {notice | CHG-id}',
  description: 'Where a notice was delivered: sent, pending, or failed with the reason (vendor staff).',
  audience: { staff: 'all' },
  async run(deps, caller, command) {
    if (caller.identity.kind !== 'staff') throw new UpgradeDeskError('forbidden', 'Delivery reports are for vendor staff.');
    const what = command.args[0];
    if (!what) throw new UpgradeDeskError('bad_input', 'Say which notice: deliveries {notice-id}, e.g. "deliveries townhall:5.0" or "deliveries CHG-2026-0001".');
    if (!deps.deliveryReports) throw new Error('No outbox is configured');
    const change = parseChangeId(what);
    const ids = change.ok ? [`${change.value.id}:ticket`, `${change.value.id}:freeze`] : [what];
    const notices: NoticeDeliveries[] = [];
    for (const id of ids) {
      const report = await deps.deliveryReports.report(id);
      if (!report) continue;
      notices.push({
        noticeId: id,
        title: `${report.kind} (${report.clientId})`,
        sent: report.sent,
        pending: report.pending,
        failed: report.failed,
        failures: report.deliveries
          .filter((d) => d.state === 'failed')
          .map((d) => ({ conversation: d.conversationId, reason: d.reason ?? 'failed', statusCode: d.statusCodes.at(-1) })),
      });
    }
    if (notices.length === 0) throw new UpgradeDeskError('not_found', `No notice "${what}" has been sent. Notice ids look like townhall:5.0 or CHG-2026-0001:ticket.`);
    return { summary: `Deliveries of ${what}`, card: buildDeliveryReportCard({ notices, generatedAt: deps.clock.now().toISOString(), timeZone: 'UTC' }) };
  },
};
