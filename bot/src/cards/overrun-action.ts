import { text, type ShowCardAction } from './adaptive-card';
import { subCard } from './card-parts';
import { execute, inputIds } from './verbs';

/** "Will overrun": the engineer gives a reason and a new ETA in the client's time zone. */
export function overrunAction(upgradeId: string, v: string, timeZone: string): ShowCardAction {
  return {
    type: 'Action.ShowCard',
    title: 'Will overrun',
    card: subCard(
      [
        text('The client owners get a Go/No-Go card with your reason and the new ETA.'),
        {
          type: 'Input.Text',
          id: inputIds.reason,
          label: 'Why will it overrun?',
          isMultiline: true,
          isRequired: true,
          errorMessage: 'Say why the upgrade will overrun; the owners decide on it.',
          maxLength: 1000,
        },
        { type: 'Input.Date', id: inputIds.etaDate, label: `New ETA: date (${timeZone})`, isRequired: true, errorMessage: 'Pick the date.' },
        { type: 'Input.Time', id: inputIds.etaTime, label: `New ETA: time (${timeZone})`, isRequired: true, errorMessage: 'Pick the time.' },
      ],
      [execute('Announce overrun', { verb: 'upgrade.overrun', upgradeId, v }, { style: 'destructive' })],
    ),
  };
}
