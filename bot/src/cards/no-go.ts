import { text, type ShowCardAction } from './adaptive-card';
import { subCard } from './card-parts';
import { execute, inputIds, type CardActionData } from './verbs';

export const noGoWarning =
  'This rolls the environment back to its original state. The upgrade is then rescheduled to the next window agreed with you.';

/** A No-Go behind a confirmation that says what it does, with an optional comment. */
export function noGoAction(data: CardActionData<'upgrade.nogo'> | CardActionData<'decision.vote'>, title = 'No-Go'): ShowCardAction {
  return {
    type: 'Action.ShowCard',
    title,
    card: subCard(
      [
        text('**This rolls the environment back.**', { color: 'Attention' }),
        text(noGoWarning, { spacing: 'None' }),
        {
          type: 'Input.Text',
          id: inputIds.comment,
          label: 'Comment (optional)',
          placeholder: 'Why not go ahead?',
          isMultiline: true,
          maxLength: 1000,
        },
      ],
      [execute('Confirm No-Go', data, { style: 'destructive' })],
    ),
  };
}
