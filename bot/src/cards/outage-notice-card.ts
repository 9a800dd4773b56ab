import { describeOutage, type FeatureOutage } from '../domain/release';
import { card, text, title, type AdaptiveCard, type CardElement } from './adaptive-card';
import { acknowledgeParts, type AcknowledgeState } from './acknowledge';
import { bullets, instantInZoneAndUtc, subtle } from './card-parts';

/** started: posted at upgrade start; ended: the back-online notice at completion; past: the started notice, corrected in place then. */
export type OutageNoticeVariant = 'started' | 'ended' | 'past';

export interface OutageNoticeView extends AcknowledgeState {
  variant: OutageNoticeVariant;
  clientName: string;
  version: string;
  timeZone: string;
  /** When the upgrade started (started) or completed (ended). */
  at: string;
  outages: FeatureOutage[];
  /** ended after a No-Go: the upgrade was rolled back, not completed. */
  rolledBack?: boolean;
}

/** "ConneX and Add It" */
function featureNames(outages: readonly FeatureOutage[]): string {
  const names = [...new Set(outages.flatMap((o) => o.features))];
  return names.length <= 1 ? (names[0] ?? 'Some features') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The feature-outage notice to the client's channel, and its back-online update. */
export function buildOutageNoticeCard(view: OutageNoticeView): AdaptiveCard {
  const started = view.variant === 'started';
  const ack = acknowledgeParts(view, started);
  const at = instantInZoneAndUtc(view.at, view.timeZone);
  const body: CardElement[] = started
    ? [
        title(view.outages.length === 1 && view.outages[0] ? describeOutage(view.outages[0]) : 'Some features may be offline for a short while'),
        ...(view.outages.length > 1 ? bullets(view.outages.map(describeOutage)) : []),
        text(`The upgrade to ${view.version} started ${at}. This is expected and temporary; no need to report it.`),
      ]
    : view.variant === 'past'
      ? [
          title(`${featureNames(view.outages)} ${view.outages.flatMap((o) => o.features).length > 1 ? 'were' : 'was'} offline for a while during the upgrade`),
          text(`Back to normal since ${at}${view.rolledBack ? ' (the upgrade was rolled back)' : ''}: see the back-online notice below.`, { isSubtle: true }),
        ]
      : [
        title(`${featureNames(view.outages)} ${view.outages.flatMap((o) => o.features).length > 1 ? 'are' : 'is'} back online`),
        text(`The upgrade to ${view.version} ${view.rolledBack ? 'was rolled back' : 'completed'} ${at}. Everything works as normal again.`, {
          color: 'Good',
        }),
      ];
  return card([...body, subtle(view.clientName), ...ack.body], ack.actions);
}
