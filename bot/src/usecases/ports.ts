import type { Actor, AuditEntry } from '../domain/audit';
import type { NoticeIntent } from '../domain/notice';
import type { PlannedTimer } from '../domain/timers';
import type { Client } from '../domain/client';
import type { Release } from '../domain/release';
import type { Staff } from '../domain/staff';
import type { UpgradeEffects } from '../domain/effects';
import type { Upgrade } from '../domain/upgrade';
import type { BucketUsage, UpgradeWindow } from '../domain/window';

/**
 * The storage the use cases need. Implemented over Azure Tables in src/store; every record that
 * several people can change is read with its ETag and written back with it.
 */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** A record as written, and the effects row written with it (to apply, then remove). */
export interface Recorded<T> extends Versioned<T> {
  pending?: PendingEffectsRef;
}

export interface ClientStore {
  get(id: string): Promise<Client | undefined>;
  list(): Promise<Client[]>;
  upsert(client: Client): Promise<void>;
}

export interface StaffStore {
  get(aadObjectId: string): Promise<Staff | undefined>;
  list(): Promise<Staff[]>;
  upsert(staff: Staff): Promise<void>;
}

export interface ReleaseStore {
  get(version: string): Promise<Release | undefined>;
  list(): Promise<Release[]>;
  /**
   * Stores the release and, with `announce`, its townhall announcement to come, in the same
   * transaction. Fails with a conflict when the version exists already.
   */
  create(release: Release, options?: { announce?: boolean }): Promise<PendingEffectsRef | undefined>;
}

/** What a change to an upgrade implies, recorded with it (in the same transaction) until it is applied. */
export interface UpgradeEffectsRecord {
  kind: 'upgrade';
  upgradeId: string;
  effects: UpgradeEffects;
  /** Who made the change and what it said: the notices to post come from these, however late. */
  change: { actor: Actor; notices: NoticeIntent[]; audit: AuditEntry[]; confirmedToActor?: boolean };
}

/** A published release's announcement, recorded with the release row until it is applied. */
export interface ReleaseEffectsRecord {
  kind: 'release';
  version: string;
  /** The townhall to every client, and the release's article on the release-notes site (absent in older rows: true). */
  effects: { townhall: true; article?: boolean };
}

export type EffectsRecord = UpgradeEffectsRecord | ReleaseEffectsRecord;

/** A recorded effects row as the relay finds it. */
export type PendingEffects = EffectsRecord & {
  /** Where the row lives, to lease and remove it. */
  ref: PendingEffectsRef;
  /** When the change was written (wall clock). */
  recordedAt: string;
};

export interface PendingEffectsRef {
  table: 'upgrades' | 'releases';
  partitionKey: string;
  rowKey: string;
  etag?: string;
}

/** The pending-effects rows of every table: what the relay finds, leases and removes once applied. */
export interface EffectsLedger {
  /** Rows recorded before `recordedBefore` and not leased by another process now, oldest first per record. */
  listPending(options: { recordedBefore: Date; limit: number }): Promise<PendingEffects[]>;
  /** Leases a row to this process until `until`; undefined when another process took it or it is gone. */
  lease(pending: PendingEffects, until: Date): Promise<PendingEffects | undefined>;
  /** Removes the row once every effect in it is applied (nothing when it is gone already). */
  complete(ref: PendingEffectsRef): Promise<void>;
}

export interface UpgradeStore {
  get(id: string): Promise<Versioned<Upgrade> | undefined>;
  /**
   * The version this process last read or wrote, else a fresh read. It may be stale: only for a
   * change whose ETag-guarded write catches that, and which is re-checked on a fresh read if refused.
   */
  recent?(id: string): Promise<Versioned<Upgrade> | undefined>;
  list(filter?: { clientId?: string }): Promise<Upgrade[]>;
  /**
   * Creates a new upgrade under a fresh change id (CHG-YYYY-NNNN, unique under concurrency), with
   * its audit entries and, in the same transaction, the effects of its creation.
   */
  create(draft: Omit<Upgrade, 'id'>, audit: AuditEntry[], effects?: (upgrade: Upgrade) => UpgradeEffectsRecord): Promise<Recorded<Upgrade>>;
  /**
   * Writes the upgrade, appends its audit entries and records the change's effects atomically, if
   * nobody changed it since `etag`.
   */
  update(upgrade: Upgrade, etag: string, audit: AuditEntry[], effects?: UpgradeEffectsRecord): Promise<Recorded<Upgrade>>;
  listAudit(id: string): Promise<AuditEntry[]>;
  /**
   * The windows every booked upgrade holds, across the vendor: a scan of every upgrade, for
   * repairs and tests. Offered windows read the capacity buckets (`CapacityStore.usage`).
   */
  listBookedWindows(): Promise<UpgradeWindow[]>;
}

