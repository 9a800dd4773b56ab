import { CardFactory, MessageFactory, type Activity, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { buildErrorCard } from '../cards/error-card';
import { isUpgradeDeskError } from '../domain/errors';
import { errorField } from '../logging';
import type { Reply } from './commands/reply';
import type { TurnLog } from './turn-log';

/** Turns a command's reply into Teams messages: its card, then any cards to act on. */
export function toActivities(reply: Reply): Partial<Activity>[] {
  if ('text' in reply) return [MessageFactory.text(reply.text)];
  return [reply.card, ...(reply.more ?? [])].map((card, i) => {
    const message = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    if (i === 0) message.summary = reply.summary;
    return message;
  });
}

/**
 * An error as the person sees it: a domain refusal verbatim, anything else as ours. Either card
 * carries the reference (the correlation id) that the log line about it carries too.
 */
export function errorReply(err: unknown, turn: TurnLog): Reply {
  if (isUpgradeDeskError(err)) {
    turn.log.info('refused', { code: err.code, reason: err.userMessage });
    return { summary: err.userMessage, card: buildErrorCard({ message: err.userMessage, correlationId: turn.correlationId }) };
  }
  turn.log.error('failed', { code: 'internal', err: errorField(err) });
  return {
    summary: 'Something went wrong on our side',
    card: buildErrorCard({
      heading: 'Something went wrong on our side',
      message: 'Nothing was changed. Try again in a minute; if it keeps failing, quote the reference below to support.',
      correlationId: turn.correlationId,
    }),
  };
}

/**
 * An error as an Adaptive Card invoke error: Teams shows the message to the person who clicked and
 * leaves the card as it is for everyone. A domain refusal gives its own message and the catalogue's
 * status; anything else is ours, a 500 quoting the reference. Both carry the correlation id of the log line.
 */
export function invokeErrorResponse(err: unknown, turn: TurnLog): AdaptiveCardInvokeResponse {
  const type = 'application/vnd.microsoft.error';
  const { correlationId } = turn;
  if (isUpgradeDeskError(err)) {
    turn.log.info('refused', { code: err.code, reason: err.userMessage });
    return { statusCode: err.status, type, value: { code: err.code, message: err.userMessage, correlationId } };
  }
  turn.log.error('failed', { code: 'internal', err: errorField(err) });
  return {
    statusCode: 500,
    type,
    value: {
      code: 'internal',
      message: `Something went wrong on our side; nothing was changed. Try again in a minute; if it keeps failing, quote reference ${correlationId} to support.`,
      correlationId,
    },
  };
}

/**
 * An error as one line of text, for where no card can go (a message extension's results pane): a
 * domain refusal verbatim, anything else as ours with the reference that its log line carries.
 */
export function errorText(err: unknown, turn: TurnLog): string {
  if (isUpgradeDeskError(err)) {
    turn.log.info('refused', { code: err.code, reason: err.userMessage });
    return err.userMessage;
  }
  turn.log.error('failed', { code: 'internal', err: errorField(err) });
  return `Something went wrong on our side. Try again in a minute; if it keeps failing, quote reference ${turn.correlationId} to support.`;
}
