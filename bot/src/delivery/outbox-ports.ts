import { hash } from 'node:crypto';
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
  /** Failed tries since the last success (or since it was created): what the retry limit counts. */
  failedInARow?: number;
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
  /** All the notice's rows, a page (a few hundred) at a time: a notice's rows never need to be in memory at once. */
  listPages(noticeId: string): AsyncIterable<Versioned<DeliveryRecord>[]>;
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

/** A stored conversation reference, as far as the outbox reads it. */
export interface StoredReference {
  tenantId: string;
  conversationId: string;
  /** personal, groupChat or channel. */
  kind: string;
  serviceUrl: string;
  channelId?: string;
  botId?: string;
  botName?: string;
  active: boolean;
}

/** The conversation references, seen from the outbox. */
export interface TargetDirectory {
  /**
   * The reference of one conversation (of its channel, for a thread), active or not; undefined
   * where the bot was never installed. A point read: a worker reads what it sends to, never a
   * tenant's every reference.
   */
  get(tenantId: string, conversationId: string): Promise<StoredReference | undefined>;
  /** Nothing is sent to this conversation again (403, 404, uninstall). */
  markInactive(tenantId: string, conversationId: string, reason: string): Promise<void>;
}

/** The row key of a (tenant, conversation) delivery: short, fixed-length and safe in a RowKey. */
export function deliveryKey(tenantId: string, conversationId: string): string {
  // One-shot: no Hash object (and its native context) per key waiting for the garbage collector.
  return hash('sha256', `${tenantId}\n${conversationId}`).slice(0, 32);
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
  return pointersOf(noticeId, byBucket);
}

/** A chunk of a new notice's targets (by index) that one pointer will cover: one bucket, keys in order. */
export interface TargetChunk {
  bucket: number;
  indices: Uint32Array;
}

/**
 * A new notice's targets in pointer order, holding a few numbers per target instead of a row
 * or a key: each distinct target once (by delivery key), ordered by key; `chunks` groups them by
 * bucket in chunks of at most 100, as `pointersFor` would. Keys are made again per chunk, when
 * its rows are (hashing twice costs less than keeping 20,000 keys through a long enqueue).
 */
export class TargetPlan {
  /** Indices of the distinct targets, ascending by key. */
  private readonly order: Uint32Array;
  /** The first 13 hex digits of each target's key (exact in a double), by target index. */
  private readonly prefixes: Float64Array;

  constructor(private readonly targets: readonly { tenantId: string; conversationId: string }[]) {
    const n = targets.length;
    const prefixes = new Float64Array(n);
    for (let i = 0; i < n; i++) prefixes[i] = parseInt(this.keyOf(i).slice(0, 13), 16);
    const sorted = new Uint32Array(n).map((_, i) => i).sort((a, b) => prefixes[a]! - prefixes[b]!);
    const kept: number[] = [];
    for (let i = 0; i < n; ) {
      let j = i + 1;
      while (j < n && prefixes[sorted[j]!] === prefixes[sorted[i]!]) j++;
      if (j === i + 1) kept.push(sorted[i]!);
      else {
        // The same prefix: the same target more than once (or, hardly ever, two keys alike so far).
        const byKey = new Map<string, number>();
        for (let k = i; k < j; k++) if (!byKey.has(this.keyOf(sorted[k]!))) byKey.set(this.keyOf(sorted[k]!), sorted[k]!);
        for (const key of [...byKey.keys()].sort()) kept.push(byKey.get(key)!);
      }
      i = j;
    }
    this.order = Uint32Array.from(kept);
    this.prefixes = prefixes;
  }

  /** How many distinct targets. */
  get size(): number {
    return this.order.length;
  }

  keyOf(index: number): string {
    const t = this.targets[index]!;
    return deliveryKey(t.tenantId, t.conversationId);
  }

  /** The chunks for `buckets` buckets: by bucket, each of at most `pointerBatchSize` targets in key order. */
  chunks(buckets: number): TargetChunk[] {
    // The bucket is the first 4 hex digits (the top 16 of the 52 bits) modulo `buckets`, as in bucketOf.
    const bucketOfIndex = (i: number) => Math.floor(this.prefixes[i]! / 2 ** 36) % buckets;
    const counts = new Uint32Array(buckets + 1);
    for (const i of this.order) counts[bucketOfIndex(i) + 1]!++;
    for (let b = 1; b <= buckets; b++) counts[b]! += counts[b - 1]!;
    const byBucket = new Uint32Array(this.order.length);
    const next = counts.slice(0, buckets);
    for (const i of this.order) byBucket[next[bucketOfIndex(i)]!++] = i;
    const chunks: TargetChunk[] = [];
    for (let b = 0; b < buckets; b++)
      for (let at = counts[b]!; at < counts[b + 1]!; at += pointerBatchSize)
        chunks.push({ bucket: b, indices: byBucket.subarray(at, Math.min(counts[b + 1]!, at + pointerBatchSize)) });
    return chunks;
  }
}

function pointersOf(noticeId: string, byBucket: Map<number, string[]>): DeliveryPointer[] {
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
