import { card, text, title, type AdaptiveCard } from './adaptive-card';
import { heading, instantInZoneAndUtc, subtle } from './card-parts';
import type { AnswerView } from '../usecases/views/townhall-messages';

export type { AnswerView } from '../usecases/views/townhall-messages';

/** The release manager's answer, back to the person who asked. */
export function buildAnswerCard(view: AnswerView): AdaptiveCard {
  return card([
    title(`Your question about release ${view.version} was answered`),
    heading('You asked'),
    text(view.question, { spacing: 'None', isSubtle: true }),
    heading(`${view.answeredBy} answered`),
    text(view.answer, { spacing: 'None' }),
    subtle(instantInZoneAndUtc(view.answeredAt, view.timeZone)),
  ]);
}
