import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type AppBasedLinkQuery,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  type TurnContext,
} from 'botbuilder';
import { adaptiveCardContentType } from '../cards/adaptive-card';
import { silentLogger, type Logger } from '../logging';
import type { Deps } from '../usecases/context';
import { identifyCaller } from '../usecases/identify-caller';
import { callerFromActivity } from './caller-from-activity';
import { parseActionInput, type ActionInput } from './card-actions/action-data';
import { refusalLeavesCard, runCardAction } from './card-actions';
import { findCommand, helpReply } from './commands/catalogue';
import { parseCommand } from './command-parser';
import { InstallationTracker } from './installation-tracker';
import { answerLinkQuery, answerSearch } from './message-extension';
import type { CommandContext } from './commands/reply';
import { errorReply, invokeErrorResponse, toActivities } from './reply-to-activity';
import { turnLogOf } from './turn-log';

function commandContext(context: TurnContext): CommandContext {
  const type = context.activity.conversation?.conversationType;
  const kind = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  const channelData = (context.activity.channelData ?? {}) as { channel?: { id?: string } };
  const id = kind === 'channel' ? (channelData.channel?.id ?? context.activity.conversation.id.split(';messageid=')[0]!) : context.activity.conversation.id;
  return { conversationId: id, conversationKind: kind };
}

/** The bot edge: parse the activity, call a use case, answer with a card. */
export class UpgradeDeskBot extends TeamsActivityHandler {
  private readonly tracker?: InstallationTracker;

  constructor(
    private readonly deps: Deps,
    private readonly log: Logger = silentLogger,
  ) {
    super();
    if (deps.conversations) this.tracker = new InstallationTracker(deps.conversations, log);
    this.onTurn(async (context, next) => {
      await this.tracker?.observe(context.activity);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.answerCommand(context);
      await next();
    });
  }

  private async answerCommand(context: TurnContext): Promise<void> {
    const parsed = parseCommand(context.activity.text);
    const command = findCommand(parsed);
    try {
      const identity = await identifyCaller(this.deps, callerFromActivity(context.activity));
      // Anything else gets help, for this person: only the commands they may use.
      const intro = parsed.name ? `I don't know "${parsed.name}". Here is what you can do:` : undefined;
      const reply = command
        ? await command.run(this.deps, { identity, source: 'chat' }, parsed, commandContext(context))
        : helpReply(identity, intro);
      await context.sendActivities(toActivities(reply));
    } catch (err) {
      await context.sendActivities(toActivities(errorReply(err, turnLogOf(context, this.log))));
    }
  }

  /**
   * Action.Execute: answered with the clicker's next card. A refusal of a card of one's own comes back
   * as an error card in its place; on a card posted for many (a thread reply, a notice), as an invoke
   * error that leaves the card as it is.
   */
  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    let input: ActionInput | undefined;
    let card;
    try {
      input = parseActionInput(value);
      const identity = await identifyCaller(this.deps, callerFromActivity(context.activity));
      card = await runCardAction(this.deps, identity, input);
    } catch (err) {
      const turn = turnLogOf(context, this.log);
      if (input && refusalLeavesCard(input.verb)) return invokeErrorResponse(err, turn);
      const reply = errorReply(err, turn);
      card = 'card' in reply ? reply.card : undefined;
    }
    return { statusCode: 200, type: adaptiveCardContentType, value: card as unknown as Record<string, unknown> };
  }

  /** The message extension's search, from any compose box: upgrades the person may see, as read-only ticket cards. */
  protected override handleTeamsMessagingExtensionQuery(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    return answerSearch(this.deps, context, query, this.log);
  }

  /** A pasted link to an upgrade in the Schedule tab: unfurled into its read-only ticket card, for those who may see it. */
  protected override handleTeamsAppBasedLinkQuery(context: TurnContext, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    return answerLinkQuery(this.deps, context, query, this.log);
  }
}
