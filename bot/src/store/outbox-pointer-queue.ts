import { RestError, type QueueClient } from '@azure/storage-queue';
import type { DeliveryPointer, PointerQueue, ReceivedPointer } from '../delivery/outbox-ports';

/** Queue receives hand out at most 32 messages at a time. */
const maxReceive = 32;

/**
 * Pointers to delivery rows on a Storage Queue. The SDK sends message text as it is; we
 * base64-encode the JSON ourselves, so any notice id is safe in the XML body and other
 * Azure tools (which expect base64) can read the queue.
 */
export class OutboxPointerQueue implements PointerQueue {
  constructor(private readonly queue: QueueClient) {}

  async send(pointer: DeliveryPointer): Promise<void> {
    const text = Buffer.from(JSON.stringify({ n: pointer.noticeId, b: pointer.bucket, k: pointer.keys }), 'utf8').toString('base64');
    await this.queue.sendMessage(text);
  }

  async receive(max: number, visibilityTimeoutInSeconds: number): Promise<ReceivedPointer[]> {
    const response = await this.queue.receiveMessages({
      numberOfMessages: Math.max(1, Math.min(maxReceive, max)),
      visibilityTimeout: Math.max(1, Math.round(visibilityTimeoutInSeconds)),
    });
    return response.receivedMessageItems.map((m) => ({
      pointer: parsePointer(m.messageText),
      messageId: m.messageId,
      popReceipt: m.popReceipt,
      dequeueCount: m.dequeueCount,
    }));
  }

  async delete(message: ReceivedPointer): Promise<void> {
    try {
      await this.queue.deleteMessage(message.messageId, message.popReceipt);
    } catch (err) {
      // 404: deleted already; 400 PopReceiptMismatch: received again elsewhere, which will delete it.
      if (err instanceof RestError && (err.statusCode === 404 || err.statusCode === 400)) return;
      throw err;
    }
  }

  /** Messages waiting (approximate), for tests and the health page. */
  async approximateCount(): Promise<number> {
    return (await this.queue.getProperties()).approximateMessagesCount ?? 0;
  }

  /** Empties the queue (tests). */
  async clear(): Promise<void> {
    await this.queue.clearMessages();
  }
}

function parsePointer(text: string): DeliveryPointer | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as { n?: unknown; b?: unknown; k?: unknown };
    if (typeof value.n !== 'string' || !Number.isInteger(value.b) || !Array.isArray(value.k) || !value.k.every((k) => typeof k === 'string'))
      return undefined;
    return { noticeId: value.n, bucket: value.b as number, keys: value.k as string[] };
  } catch {
    return undefined;
  }
}
