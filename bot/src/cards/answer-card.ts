import { card, text, title, type AdaptiveCard } from './adaptive-card';
import { heading, instantInZoneAndUtc, subtle } from './card-parts';

export interface AnswerView {
  version: string;
  question: string;
  answer: string;
  answeredBy: string;
  answeredAt: string;
  timeZone: string;
}

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
