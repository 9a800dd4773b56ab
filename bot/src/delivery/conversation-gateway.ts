import type { Activity } from 'botbuilder';

/** A message as the Bot Connector takes it (a card message, a text, ...). */
export type OutgoingActivity = Partial<Activity>;

/** Where a proactive message goes: a stored conversation reference, reduced to what sending needs. */
export interface ConversationTarget {
  tenantId: string;
  /** A channel, chat or personal conversation id; a thread is `<channel id>;messageid=<root id>`. */
  conversationId: string;
  serviceUrl: string;
  /** "msteams" unless the reference says otherwise. */
  channelId?: string;
  botId?: string;
  botName?: string;
  conversationType?: string;
}

/** Sends proactive messages to a conversation; implemented over botbuilder in teams/bot-gateway.ts. */
export interface ConversationGateway {
  send(target: ConversationTarget, activity: OutgoingActivity): Promise<{ activityId: string }>;
  update(target: ConversationTarget, activityId: string, activity: OutgoingActivity): Promise<void>;
}

/** A send the Teams service refused or that never got an answer (`statusCode` undefined). */
export class DeliveryError extends Error {
  readonly statusCode: number | undefined;
  /** From the answer's Retry-After header, in milliseconds. */
  readonly retryAfterInMs: number | undefined;

  constructor(message: string, options: { statusCode?: number; retryAfterInMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.statusCode = options.statusCode;
    this.retryAfterInMs = options.retryAfterInMs;
  }
}

export type FailureKind = 'throttled' | 'retry' | 'final';

/**
 * What to do after a failed send. 429 pauses the tenant; 412/502/503/504, other 5xx and
 * sends with no answer are retried; 400/401/403/404/413 and other 4xx are final.
 */
export function classifyFailure(err: unknown): FailureKind {
  const status = err instanceof DeliveryError ? err.statusCode : undefined;
  if (status === 429) return 'throttled';
  if (status === undefined || status === 408 || status === 412 || status >= 500) return 'retry';
  return 'final';
}

/** 403 (the bot was removed) and 404 (no such conversation) mean nothing should be sent there again. */
export function meansConversationGone(err: unknown, operation: 'send' | 'update'): boolean {
  const status = err instanceof DeliveryError ? err.statusCode : undefined;
  // A 404 on an update may only mean that the message was deleted; the conversation may be fine.
  return status === 403 || (status === 404 && operation === 'send');
}

/** Parses a Retry-After header: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
