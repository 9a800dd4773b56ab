import { createHash } from 'node:crypto';
import type { Versioned } from '../usecases/ports';
import type { ConversationTarget, OutgoingActivity } from './conversation-gateway';

/**
 * The storage the outbox runs on, implemented over Azure Tables and a Storage Queue in
 * src/store. The delivery rows are the truth; the queue only carries pointers to them.
 */
export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed';

/** A notice and the newest version of its message, shared by all its deliveries. */
export interface NoticeRecord {
  id: string;
  kind: string;
  clientId: string;
  /** 1 when enqueued; each update of the posted message adds one. */
  version: number;
  activity: OutgoingActivity;
  /** How many partitions its deliveries are spread over (see `bucketCount`); fixed at creation. */
  buckets: number;
  /** Some delivery may still have work to do; the sweeper closes the notice when none has. */
  open: boolean;
  targetCount: number;
  createdAt: string;
  updatedAt: string;
}

export type NoticeSummary = Omit<NoticeRecord, 'activity'>;

/** One (notice, conversation) pair. */
export interface DeliveryRecord {
  noticeId: string;
  /** Row key: derived from tenant and conversation, so a notice reaches a conversation once. */
  key: string;
  /** The notice's partition the row lives in: `bucketOf(key, notice.buckets)`. */
  bucket: number;
  tenantId: string;
  conversationId: string;
  state: DeliveryState;
  attempts: number;
  /** The posted message, once sent: later versions update it in place. */
  activityId?: string;
  sentVersion?: number;
  leaseOwner?: string;
  leaseExpiresAt?: string;
  /** Every failed answer's status (0 = no answer), oldest first. */
  statusCodes: number[];
  lastError?: string;
  /** When a pointer to this row was last put on the queue. */
  pointerAt?: string;
  sentAt?: string;
  updatedAt: string;
}

export type WriteOutcome = { ok: true; etag: string } | { ok: false };

export interface NoticeTable {
  /** Creates the notice; false when one with that id exists already. */
  create(notice: NoticeRecord): Promise<boolean>;
  get(id: string): Promise<Versioned<NoticeRecord> | undefined>;
  /** Writes the notice if nobody changed it since `etag`. */
  update(notice: NoticeRecord, etag: string): Promise<WriteOutcome>;
  listOpen(): Promise<Versioned<NoticeSummary>[]>;
}

export interface DeliveryTable {
  /** Creates rows of one notice; rows that exist already are left as they are and come back `ok: false`. */
  createMany(rows: DeliveryRecord[]): Promise<WriteOutcome[]>;
  /** The notice's rows: all of them, or those of one bucket with keys between `fromKey` and `toKey` (inclusive). */
  list(noticeId: string, range?: { bucket: number; fromKey: string; toKey: string }): Promise<Versioned<DeliveryRecord>[]>;
  /** ETag-guarded writes (in transactions per partition); a row somebody changed since its ETag comes back `ok: false`. */
  updateMany(rows: Versioned<DeliveryRecord>[]): Promise<WriteOutcome[]>;
}

/** A queue message: which rows of which notice (and bucket) to look at. Never the truth. */
export interface DeliveryPointer {
  noticeId: string;
  bucket: number;
  keys: string[];
}

export interface ReceivedPointer {
  /** Undefined when the message was not a pointer (it is deleted and logged). */
  pointer?: DeliveryPointer;
  messageId: string;
  popReceipt: string;
  dequeueCount: number;
}

export interface PointerQueue {
  send(pointer: DeliveryPointer): Promise<void>;
  receive(max: number, visibilityTimeoutInSeconds: number): Promise<ReceivedPointer[]>;
  /** Deletes a received message; one already gone or received again elsewhere is ignored. */
  delete(message: ReceivedPointer): Promise<void>;
}

/** A stored conversation reference as the outbox needs it. */
export interface KnownTarget {
  target: ConversationTarget;
  active: boolean;
}

/** The conversation references, seen from the outbox. */
export interface TargetDirectory {
  /** Every reference of a tenant, active or not. */
  listTargets(tenantId: string): Promise<KnownTarget[]>;
  /** Nothing is sent to this conversation again (403, 404, uninstall). */
  markInactive(tenantId: string, conversationId: string, reason: string): Promise<void>;
}

/** The row key of a (tenant, conversation) delivery: short, fixed-length and safe in a RowKey. */
export function deliveryKey(tenantId: string, conversationId: string): string {
  return createHash('sha256').update(`${tenantId}\n${conversationId}`).digest('hex').slice(0, 32);
}

/**
 * A notice's rows are spread over partitions of about 100 rows: Azure serves at most ~2,000
 * entities a second from one partition (and Azurite scans a partition on every write), while
 * a transaction, which must stay in one partition, still covers a pointer's rows.
 */
export function bucketCount(deliveries: number): number {
  return Math.min(256, Math.max(1, Math.ceil(deliveries / 100)));
}

export function bucketOf(key: string, buckets: number): number {
  return parseInt(key.slice(0, 4), 16) % buckets;
}

/** Rows per pointer, at most: a transaction takes 100 operations. */
export const pointerBatchSize = 100;

/** The pointers that cover these rows of a notice: one per bucket and up to 100 keys, keys in order. */
export function pointersFor(noticeId: string, rows: readonly { key: string; bucket: number }[]): DeliveryPointer[] {
  const byBucket = new Map<number, string[]>();
  for (const r of rows) {
    const keys = byBucket.get(r.bucket);
    if (keys) keys.push(r.key);
    else byBucket.set(r.bucket, [r.key]);
  }
  const pointers: DeliveryPointer[] = [];
  for (const [bucket, keys] of [...byBucket.entries()].sort((a, b) => a[0] - b[0])) {
    keys.sort();
    for (let i = 0; i < keys.length; i += pointerBatchSize) pointers.push({ noticeId, bucket, keys: keys.slice(i, i + pointerBatchSize) });
  }
  return pointers;
}

/** A thread (`<channel>;messageid=<root>`) lives in its channel: the reference is the channel's. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}
