import type { CloudAdapter, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import {
  DeliveryError,
  parseRetryAfter,
  type ConversationGateway,
  type ConversationTarget,
  type OutgoingActivity,
} from '../delivery/conversation-gateway';

export interface BotGatewayOptions {
  /** The bot's Microsoft App id; empty for local development without credentials. */
  botAppId: string;
  /** When set, a target whose serviceUrl fails it is refused: the bot's token goes only to Teams hosts. */
  serviceUrlAllowed?: (serviceUrl: string) => boolean;
}

export interface CreatePersonalConversationOptions {
  tenantId: string;
  serviceUrl: string;
  /** The user's Teams id ("29:...") or AAD object id. */
  userId: string;
}

/** Proactive sends through botbuilder's CloudAdapter (continueConversationAsync). */
export class BotGateway implements ConversationGateway {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly options: BotGatewayOptions,
  ) {}

  async send(target: ConversationTarget, activity: OutgoingActivity): Promise<{ activityId: string }> {
    let activityId: string | undefined;
    await this.withConversation(target, async (context) => {
      const response = await context.sendActivity({ ...activity });
      activityId = response?.id;
    });
    if (!activityId) throw new DeliveryError('Teams accepted the message but returned no activity id.', { statusCode: 502 });
    return { activityId };
  }

  async update(target: ConversationTarget, activityId: string, activity: OutgoingActivity): Promise<void> {
    await this.withConversation(target, async (context) => {
      await context.updateActivity({ ...activity, id: activityId });
    });
  }

  /** Opens (or finds) the 1:1 chat with a user of a tenant, for cards to one person. */
  async createPersonalConversation(options: CreatePersonalConversationOptions): Promise<ConversationTarget> {
    this.checkServiceUrl(options.serviceUrl);
    const parameters = {
      isGroup: false,
      bot: { id: this.options.botAppId, name: '' },
      members: [{ id: options.userId, name: '' }],
      tenantId: options.tenantId,
      channelData: { tenant: { id: options.tenantId } },
    } as unknown as ConversationParameters;
    let conversationId: string | undefined;
    try {
      await this.adapter.createConversationAsync(this.options.botAppId, 'msteams', options.serviceUrl, '', parameters, async (context) => {
        conversationId = context.activity.conversation?.id;
      });
    } catch (err) {
      throw toDeliveryError(err);
    }
    if (!conversationId) throw new DeliveryError('Teams created the conversation but returned no id.', { statusCode: 502 });
    return { tenantId: options.tenantId, conversationId, serviceUrl: options.serviceUrl, channelId: 'msteams', conversationType: 'personal' };
  }

  private async withConversation(target: ConversationTarget, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    this.checkServiceUrl(target.serviceUrl);
    const reference: Partial<ConversationReference> = {
      serviceUrl: target.serviceUrl,
      channelId: target.channelId ?? 'msteams',
      bot: { id: target.botId ?? this.options.botAppId, name: target.botName ?? '' },
      conversation: {
        id: target.conversationId,
        tenantId: target.tenantId,
        isGroup: target.conversationType !== 'personal',
        conversationType: target.conversationType ?? 'channel',
        name: '',
      },
    };
    try {
      await this.adapter.continueConversationAsync(this.options.botAppId, reference, async (context) => {
        withoutBuiltInRetries(context, this.adapter);
        await logic(context);
      });
    } catch (err) {
      throw toDeliveryError(err);
    }
  }

  private checkServiceUrl(serviceUrl: string): void {
    if (this.options.serviceUrlAllowed && !this.options.serviceUrlAllowed(serviceUrl))
      throw new DeliveryError(`Refusing to send to ${serviceUrl}: not a Teams service host.`, { statusCode: 400 });
  }
}

/**
 * The connector's pipeline (core-rest-pipeline) retries 429/5xx itself, up to 3 times and
 * ~6 s per send, which would hammer a throttled tenant behind the pacer's back; the outbox
 * does its own retries, so the Retry phase is taken out of this turn's client.
 */
function withoutBuiltInRetries(context: TurnContext, adapter: CloudAdapter): void {
  const connector = context.turnState.get(adapter.ConnectorClientKey) as
    | { client?: { pipeline?: { removePolicy(options: { phase: string }): unknown } } }
    | undefined;
  connector?.client?.pipeline?.removePolicy({ phase: 'Retry' });
}

interface RestErrorLike {
  message?: string;
  statusCode?: number;
  response?: { status?: number; headers?: { get(name: string): string | undefined } };
}

/** botbuilder 4.23.3 throws @azure/core-rest-pipeline's RestError: `statusCode` and `response.headers`. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const rest = (typeof err === 'object' && err !== null ? err : {}) as RestErrorLike;
  const statusCode = rest.statusCode ?? rest.response?.status;
  const retryAfterInMs = parseRetryAfter(rest.response?.headers?.get('retry-after'));
  const message = rest.message ?? String(err);
  return new DeliveryError(statusCode ? `Teams answered ${statusCode}: ${message}` : `No answer from Teams: ${message}`, {
    statusCode,
    retryAfterInMs,
    cause: err,
  });
}
