import { card, facts, text, title, type AdaptiveCard } from './adaptive-card';
import { heading, instantInZoneAndUtc } from './card-parts';
import { execute, inputIds } from './verbs';
import type { QuestionView } from '../usecases/views/townhall-messages';

export type { QuestionView } from '../usecases/views/townhall-messages';

/** A townhall question, to the release manager, who answers on the card. */
export function buildQuestionCard(view: QuestionView): AdaptiveCard {
  const asked = facts([
    ['From', `${view.askedBy} (${view.clientName})`],
    ['Asked', instantInZoneAndUtc(view.askedAt, view.timeZone)],
  ]);
  const head = [title(`Question about release ${view.version}`), asked, text(view.question)];
  if (view.answer) {
    return card([
      ...head,
      heading(`Answered by ${view.answer.by}, ${instantInZoneAndUtc(view.answer.at, view.timeZone)}`),
      text(view.answer.text, { spacing: 'None' }),
    ]);
  }
  return card(
    [
      ...head,
      {
        type: 'Input.Text',
        id: inputIds.answer,
        label: `Your answer (goes back to ${view.askedBy})`,
        isMultiline: true,
        isRequired: true,
        errorMessage: 'Write the answer.',
        maxLength: 4000,
      },
    ],
    [execute('Send answer', { verb: 'townhall.answer', questionId: view.questionId }, { style: 'positive' })],
  );
}
