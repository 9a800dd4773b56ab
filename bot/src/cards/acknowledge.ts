import type { CardAction, CardElement } from './adaptive-card';
import { subtle } from './card-parts';
import { execute } from './verbs';

export interface AcknowledgeState {
  noticeId: string;
  acknowledgements: number;
  /** The viewer has acknowledged: the button gives way to a thank-you. */
  acknowledgedByViewer?: boolean;
}

/** "3 people acknowledged" */
export function acknowledgementCount(n: number): string {
  return n === 0 ? 'Nobody has acknowledged yet' : n === 1 ? '1 person acknowledged' : `${n} people acknowledged`;
}

/** The count of acknowledgements and, while the notice asks for one, the button. */
export function acknowledgeParts(state: AcknowledgeState, open: boolean): { body: CardElement[]; actions: CardAction[] } {
  const body: CardElement[] = [subtle(acknowledgementCount(state.acknowledgements))];
  if (state.acknowledgedByViewer) body.push(subtle('You acknowledged this notice. Thank you.'));
  const actions =
    open && !state.acknowledgedByViewer
      ? [execute('Acknowledge', { verb: 'notice.acknowledge', noticeId: state.noticeId }, { associatedInputs: 'none' })]
      : [];
  return { body, actions };
}
