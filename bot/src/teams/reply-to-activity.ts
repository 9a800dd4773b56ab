import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { buildErrorCard } from '../cards/error-card';
import { isUpgradeDeskError } from '../domain/errors';
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
