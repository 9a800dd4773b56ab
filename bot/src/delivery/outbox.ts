import { UpgradeDeskError } from '../domain/errors';
import type { Clock, Versioned } from '../usecases/ports';
import type { OutgoingActivity } from './conversation-gateway';
import {
  bucketCount,
  pointersFor,
  TargetPlan,
  type TargetChunk,
  type DeliveryPointer,
  type DeliveryRecord,
  type NoticeRecord,
  type DeliveryTable,
  type NoticeTable,
  type PointerQueue,
} from './outbox-ports';
import { deliveryReport, type DeliveryReport } from './delivery-report';

export interface NoticeTarget {
  tenantId: string;
  /** A channel, chat or thread (`<channel>;messageid=<root>`) id. */
  conversationId: string;
}

/** A message for one or more conversations: a townhall card, a freeze notice, an upgrade's formal communication. */
export interface OutboxNotice {
  /** Stable and chosen by the caller (e.g. `CHG-2026-0042:freeze_announced`): enqueueing it again adds nothing. */
  id: string;
  kind: string;
  clientId: string;
  activity: OutgoingActivity;
  targets: NoticeTarget[];
}

/**
 * A worker in this process that takes a new notice's deliveries at once: the rows are created
 * leased to it, so they skip the queue and the claim (beyond the worker's places it reads them
 * back from storage when it has room); if the process dies, its restart takes them back once its
 * heartbeat is stale (or, elsewhere, the leases run out) and the sweeper hands the rows to the
 * queue like any other.
 */
export interface LocalDelivery {
  readonly owner: string;
  readonly leaseInMs: number;
  /**
   * Deliveries of one tenant it takes from a notice, at most: a tenant's go no faster than its
   * budget, and those beyond a few seconds of it are left on the queue, to any process's worker.
   */
  readonly maxPerTenant: number;
  /** Takes places for up to `max` deliveries now; 0 when the worker is not running or is full. */
  reserve(max: number): number;
  release(count: number): void;
  /** Delivers rows created leased to it, one reserved place each. */
  deliverClaimed(notice: NoticeRecord, rows: Versioned<DeliveryRecord>[]): void;
}

export interface OutboxDeps {
  notices: NoticeTable;
  deliveries: DeliveryTable;
  pointers: PointerQueue;
  clock: Clock;
  /** This process's worker, if any: new notices go to it directly, as far as it has room. */
  local?: LocalDelivery;
}

