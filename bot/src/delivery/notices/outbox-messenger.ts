import { buildAnswerCard } from '../../cards/answer-card';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { buildQuestionCard } from '../../cards/question-card';
import { buildRequestCard } from '../../cards/request-card';
import { buildTownhallCard } from '../../cards/townhall-card';
import type { Messenger, Recipient } from '../../usecases/context';
import type { OutgoingMessage } from '../../usecases/views/townhall-messages';
import type { Outbox } from '../outbox';
import type { AudienceResolver } from './audiences';
import { cardActivity } from './upgrade-notifier';

/** The card a message is drawn as. */
export function messageCard(message: OutgoingMessage): AdaptiveCard {
  switch (message.kind) {
    case 'townhall':
      return buildTownhallCard({ release: message.release, viewer: 'owner', noticeId: message.noticeId });
    case 'question':
      return buildQuestionCard(message.view);
    case 'answer':
      return buildAnswerCard(message.view);
    case 'request':
      return buildRequestCard(message.view);
  }
}

/** Queues a message's card once, to the conversations its recipients resolve to. */
export class OutboxMessenger implements Messenger {
  constructor(
    private readonly outbox: Pick<Outbox, 'enqueue'>,
    private readonly audiences: AudienceResolver,
  ) {}

  async send(noticeId: string, kind: string, recipients: Recipient[], message: OutgoingMessage): Promise<{ delivered: number }> {
    const targets = await this.audiences.recipients(recipients);
    if (targets.length === 0) return { delivered: 0 };
    await this.outbox.enqueue({ id: noticeId, kind, clientId: 'vendor', activity: cardActivity(messageCard(message)), targets });
    return { delivered: targets.length };
  }
}
