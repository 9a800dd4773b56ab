import {
  foldAfterInMs,
  FoldedLogs,
  longestWindowInMs,
  SlidingWindowLog,
  teamsConversationWindows,
  teamsTenantBudgetPerSecond,
  type RateWindow,
} from './rate-windows';

export interface DeliveryPacerOptions {
  /** Per-conversation windows; Teams' by default. */
  conversationWindows?: readonly RateWindow[];
  /** Requests a second per tenant, for this process (Teams allows 50 per app). */
  tenantBudgetPerSecond?: number;
  /**
   * Added to every window (default 10 ms). A request counts until it is answered and then as
   * sent when answered, which Teams saw it no later than; the margin covers clock granularity.
   */
  marginInMs?: number;
  /**
   * Requests to a tenant let through back to back (default half the budget): the budget is
   * spread over the second instead of spent at its start, which keeps fewer sends in flight.
   */
  tenantBurst?: number;
}

interface LaneTask {
  order: string;
  run: () => void;
}

/** Call when the request is answered (or failed): from then on it counts as sent at that moment. */
export type Release = () => void;

interface TenantGate {
  log: SlidingWindowLog;
  waiting: { conversation: SlidingWindowLog; resolve: (release: Release) => void }[];
  pausedUntil: number;
  timer?: NodeJS.Timeout;
}

/**
 * Paces sends below Teams' limits instead of bouncing off them: one request at a time per
 * conversation (in lanes, so a thread keeps its order), each conversation under its windows,
 * each tenant under its budget, and a tenant paused when Teams answers 429. The budgets are
 * this process's: with several processes, give each its share of Teams' 50 a second.
 *
 * A conversation's log is kept while it has something in a short window (a few seconds), then
 * folded into `FoldedLogs`, which keeps what it still counts for in the long windows (up to an
 * hour) in fixed memory: a notice to 20,000 conversations does not leave 20,000 logs behind.
 */
export class DeliveryPacer {
  /** Requests a second this process lets through to one tenant. */
  readonly tenantBudgetPerSecond: number;
  private readonly conversationWindows: readonly RateWindow[];
  private readonly tenantWindows: readonly RateWindow[];
  private readonly tenantSpread: readonly RateWindow[];
  private readonly marginInMs: number;
  private readonly lanes = new Map<string, { running: boolean; waiting: LaneTask[] }>();
  private readonly conversations = new Map<string, SlidingWindowLog>();
  private readonly tenants = new Map<string, TenantGate>();
  private readonly folded: FoldedLogs;
  /** A conversation log idle this long holds nothing in the short windows: it is folded. */
  private readonly foldAfterInMs: number;
  private nextPruneAt = 0;

  constructor(options: DeliveryPacerOptions = {}) {
    this.conversationWindows = options.conversationWindows ?? teamsConversationWindows;
    const budget = options.tenantBudgetPerSecond ?? teamsTenantBudgetPerSecond;
    this.tenantBudgetPerSecond = budget;
    const burst = Math.max(1, Math.min(budget, options.tenantBurst ?? Math.ceil(budget / 2)));
    this.tenantWindows = [{ limit: budget, windowInMs: 1_000 }];
    this.tenantSpread = [{ limit: burst, windowInMs: (1_000 * burst) / budget }];
    this.marginInMs = options.marginInMs ?? 10;
    this.folded = new FoldedLogs(this.conversationWindows, this.marginInMs);
    this.foldAfterInMs = foldAfterInMs(this.conversationWindows, this.marginInMs);
  }

