import type { ConversationTarget } from './conversation-gateway';
import { baseConversationId, type KnownTarget, type StoredReference, type TargetDirectory } from './outbox-ports';
import { Slots } from './slots';

export type ResolvedTarget = { target: ConversationTarget; active: true } | { active: false; reason: string };

/**
 * The conversation references a worker sends to, read one conversation at a time (a point read)
 * and kept for a few seconds, so the sends of a thread or the updates of a posted message read
 * it once; a conversation found gone here is marked at once. At most `maxEntries` are kept, and
 * those whose time is up are dropped, so the cache does not grow with the recipients of a notice.
 */
export class TargetCache {
  /** By tenant and base conversation (a thread's is its channel's), oldest first. */
  private readonly entries = new Map<string, { expiresAt: number; known: Promise<KnownTarget | undefined> }>();
  private nextEvictionAt = 0;
  /** Reads on their way at once, at most: each holds a request and a socket until answered. */
  private readonly reads: Slots;

  constructor(
    private readonly directory: TargetDirectory,
    private readonly ttlInMs = 5_000,
    private readonly maxEntries = 500,
    maxConcurrentReads = 16,
  ) {
    this.reads = new Slots(maxConcurrentReads);
  }

  async resolve(tenantId: string, conversationId: string): Promise<ResolvedTarget> {
    const known = await this.load(tenantId, baseConversationId(conversationId));
    if (!known) return { active: false, reason: 'The bot is not installed in this conversation.' };
    if (!known.active) return { active: false, reason: 'The bot was removed from this conversation; nothing is sent there.' };
    return { active: true, target: { ...known.target, conversationId } };
  }

  /** Marks the conversation inactive for everyone (the store) and for this worker (now). */
  async markInactive(tenantId: string, conversationId: string, reason: string): Promise<void> {
    const base = baseConversationId(conversationId);
    const cached = this.entries.get(entryKey(tenantId, base));
    if (cached) {
      const known = await cached.known.catch(() => undefined);
      if (known) cached.known = Promise.resolve({ ...known, active: false });
    }
    await this.directory.markInactive(tenantId, base, reason);
  }

  private load(tenantId: string, base: string): Promise<KnownTarget | undefined> {
    const now = Date.now();
    const key = entryKey(tenantId, base);
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.known;
    const known = this.read(tenantId, base);
    const entry = { expiresAt: now + this.ttlInMs, known };
    this.entries.delete(key);
    this.entries.set(key, entry);
    known.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    if (now >= this.nextEvictionAt) {
      this.nextEvictionAt = now + this.ttlInMs;
      for (const [k, v] of this.entries) if (v.expiresAt <= now) this.entries.delete(k);
    }
    // Map order is insertion order: the first entries are the oldest.
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
    }
    return known;
  }

  private async read(tenantId: string, base: string): Promise<KnownTarget | undefined> {
    await this.reads.acquire(1);
    try {
      const reference = await this.directory.get(tenantId, base);
      return reference && knownTarget(reference);
    } finally {
      this.reads.release(1);
    }
  }
}

const entryKey = (tenantId: string, base: string) => `${tenantId}\n${base}`;

function knownTarget(r: StoredReference): KnownTarget {
  return {
    active: r.active,
    target: {
      tenantId: r.tenantId,
      conversationId: r.conversationId,
      serviceUrl: r.serviceUrl,
      channelId: r.channelId,
      botId: r.botId,
      botName: r.botName,
      conversationType: r.kind,
    },
  };
}
