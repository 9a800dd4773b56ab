import type { AdaptiveCard, CardAction, CardElement } from './adaptive-card';
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

/**
 * The count of acknowledgements and, while the notice asks for one, the button. A notice that no
 * longer asks (no button) keeps only a count of those who did: never "Nobody has acknowledged yet".
 */
export function acknowledgeParts(state: AcknowledgeState, open: boolean): { body: CardElement[]; actions: CardAction[] } {
  const counted = open || state.acknowledgements > 0 || state.acknowledgedByViewer;
  const body: CardElement[] = counted ? [subtle(acknowledgementCount(state.acknowledgements))] : [];
  if (state.acknowledgedByViewer) body.push(subtle('You acknowledged this notice. Thank you.'));
  const actions =
    open && !state.acknowledgedByViewer
      ? [execute('Acknowledge', { verb: 'notice.acknowledge', noticeId: state.noticeId }, { associatedInputs: 'none' })]
      : [];
  return { body, actions };
}

/**
 * The notice card as one person sees it after acknowledging: the same content, the button gone,
 * the count current and a thank-you. Works on the stored card of any notice with the button.
 */
export function acknowledgedView(card: AdaptiveCard, noticeId: string, count: number): AdaptiveCard {
  const copy = structuredClone(card);
  const isAckButton = (a: CardAction) => a.type === 'Action.Execute' && a.verb === 'notice.acknowledge' && a.data?.noticeId === noticeId;
  const countPattern = /^(Nobody has acknowledged yet|\d+ (person|people) acknowledged)$/;
  let replaced = false;
  const visit = (elements: CardElement[]): CardElement[] =>
    elements.flatMap((e): CardElement[] => {
      if (e.type === 'TextBlock' && countPattern.test(e.text)) {
        replaced = true;
        return [{ ...e, text: acknowledgementCount(count) }, subtle('You acknowledged this notice. Thank you.')];
      }
      if (e.type === 'Container') return [{ ...e, items: visit(e.items) }];
      if (e.type === 'ColumnSet') return [{ ...e, columns: e.columns.map((c) => ({ ...c, items: visit(c.items) })) }];
      if (e.type === 'ActionSet') return [{ ...e, actions: e.actions.filter((a) => !isAckButton(a)) }];
      return [e];
    });
  copy.body = visit(copy.body);
  if (copy.actions) copy.actions = copy.actions.filter((a) => !isAckButton(a));
  if (!replaced) copy.body.push(subtle(`${acknowledgementCount(count)}. You acknowledged this notice. Thank you.`));
  return copy;
}
