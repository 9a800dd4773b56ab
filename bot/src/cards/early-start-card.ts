import type { UpgradeWindow } from '../domain/window';
import { card, facts, text, title, type AdaptiveCard } from './adaptive-card';
import { subtle, windowFacts } from './card-parts';
import { execute, inputIds } from './verbs';

export interface EarlyStartView {
  upgradeId: string;
  /** The upgrade's ETag, echoed back as `v`. */
  v: string;
  clientName: string;
  timeZone: string;
  window: UpgradeWindow;
  /** The rules' own words: when the window starts and how early this is. */
  message: string;
  /** The note the engineer gave with the start, carried over. */
  note?: string;
}

/** An upgrade start before its window, held until the engineer confirms it with a reason. */
export function buildEarlyStartCard(view: EarlyStartView): AdaptiveCard {
  return card(
    [
      { type: 'Container', style: 'warning', items: [title(`Start ${view.upgradeId} before its window?`), text(view.message)] },
      facts(windowFacts(view.window, view.timeZone)),
      {
        type: 'Input.Text',
        id: inputIds.earlyStartReason,
        label: 'Why start early',
        placeholder: 'e.g. the client asked to start as soon as their team was ready',
        isRequired: true,
        errorMessage: 'Say why the upgrade starts before its window.',
        isMultiline: true,
        maxLength: 500,
      },
      {
        type: 'Input.Text',
        id: inputIds.note,
        label: 'Note for the thread (optional)',
        isMultiline: true,
        maxLength: 1000,
        ...(view.note ? { value: view.note } : {}),
      },
      subtle(`${view.clientName}'s environment goes offline as soon as you confirm.`),
    ],
    [execute('Start early', { verb: 'upgrade.event', upgradeId: view.upgradeId, communication: 'upgrade_start', v: view.v }, { style: 'destructive' })],
  );
}
