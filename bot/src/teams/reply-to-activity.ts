import { CardFactory, MessageFactory, type Activity, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { buildErrorCard } from '../cards/error-card';
import { isUpgradeDeskError, type ErrorCode } from '../domain/errors';
import type { Reply } from './commands/reply';

/** Turns a command's reply into Teams messages: its card, then any cards to act on. */
export function toActivities(reply: Reply): Partial<Activity>[] {
  if ('text' in reply) return [MessageFactory.text(reply.text)];
  return [reply.card, ...(reply.more ?? [])].map((card, i) => {
    const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    if (i === 0) message.summary = reply.summary;
    return message;
  });
}

/** An error as the person sees it: a domain refusal verbatim, anything else as ours with a reference. */
export function errorReply(err: unknown, log: (line: string) => void = console.error): Reply {
  if (isUpgradeDeskError(err)) {
    return { summary: err.userMessage, card: buildErrorCard({ message: err.userMessage }) };
  }
  const correlationId = randomUUID();
  log(`[${correlationId}] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return {
    summary: 'Something went wrong on our side',
    card: buildErrorCard({
      heading: 'Something went wrong on our side',
      message: 'Nothing was changed. Try again in a minute; if it keeps failing, quote the reference below to support.',
      correlationId,
    }),
  };
}

/** The invoke status of each refusal: who may not (403), what is not there (404), what the input got wrong (400), the rest 409. */
const statusOfCode: Partial<Record<ErrorCode, number>> = {
  bad_input: 400,
  change_id_invalid: 400,
  window_invalid: 400,
  forbidden: 403,
  not_a_voter: 403,
  not_found: 404,
};

/**
 * An error as an Adaptive Card invoke error: Teams shows the message to the person who clicked and
 * leaves the card as it is for everyone. A domain refusal gives its own message; anything else is
 * ours, logged with a reference.
 */
export function invokeErrorResponse(err: unknown, log: (line: string) => void = console.error): AdaptiveCardInvokeResponse {
  const type = 'application/vnd.microsoft.error';
  if (isUpgradeDeskError(err)) return { statusCode: statusOfCode[err.code] ?? 409, type, value: { code: err.code, message: err.userMessage } };
  const correlationId = randomUUID();
  log(`[${correlationId}] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return {
    statusCode: 500,
    type,
    value: { code: 'internal', message: `Something went wrong on our side; nothing was changed. Try again in a minute; if it keeps failing, quote reference ${correlationId} to support.` },
  };
}