/** The vendor's capacity, claimed per window before an upgrade is booked into it. */
export interface CapacityStore {
  /**
   * Claims a place in every bucket of the window for the upgrade; refuses when one is full. The
   * claim is tentative (it lapses in minutes) until the booking's effects `hold` it.
   */
  claim(upgradeId: string, window: UpgradeWindow, capacity: number): Promise<void>;
  /** The upgrade holds the window: its place is recorded for good (idempotent). */
  hold(upgradeId: string, window: UpgradeWindow): Promise<void>;
  release(upgradeId: string, window: UpgradeWindow): Promise<void>;
  /**
   * How many upgrades hold a place in each bucket the span touches (live holders: confirmed, and
   * tentative claims not lapsed), read as a claim would read them: what offered windows are
   * computed from, so that each can be claimed. One range query.
   */
  usage(span: UpgradeWindow): Promise<BucketUsage>;
  /** Every bucket with a holder and its holders as stored, by bucket: one single-partition query (the repair command). */
  listHoldings(): Promise<CapacityBucket[]>;
  /**
   * Takes the upgrade out of these buckets, whether its place there is confirmed or tentative; with
   * `lapsedOnly`, only a tentative claim past its time (the repair command). Idempotent.
   */
  remove(upgradeId: string, buckets: readonly number[], options?: { lapsedOnly?: boolean }): Promise<void>;
}

/** One holder of a place in a capacity bucket: confirmed, a tentative claim still live, or one that lapsed (counted by nobody). */
export interface CapacityHolder {
  upgradeId: string;
  status: 'held' | 'tentative' | 'lapsed';
}

/** A quarter-hour capacity bucket (domain `capacityBuckets`) and who holds a place in it. */
export interface CapacityBucket {
  bucket: number;
  holders: CapacityHolder[];
}

export type { CalendarFeed, CalendarFeedStore, ScheduleFilter, ScheduleIndex, ScheduleQuery, ScheduleRebuildReport } from './schedule-ports';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** An upgrade after a change: what the notifier turns into cards, notices and card updates. */
export interface UpgradeChange {
  upgrade: Upgrade;
  /** The stored upgrade's ETag, when the caller has it (cards carry it to spot stale clicks). */
  etag?: string;
  client: Client;
  release: Release;
  actor: Actor;
  notices: NoticeIntent[];
  audit: AuditEntry[];
  /** The actor saw the change's confirmation as the answer to their own click: it is not sent to their chat again. */
  confirmedToActor?: boolean;
}

/** Tells people about changes: the ticket thread, the owners, the channels (through the outbox). */
export interface Notifier {
  upgradeChanged(change: UpgradeChange): Promise<void>;
  /**
   * The same, off the person's critical path: queued in the background, and a burst of changes to
   * one upgrade (20 votes at once) coalesces into one update of its cards.
   */
  upgradeChangedLater?(change: UpgradeChange): Promise<void>;
}

/** Keeps an upgrade's due timers in line with its state (replacing the ones planned before). */
export interface TimerPlanner {
  planUpgrade(upgradeId: string, timers: PlannedTimer[]): Promise<void>;
}

/** Whom an automation key speaks for: the vendor (every client) or one client. */
export type AutomationKeyScope = { kind: 'vendor' } | { kind: 'client'; clientId: string };

