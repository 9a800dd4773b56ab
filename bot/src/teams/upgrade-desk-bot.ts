import { TeamsActivityHandler, type TurnContext } from 'botbuilder';
import type { Deps } from '../usecases/context';
import { identifyCaller } from '../usecases/identify-caller';
import { callerFromActivity } from './caller-from-activity';
import { findCommand, helpReply } from './commands/catalogue';
import { parseCommand } from './command-parser';
import { errorReply, toActivity } from './reply-to-activity';

/** The bot edge: parse the activity, call a use case, answer with a card. */
export class UpgradeDeskBot extends TeamsActivityHandler {
  constructor(private readonly deps: Deps) {
    super();
    this.onMessage(async (context, next) => {
      await this.answerCommand(context);
      await next();
    });
  }

  private async answerCommand(context: TurnContext): Promise<void> {
    const parsed = parseCommand(context.activity.text);
    const command = findCommand(parsed);
    if (!command) {
      const intro = parsed.name ? `I don't know "${parsed.name}". Here is what I can do:` : undefined;
      await context.sendActivity(toActivity(helpReply(intro)));
      return;
    }
    try {
      const identity = await identifyCaller(this.deps, callerFromActivity(context.activity));
      const reply = await command.run(this.deps, { identity, source: 'chat' }, parsed);
      await context.sendActivity(toActivity(reply));
    } catch (err) {
      await context.sendActivity(toActivity(errorReply(err)));
    }
  }
}
