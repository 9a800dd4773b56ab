import { card, text, title, type AdaptiveCard, type ColumnSet } from './adaptive-card';

export interface CommandHelp {
  /** Placeholders in braces ("show {CHG-id}"): Teams and the Playground drop anything written <like-this> as markup. */
  usage: string;
  description: string;
}

export interface HelpView {
  /** Only the commands this person may use. */
  commands: readonly CommandHelp[];
  /** Why help is shown, e.g. a command that was not understood. */
  intro?: string;
  /** Who the list is for: "Commands for you as an owner of Contoso." */
  audience?: string;
  /** Something the person should know before anything else. */
  notice?: string;
  /** How to reach the bot in a channel (Teams passes it only messages that @mention it). */
  channelHint?: string;
}

/** The list of commands, each with a one-line description. */
export function buildHelpCard(view: HelpView): AdaptiveCard {
  const rows: ColumnSet[] = view.commands.map((c) => ({
    type: 'ColumnSet',
    columns: [
      { type: 'Column', width: '160px', items: [text(c.usage, { weight: 'Bolder', spacing: 'None' })] },
      { type: 'Column', width: 'stretch', items: [text(c.description, { spacing: 'None' })] },
    ],
  }));
  return card([
    title('Upgrade Desk commands'),
    ...(view.intro ? [text(view.intro, { color: 'Attention' as const })] : []),
    ...(view.audience ? [text(view.audience, { isSubtle: true, spacing: 'None' as const })] : []),
    ...(view.notice ? [text(view.notice, { color: 'Warning' as const })] : []),
    ...rows,
    ...(view.channelHint ? [text(view.channelHint, { separator: true })] : []),
    text('Dates are shown in the client\'s time zone and in UTC.', { isSubtle: true, size: 'Small' }),
  ]);
}
