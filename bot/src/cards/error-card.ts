import { card, text, title, type AdaptiveCard } from './adaptive-card';

/** A refusal or failure, in words a person can act on, with an id to quote to support. */
export function buildErrorCard(view: { message: string; correlationId?: string; heading?: string }): AdaptiveCard {
  return card([
    { type: 'Container', style: 'attention', items: [title(view.heading ?? 'That did not work'), text(view.message)] },
    ...(view.correlationId ? [text(`Reference: ${view.correlationId}`, { isSubtle: true, size: 'Small' as const })] : []),
  ]);
}
