import { TurnContext, type Activity, type CloudAdapter, type ConversationParameters, type ConversationReference } from 'botbuilder';
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

/** The part of botframework-connector's ConnectorClient the gateway uses (the package is botbuilder's, not ours). */
interface ConnectorClient {
  conversations: {
    sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<unknown>;
  };
}

/** A connector client is reused this long, then made afresh (its credentials refresh tokens themselves). */
const connectorLifetimeInMs = 10 * 60_000;

/**
 * Proactive sends through botbuilder's CloudAdapter. `continueConversationAsync` builds an
 * authenticated ConnectorClient for a service URL; building one per send (two HTTP pipelines
 * each) cost ~0.5 ms of CPU and most of the memory of a fan-out, so the client is kept per
 * service URL and messages go through it, shaped by `TurnContext.applyConversationReference`
 * as `context.sendActivity` would.
 */
export class BotGateway implements ConversationGateway {
  private readonly connectors = new Map<string, { client: Promise<ConnectorClient>; createdAt: number }>();

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly options: BotGatewayOptions,
  ) {}

  async send(target: ConversationTarget, activity: OutgoingActivity): Promise<{ activityId: string }> {
    const reference = this.referenceOf(target);
    const client = await this.connector(reference);
    const outgoing = TurnContext.applyConversationReference({ ...activity }, reference);
    let activityId: string | undefined;
    try {
      activityId = (await client.conversations.sendToConversation(target.conversationId, outgoing)).id;
    } catch (err) {
      throw toDeliveryError(err);
    }
    if (!activityId) throw new DeliveryError('Teams accepted the message but returned no activity id.', { statusCode: 502 });
    return { activityId };
  }

  async update(target: ConversationTarget, activityId: string, activity: OutgoingActivity): Promise<void> {
    const reference = this.referenceOf(target);
    const client = await this.connector(reference);
    const outgoing = TurnContext.applyConversationReference({ ...activity, id: activityId }, reference);
    try {
      await client.conversations.updateActivity(target.conversationId, activityId, outgoing);
    } catch (err) {
      throw toDeliveryError(err);
    }
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

  private referenceOf(target: ConversationTarget): Partial<ConversationReference> {
    this.checkServiceUrl(target.serviceUrl);
    return {
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
  }

  /** The adapter's connector client for the reference's service URL, made by continueConversationAsync. */
  private connector(reference: Partial<ConversationReference>): Promise<ConnectorClient> {
    const serviceUrl = reference.serviceUrl!;
    const cached = this.connectors.get(serviceUrl);
    if (cached && Date.now() - cached.createdAt < connectorLifetimeInMs) return cached.client;
    const client = new Promise<ConnectorClient>((resolve, reject) => {
      this.adapter
        .continueConversationAsync(this.options.botAppId, reference, async (context) => {
          const connector = context.turnState.get<ConnectorClient>(this.adapter.ConnectorClientKey);
          withoutBuiltInRetries(connector);
          resolve(connector);
        })
        .catch((err: unknown) => reject(toDeliveryError(err)));
    });
    this.connectors.set(serviceUrl, { client, createdAt: Date.now() });
    client.catch(() => this.connectors.delete(serviceUrl));
    return client;
  }

  private checkServiceUrl(serviceUrl: string): void {
    if (this.options.serviceUrlAllowed && !this.options.serviceUrlAllowed(serviceUrl))
      throw new DeliveryError(`Refusing to send to ${serviceUrl}: not a Teams service host.`, { statusCode: 400 });
  }
}

/**
 * The connector's pipeline (core-rest-pipeline) retries 429/5xx itself, up to 3 times and
 * ~6 s per send, which would hammer a throttled tenant behind the pacer's back; the outbox
 * does its own retries, so the Retry phase is taken out of the client.
 */
function withoutBuiltInRetries(connector: ConnectorClient | undefined): void {
  const inner = connector as unknown as { client?: { pipeline?: { removePolicy(options: { phase: string }): unknown } } } | undefined;
  inner?.client?.pipeline?.removePolicy({ phase: 'Retry' });
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
