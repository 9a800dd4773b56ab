import { card, text, title, type AdaptiveCard, type ColumnSet } from './adaptive-card';

export interface CommandHelp {
  usage: string;
  description: string;
}

/** The list of commands, each with a one-line description. */
export function buildHelpCard(commands: readonly CommandHelp[], intro?: string): AdaptiveCard {
  const rows: ColumnSet[] = commands.map((c) => ({
    type: 'ColumnSet',
    columns: [
      { type: 'Column', width: '160px', items: [text(c.usage, { weight: 'Bolder', spacing: 'None' })] },
      { type: 'Column', width: 'stretch', items: [text(c.description, { spacing: 'None' })] },
    ],
  }));
  return card([
    title('Upgrade Desk commands'),
    ...(intro ? [text(intro, { color: 'Attention' as const })] : []),
    ...rows,
    text('Dates are shown in the client\'s time zone and in UTC.', { isSubtle: true, size: 'Small' }),
  ]);
}
