import type { ConversationTarget } from './conversation-gateway';
import { baseConversationId, type KnownTarget, type TargetDirectory } from './outbox-ports';

export type ResolvedTarget = { target: ConversationTarget; active: true } | { active: false; reason: string };

/**
 * The conversation references a worker sends to, read one tenant (one partition) at a time
 * and kept for a few seconds; a conversation found gone here is marked at once.
 */
export class TargetCache {
  private readonly tenants = new Map<string, { expiresAt: number; targets: Promise<Map<string, KnownTarget>> }>();

  constructor(
    private readonly directory: TargetDirectory,
    private readonly ttlInMs = 5_000,
  ) {}

  async resolve(tenantId: string, conversationId: string): Promise<ResolvedTarget> {
    const known = (await this.load(tenantId)).get(baseConversationId(conversationId));
    if (!known) return { active: false, reason: 'The bot is not installed in this conversation.' };
    if (!known.active) return { active: false, reason: 'The bot was removed from this conversation; nothing is sent there.' };
    return { active: true, target: { ...known.target, conversationId } };
  }

  /** Marks the conversation inactive for everyone (the store) and for this worker (now). */
  async markInactive(tenantId: string, conversationId: string, reason: string): Promise<void> {
    const cached = this.tenants.get(tenantId);
    const base = baseConversationId(conversationId);
    if (cached) {
      const targets = await cached.targets.catch(() => undefined);
      const known = targets?.get(base);
      if (known) targets!.set(base, { ...known, active: false });
    }
    await this.directory.markInactive(tenantId, base, reason);
  }

  private load(tenantId: string): Promise<Map<string, KnownTarget>> {
    const now = Date.now();
    const cached = this.tenants.get(tenantId);
    if (cached && cached.expiresAt > now) return cached.targets;
    const targets = this.directory.listTargets(tenantId).then((list) => new Map(list.map((k) => [k.target.conversationId, k])));
    this.tenants.set(tenantId, { expiresAt: now + this.ttlInMs, targets });
    targets.catch(() => this.tenants.delete(tenantId));
    if (this.tenants.size > 10_000) for (const [k, v] of this.tenants) if (v.expiresAt <= now) this.tenants.delete(k);
    return targets;
  }
}
