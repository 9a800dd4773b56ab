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
  /** Creates the rows of one notice; rows that exist already are left as they are. */
  createMany(rows: DeliveryRecord[]): Promise<void>;
  /** The notice's rows, all or those with keys between `fromKey` and `toKey` (inclusive). */
  list(noticeId: string, range?: { fromKey: string; toKey: string }): Promise<Versioned<DeliveryRecord>[]>;
  /** ETag-guarded writes of rows of one notice; a row somebody changed since its ETag comes back `ok: false`. */
  updateMany(rows: Versioned<DeliveryRecord>[]): Promise<WriteOutcome[]>;
}

/** A queue message: which rows of which notice to look at. Never the truth. */
export interface DeliveryPointer {
  noticeId: string;
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

/** A thread (`<channel>;messageid=<root>`) lives in its channel: the reference is the channel's. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}
