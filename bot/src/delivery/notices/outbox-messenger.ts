import { buildAnswerCard } from '../../cards/answer-card';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import { buildQuestionCard } from '../../cards/question-card';
import { buildRequestCard } from '../../cards/request-card';
import { buildTownhallCard } from '../../cards/townhall-card';
import type { Messenger, Recipient } from '../../usecases/context';
import type { OutgoingMessage } from '../../usecases/views/townhall-messages';
import type { ClientStore } from '../../usecases/ports';
import type { NoticeTarget, Outbox } from '../outbox';
import { cardActivity, type NoticeDirectory } from './upgrade-notifier';

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

/** Resolves recipients to conversations (personal chats, notice channels) and queues the message's card once. */
export class OutboxMessenger implements Messenger {
  constructor(
    private readonly outbox: Pick<Outbox, 'enqueue'>,
    private readonly directory: NoticeDirectory,
    private readonly clients: Pick<ClientStore, 'list'>,
  ) {}

  async send(noticeId: string, kind: string, recipients: Recipient[], message: OutgoingMessage): Promise<{ delivered: number }> {
    const targets: NoticeTarget[] = [];
    for (const r of recipients) {
      if (r.kind === 'person') {
        const chat = (await this.directory.personalChats(r.tenantId, [r.aadObjectId])).get(r.aadObjectId);
        if (chat) targets.push({ tenantId: r.tenantId, conversationId: chat.conversationId });
      } else {
        for (const client of await this.clients.list()) {
          const channel = await this.directory.noticeChannel(client.tenantId);
          if (channel) targets.push({ tenantId: client.tenantId, conversationId: channel.conversationId });
        }
      }
    }
    if (targets.length === 0) return { delivered: 0 };
    await this.outbox.enqueue({ id: noticeId, kind, clientId: 'vendor', activity: cardActivity(messageCard(message)), targets });
    return { delivered: targets.length };
  }
}
