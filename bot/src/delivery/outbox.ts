import { UpgradeDeskError } from '../domain/errors';
import type { Clock } from '../usecases/ports';
import type { OutgoingActivity } from './conversation-gateway';
import {
  deliveryKey,
  type DeliveryRecord,
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

export interface OutboxDeps {
  notices: NoticeTable;
  deliveries: DeliveryTable;
  pointers: PointerQueue;
  clock: Clock;
}

/** Rows per queue message: a pointer names at most this many deliveries of one notice. */
export const pointerBatchSize = 100;

/**
 * The durable outbox: a notice becomes one Table row per conversation (the truth) and
 * pointers on a queue; workers deliver them. Posted messages are updated through it too.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: OutboxDeps) {}

  /** Stores the notice and one pending delivery per distinct target, and queues pointers to them. */
  async enqueue(notice: OutboxNotice): Promise<{ noticeId: string; deliveries: number; created: boolean }> {
    checkNotice(notice);
    const now = this.deps.clock.now().toISOString();
    const rows = new Map<string, DeliveryRecord>();
    for (const t of notice.targets) {
      const key = deliveryKey(t.tenantId, t.conversationId);
      rows.set(key, {
        noticeId: notice.id,
        key,
        tenantId: t.tenantId,
        conversationId: t.conversationId,
        state: 'pending',
        attempts: 0,
        statusCodes: [],
        pointerAt: now,
        updatedAt: now,
      });
    }
    const created = await this.deps.notices.create({
      id: notice.id,
      kind: notice.kind,
      clientId: notice.clientId,
      version: 1,
      activity: notice.activity,
      open: rows.size > 0,
      targetCount: rows.size,
      createdAt: now,
      updatedAt: now,
    });
    // Enqueued before (a retry after a crash, or more targets): reopen it; only missing rows are created.
    if (!created) await this.reopen(notice.id, now);
    // Each chunk's pointer goes as soon as its rows exist, so the first sends start at once.
    await inParallel(chunked([...rows.keys()].sort()), enqueueConcurrency, async (keys) => {
      await this.deps.deliveries.createMany(keys.map((k) => rows.get(k)!));
      await this.deps.pointers.send({ noticeId: notice.id, keys });
      this.notify();
    });
    return { noticeId: notice.id, deliveries: rows.size, created };
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
      const rows = await this.deps.deliveries.list(noticeId);
      await this.sendPointers(noticeId, rows.filter((r) => r.value.state !== 'failed').map((r) => r.value.key));
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

  private async reopen(noticeId: string, now: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.deps.notices.get(noticeId);
      if (!current || (await this.deps.notices.update({ ...current.value, open: true, updatedAt: now }, current.etag)).ok) return;
    }
    throw new UpgradeDeskError('conflict', `Notice ${noticeId} is being changed by someone else; try again.`);
  }

  /** Calls `listener` after each enqueue, so a worker in this process starts at once. */
  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async sendPointers(noticeId: string, keys: string[]): Promise<void> {
    await inParallel(chunked([...keys].sort()), enqueueConcurrency, (chunk) => this.deps.pointers.send({ noticeId, keys: chunk }));
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

const enqueueConcurrency = 4;

function chunked(keys: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < keys.length; i += pointerBatchSize) out.push(keys.slice(i, i + pointerBatchSize));
  return out;
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