/** An automation key as stored: never the key itself, only its SHA-256 hash. */
export interface AutomationKey {
  keyId: string;
  /** SHA-256 of the whole key text, as hex. */
  keyHash: string;
  scope: AutomationKeyScope;
  label?: string;
  createdAt: string;
  revokedAt?: string;
}

export interface AutomationKeyStore {
  get(keyId: string): Promise<AutomationKey | undefined>;
  list(): Promise<AutomationKey[]>;
  /** Fails with a conflict when the key id exists already. */
  create(key: AutomationKey): Promise<void>;
  /** Marks the key revoked, guarded by its ETag; a key revoked already keeps its first time. Undefined when there is no such key. */
  revoke(keyId: string, at: string): Promise<AutomationKey | undefined>;
}

/** A conversation the bot was seen in (installed, or a message from it). */
export interface ConversationSighting {
  tenantId: string;
  conversationId: string;
  kind: 'personal' | 'groupChat' | 'channel';
  serviceUrl: string;
  channelId: string;
  botId?: string;
  botName?: string;
  teamId?: string;
  teamName?: string;
  channelName?: string;
  isGeneral: boolean;
  userAadObjectId?: string;
  /** Personal chats: the user's Teams id ("29:..."), which refresh.userIds of a card needs. */
  userId?: string;
}

/** Where the bot is installed, per tenant: what notices and 1:1 cards need. */
export interface ConversationDirectory {
  upsert(sighting: ConversationSighting): Promise<void>;
  /** The bot heard from the conversation: active again if it was marked inactive; cheap when nothing changed. */
  sighted(sighting: ConversationSighting): Promise<void>;
  markInactive(tenantId: string, conversationId: string, reason: string): Promise<void>;
  markTeamInactive(tenantId: string, teamId: string, reason: string): Promise<number>;
  setTenantClient(tenantId: string, clientId: string): Promise<void>;
  setNoticeChannel(tenantId: string, conversationId: string): Promise<void>;
  noticeChannel(tenantId: string): Promise<{ conversationId: string; channelName?: string; teamName?: string } | undefined>;
  /** The active personal chats with the bot of these users (by AAD object id); users without one are left out. */
  personalChats(tenantId: string, userAadObjectIds: readonly string[]): Promise<ReadonlyMap<string, { conversationId: string; userId?: string }>>;
}

/** Per-user acknowledgements of freeze and outage notices. */
export interface AcknowledgementStore {
  /** Records the user's acknowledgement once; false when they had acknowledged already. */
  acknowledge(noticeId: string, userAadObjectId: string, name: string, at: string): Promise<boolean>;
  count(noticeId: string): Promise<number>;
  has(noticeId: string, userAadObjectId: string): Promise<boolean>;
}

/** Something a client's person asked the vendor from a townhall card: a question, a call, training, planning. */
export interface ClientRequest {
  id: string;
  kind: 'question' | 'showcase' | 'training' | 'plan';
  version: string;
  clientId: string;
  tenantId: string;
  askedById: string;
  askedByName: string;
  askedAt: string;
  text?: string;
  answer?: { text: string; by: string; at: string };
}

export interface ClientRequestStore {
  create(request: ClientRequest): Promise<void>;
  get(id: string): Promise<Versioned<ClientRequest> | undefined>;
  /** Records the answer if nobody changed the request since `etag`. */
  update(request: ClientRequest, etag: string): Promise<void>;
}

/** One conversation's delivery as a person reads it (the outbox reports them; the deliveries command and API show them). */
export interface DeliveryReportEntry {
  tenantId: string;
  conversationId: string;
  state: 'sent' | 'pending' | 'failed';
  attempts: number;
  activityId?: string;
  /** The version of the message the conversation has (the notice's newest when `sent`). */
  sentVersion?: number;
  /** Every failed answer's status, oldest first (0 = no answer). */
  statusCodes: number[];
  /** Why it failed, or why it is still pending. */
  reason?: string;
}

export interface DeliveryReport {
  noticeId: string;
  kind: string;
  clientId: string;
  version: number;
  total: number;
  sent: number;
  pending: number;
  failed: number;
  deliveries: DeliveryReportEntry[];
}
