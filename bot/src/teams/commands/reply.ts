import type { AdaptiveCard } from '../../cards/adaptive-card';
import type { Caller, Deps } from '../../usecases/context';
import type { ParsedCommand } from '../command-parser';
import type { Audience } from './audience';

/** What a command answers with: a card, or plain text. */
export type Reply = { card: AdaptiveCard; summary: string; more?: AdaptiveCard[] } | { text: string };

/** Where a command was typed. */
export interface CommandContext {
  conversationId: string;
  conversationKind: 'personal' | 'groupChat' | 'channel';
}

export interface CommandSpec {
  name: string;
  /** The syntax, placeholders in braces ("show {CHG-id}"): Teams drops anything written <like-this> as markup. */
  usage: string;
  description: string;
  /** Who help offers the command to. */
  audience: Audience;
  run(deps: Deps, caller: Caller, command: ParsedCommand, context?: CommandContext): Promise<Reply>;
}
