import { countOf } from '../domain/plural';
import type { Upgrade, UpgradeState } from '../domain/upgrade';
import { card, text, title, type AdaptiveCard, type CardElement, type TextColor } from './adaptive-card';
import { formatSpan } from './format';

export interface UpgradeRow {
  /** What the list shows of an upgrade (a schedule index entry has it). */
  upgrade: Pick<Upgrade, 'id' | 'state' | 'fromVersion' | 'toVersion' | 'window' | 'proposedWindows'>;
  clientName: string;
  timeZone: string;
}

const stateLabels: Record<UpgradeState, [string, TextColor]> = {
  requested: ['Requested', 'Accent'],
  proposed: ['Windows proposed', 'Accent'],
  booked: ['Booked', 'Default'],
  ready: ['Ready', 'Good'],
  in_progress: ['In progress', 'Warning'],
  awaiting_decision: ['Awaiting Go/No-Go', 'Attention'],
  rolling_back: ['Rolling back', 'Attention'],
  completed: ['Completed', 'Good'],
  cancelled: ['Cancelled', 'Default'],
};

export function stateLabel(state: UpgradeState): string {
  return stateLabels[state][0];
}

/** An upgrade's window in a line: in the client's zone and in UTC, or how far agreeing one has got. */
export function windowSummary(upgrade: UpgradeRow['upgrade'], timeZone: string): string {
  if (upgrade.window)
    return `${formatSpan(upgrade.window.startsAt, upgrade.window.endsAt, timeZone)} (${formatSpan(upgrade.window.startsAt, upgrade.window.endsAt, 'UTC')})`;
  return upgrade.proposedWindows.length ? `${countOf(upgrade.proposedWindows.length, 'window')} proposed, none agreed yet` : 'No window yet';
}

/** Upgrades with their state and window, newest window first. */
export function buildUpgradesCard(view: { heading: string; rows: UpgradeRow[] }): AdaptiveCard {
  const items: CardElement[] = view.rows.map(({ upgrade, clientName, timeZone }, i) => {
    const [label, color] = stateLabels[upgrade.state];
    const when = windowSummary(upgrade, timeZone);
    return {
      type: 'ColumnSet',
      separator: i > 0,
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            text(`**${upgrade.id}** ${clientName}: ${upgrade.fromVersion} → ${upgrade.toVersion}`),
            text(when, { isSubtle: true, spacing: 'None', size: 'Small' }),
          ],
        },
        { type: 'Column', width: 'auto', items: [text(label, { color, weight: 'Bolder' })] },
      ],
    };
  });
  return card([title(view.heading), ...(items.length ? items : [text('No upgrades yet.', { isSubtle: true })])]);
}