  /**
   * Runs `task` when the conversation's lane is free; tasks of one conversation run one at a
   * time, the lowest `order` first among those waiting.
   */
  inLane<T>(conversationKey: string, order: string, task: () => Promise<T>): Promise<T> {
    const lane = this.lanes.get(conversationKey) ?? { running: false, waiting: [] };
    this.lanes.set(conversationKey, lane);
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        task()
          .then(resolve, reject)
          .finally(() => {
            const next = lane.waiting.shift();
            if (next) next.run();
            else {
              lane.running = false;
              this.lanes.delete(conversationKey);
            }
          });
      };
      if (!lane.running) {
        lane.running = true;
        run();
        return;
      }
      const at = lane.waiting.findIndex((t) => t.order > order);
      lane.waiting.splice(at < 0 ? lane.waiting.length : at, 0, { order, run });
    });
  }

  /**
   * Waits until one more request fits the conversation's windows and the tenant's budget, and
   * counts it; the caller must call the release it gets once the request is answered.
   */
  async permit(tenantId: string, conversationKey: string): Promise<Release> {
    let conversation = this.conversations.get(conversationKey);
    if (!conversation) {
      conversation = new SlidingWindowLog(this.folded.borrowedFor(conversationKey));
      this.conversations.set(conversationKey, conversation);
    }
    // Not folded while this request waits: it starts on this log.
    conversation.pending++;
    for (;;) {
      const wait = conversation.waitInMs(this.conversationWindows, Date.now(), this.marginInMs);
      if (wait <= 0) break;
      await sleep(wait);
    }
    const gate = this.gate(tenantId);
    const release = await new Promise<Release>((resolve) => {
      gate.waiting.push({ conversation, resolve });
      this.pump(gate);
    });
    if (Date.now() >= this.nextPruneAt) this.prune();
    return release;
  }

  /** Holds every request to the tenant for `delayInMs` (Teams said 429 with Retry-After). */
  pauseTenant(tenantId: string, delayInMs: number): void {
    const gate = this.gate(tenantId);
    gate.pausedUntil = Math.max(gate.pausedUntil, Date.now() + delayInMs);
  }

  private gate(tenantId: string): TenantGate {
    let gate = this.tenants.get(tenantId);
    if (!gate) {
      gate = { log: new SlidingWindowLog(), waiting: [], pausedUntil: 0 };
      this.tenants.set(tenantId, gate);
    }
    return gate;
  }

  private pump(gate: TenantGate): void {
    if (gate.timer) return;
    while (gate.waiting.length > 0) {
      const now = Date.now();
      const wait = Math.max(
        gate.pausedUntil - now,
        gate.log.waitInMs(this.tenantWindows, now, this.marginInMs),
        gate.log.waitInMs(this.tenantSpread, now),
      );
      if (wait === Infinity) return; // a release pumps again
      if (wait > 0) {
        gate.timer = setTimeout(() => {
          gate.timer = undefined;
          this.pump(gate);
        }, wait);
        return;
      }
      const next = gate.waiting.shift()!;
      const tenantDone = gate.log.start(longestWindowInMs(this.tenantWindows) + this.marginInMs);
      const conversationDone = next.conversation.start(longestWindowInMs(this.conversationWindows) + this.marginInMs);
      next.conversation.pending--;
      next.resolve(() => {
        const answeredAt = Date.now();
        conversationDone(answeredAt);
        tenantDone(answeredAt);
        this.pump(gate);
      });
    }
  }

  /**
   * Folds the conversations idle for longer than the short windows (what they still count for
   * in the long ones stays in `folded`) and forgets tenants idle for longer than their window.
   * Runs at most once per `foldAfterInMs`, so the logs kept are those of the last few seconds' sends.
   */
  private prune(): void {
    const now = Date.now();
    this.nextPruneAt = now + Math.max(100, this.foldAfterInMs);
    for (const [key, log] of this.conversations)
      if (log.idleSince(now - this.foldAfterInMs) && !this.lanes.has(key)) {
        this.folded.add(key, log.answers(), now);
        this.conversations.delete(key);
      }
    for (const [key, gate] of this.tenants)
      if (gate.waiting.length === 0 && !gate.timer && gate.log.idleSince(now - 1_000) && gate.pausedUntil < now) this.tenants.delete(key);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