/**
 * The durable outbox: a notice becomes one Table row per conversation (the truth) and
 * pointers on a queue; workers deliver them. Posted messages are updated through it too.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: OutboxDeps) {}

  /**
   * Stores the notice and one delivery row per distinct target, and hands them on: to this
   * process's worker (leased to it) as far as it has room, the rest as pointers on the queue.
   */
  async enqueue(notice: OutboxNotice): Promise<{ noticeId: string; deliveries: number; created: boolean }> {
    checkNotice(notice);
    const now = this.deps.clock.now().toISOString();
    // The distinct targets in pointer order, a few numbers each: no row or key per target is kept meanwhile.
    const plan = new TargetPlan(notice.targets);
    const record: NoticeRecord = {
      id: notice.id,
      kind: notice.kind,
      clientId: notice.clientId,
      version: 1,
      activity: notice.activity,
      buckets: bucketCount(plan.size),
      open: plan.size > 0,
      targetCount: plan.size,
      createdAt: now,
      updatedAt: now,
    };
    const created = await this.deps.notices.create(record);
    // Enqueued before (a retry after a crash, or more targets): reopen it; only missing rows are created.
    const buckets = created ? record.buckets : await this.reopen(notice.id, now);
    // A new notice's deliveries go to this process's worker as far as it has room, in pointer order and
    // up to its share of each tenant: created leased to it. The others get pointers on the queue.
    const local = created ? this.deps.local : undefined;
    const leases = local && new LocalLeases(local, plan.size, Date.parse(now));
    // A chunk's rows (and keys) are made when it is dispatched: only those of the chunks under way are in memory.
    const rowsOf = ({ bucket, indices }: TargetChunk): DeliveryRecord[] =>
      Array.from(indices, (index) => {
        const { tenantId, conversationId } = notice.targets[index]!;
        const key = plan.keyOf(index);
        const row: DeliveryRecord = { noticeId: notice.id, key, bucket, tenantId, conversationId, state: 'pending', attempts: 0, statusCodes: [], pointerAt: now, updatedAt: now };
        return leases?.take(tenantId) ? { ...row, state: 'sending', ...leases.lease } : row;
      });
    try {
      await inParallel(plan.chunks(buckets), enqueueConcurrency, (chunk) => {
        const rows = rowsOf(chunk);
        return this.dispatch(record, { noticeId: notice.id, bucket: chunk.bucket, keys: rows.map((r) => r.key) }, rows, local);
      });
    } finally {
      leases?.releaseUnused();
    }
    return { noticeId: notice.id, deliveries: plan.size, created };
  }

  /** Enqueues several notices (say one per client), `concurrency` at a time. */
  async enqueueMany(notices: OutboxNotice[], concurrency = 8): Promise<{ noticeId: string; deliveries: number; created: boolean }[]> {
    notices.forEach(checkNotice);
    const results: { noticeId: string; deliveries: number; created: boolean }[] = [];
    await inParallel(notices.map((n, i) => [n, i] as const), concurrency, async ([n, i]) => void (results[i] = await this.enqueue(n)));
    return results;
  }

  /**
   * Replaces the notice's message: every conversation that has it gets it updated in place,
   * and those still waiting get the new version. Updates coalesce: only the newest is sent.
   */
  async enqueueUpdate(noticeId: string, activity: OutgoingActivity): Promise<{ version: number }> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.deps.notices.get(noticeId);
      if (!current) throw new UpgradeDeskError('not_found', `There is no notice ${noticeId} to update.`);
      const next = { ...current.value, activity, version: current.value.version + 1, open: true, updatedAt: this.deps.clock.now().toISOString() };
      if (!(await this.deps.notices.update(next, current.etag)).ok) continue;
      // A page of rows at a time: a notice to every client never has all its rows in memory.
      for await (const page of this.deps.deliveries.listPages(noticeId)) {
        const live = page.filter((r) => r.value.state !== 'failed').map((r) => r.value);
        await inParallel(pointersFor(noticeId, live), enqueueConcurrency, (pointer) => this.deps.pointers.send(pointer));
      }
      this.notify();
      return { version: next.version };
    }
    throw new UpgradeDeskError('conflict', `Notice ${noticeId} is being changed by someone else; try again.`);
  }

  /** Where a notice stands: each conversation sent, pending or failed (with the reasons). */
  async report(noticeId: string): Promise<DeliveryReport | undefined> {
    const notice = await this.deps.notices.get(noticeId);
    if (!notice) return undefined;
    return deliveryReport(notice.value, (await this.deps.deliveries.list(noticeId)).map((r) => r.value));
  }

  /** Creates a pointer's rows (`chunk`, in the pointer's key order); those leased to the local worker go to it, a pointer to the others goes on the queue. */
  private async dispatch(notice: NoticeRecord, pointer: DeliveryPointer, chunk: DeliveryRecord[], local?: LocalDelivery): Promise<void> {
    const leased = chunk.filter((r) => r.state === 'sending').length;
    const outcomes = await this.deps.deliveries.createMany(chunk).catch((err: unknown) => {
      if (leased > 0) local?.release(leased);
      throw err;
    });
    const mine = chunk.flatMap((r, i) => {
      const outcome = outcomes[i];
      return r.state === 'sending' && outcome?.ok ? [{ value: r, etag: outcome.etag }] : [];
    });
    if (leased > mine.length) local?.release(leased - mine.length);
    if (mine.length > 0) local?.deliverClaimed(notice, mine);
    const mineKeys = new Set(mine.map((m) => m.value.key));
    const rest = pointer.keys.filter((k) => !mineKeys.has(k));
    if (rest.length > 0) await this.deps.pointers.send({ ...pointer, keys: rest });
    this.notify();
  }

  /** Marks a notice open again; returns its bucket count. */
  private async reopen(noticeId: string, now: string): Promise<number> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.deps.notices.get(noticeId);
      if (!current) throw new UpgradeDeskError('conflict', `Notice ${noticeId} was removed while it was enqueued again; try again.`);
      if ((await this.deps.notices.update({ ...current.value, open: true, updatedAt: now }, current.etag)).ok) return current.value.buckets;
    }
    throw new UpgradeDeskError('conflict', `Notice ${noticeId} is being changed by someone else; try again.`);
  }

  /** Calls `listener` after each enqueue, so a worker in this process starts at once. */
  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

const enqueueConcurrency = 4;

/** The deliveries of a new notice that this process's worker takes, leased to it at creation. */
class LocalLeases {
  readonly lease: { leaseOwner: string; leaseExpiresAt: string };
  private left: number;
  private readonly perTenant = new Map<string, number>();

  constructor(
    private readonly local: LocalDelivery,
    deliveries: number,
    now: number,
  ) {
    this.left = local.reserve(deliveries);
    this.lease = { leaseOwner: local.owner, leaseExpiresAt: new Date(now + local.leaseInMs).toISOString() };
  }

  /** Whether the tenant's next delivery goes to the worker (one of its reserved places). */
  take(tenantId: string): boolean {
    const taken = this.perTenant.get(tenantId) ?? 0;
    if (this.left === 0 || taken >= this.local.maxPerTenant) return false;
    this.left--;
    this.perTenant.set(tenantId, taken + 1);
    return true;
  }

  /** Gives back the places reserved and not taken. */
  releaseUnused(): void {
    if (this.left > 0) this.local.release(this.left);
    this.left = 0;
  }
}

/** Runs `task` over the items, at most `concurrency` at once. */
async function inParallel<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

function checkNotice(notice: OutboxNotice): void {
  const problems: string[] = [];
  if (!notice.id) problems.push('an id');
  if (!notice.kind) problems.push('a kind');
  if (!notice.activity || typeof notice.activity !== 'object') problems.push('a message');
  if (!Array.isArray(notice.targets) || notice.targets.some((t) => !t?.tenantId || !t?.conversationId))
    problems.push('targets with a tenant id and a conversation id');
  if (problems.length > 0) throw new UpgradeDeskError('bad_input', `A notice needs ${problems.join(', ')}.`);
}
