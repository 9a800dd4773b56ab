import { card, facts, text, title, type AdaptiveCard } from './adaptive-card';

/** "Done": what happened and what comes next, with reference facts. */
export function buildConfirmationCard(view: { heading: string; message: string; facts?: [string, string][] }): AdaptiveCard {
  return card([
    { type: 'Container', style: 'good', items: [title(view.heading), text(view.message)] },
    ...(view.facts?.length ? [facts(view.facts)] : []),
  ]);
}
