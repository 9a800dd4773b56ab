import { card, facts, text, title, type AdaptiveCard, type CardElement } from './adaptive-card';
import { bullets, instantInZoneAndUtc, subtle, when } from './card-parts';

export interface DeliveryFailure {
  /** The conversation, as a person knows it: team and channel, or the person's name. */
  conversation: string;
  reason: string;
  statusCode?: number;
}

export interface NoticeDeliveries {
  noticeId: string;
  /** What the notice was, e.g. "Content freeze announced: Contoso". */
  title: string;
  sent: number;
  pending: number;
  failed: number;
  failures: DeliveryFailure[];
}

export interface DeliveryReportView {
  notices: NoticeDeliveries[];
  /** When the report was read, shown in this zone and UTC. */
  generatedAt?: string;
  timeZone?: string;
}

/** Failures listed per notice; the rest are counted, so the card stays within Teams' size limit. */
export const maxFailuresListed = 15;

/** Where each notice got to: sent, pending and failed, with the failed conversations and why. */
export function buildDeliveryReportCard(view: DeliveryReportView): AdaptiveCard {
  const sections: CardElement[] = view.notices.map((n, i) => {
    const listed = n.failures.slice(0, maxFailuresListed);
    const more = n.failures.length - listed.length;
    return {
      type: 'Container',
      separator: i > 0,
      items: [
        text(n.title, { weight: 'Bolder' }),
        subtle(`Notice ${n.noticeId}`),
        facts([
          ['Sent', String(n.sent)],
          ['Pending', String(n.pending)],
          ['Failed', String(n.failed)],
        ]),
        ...bullets(listed.map((f) => `${f.conversation}: ${f.reason}${f.statusCode ? ` (HTTP ${f.statusCode})` : ''}`)),
        ...when(more > 0, subtle(`and ${more} more failed conversations`)),
        ...when(n.failed === 0 && n.pending === 0, text('Delivered everywhere.', { color: 'Good', spacing: 'None' })),
      ],
    };
  });
  return card([
    title('Delivery report'),
    ...(view.generatedAt ? [subtle(`As of ${instantInZoneAndUtc(view.generatedAt, view.timeZone ?? 'UTC')}`)] : []),
    ...(sections.length ? sections : [text('No notices to report on.', { isSubtle: true })]),
  ]);
}
