/** At most `limit` requests in any `windowInMs`. */
export interface RateWindow {
  limit: number;
  windowInMs: number;
}

/** Teams' per-bot, per-conversation limits ("Optimize your bot with rate limiting"). */
export const teamsConversationWindows: readonly RateWindow[] = Object.freeze([
  { limit: 7, windowInMs: 1_000 },
  { limit: 8, windowInMs: 2_000 },
  { limit: 60, windowInMs: 30_000 },
  { limit: 1_800, windowInMs: 3_600_000 },
]);

/** Teams' per-app, per-tenant limit, in requests a second. */
export const teamsTenantBudgetPerSecond = 50;

/**
 * The requests to one key (a conversation, a tenant), to tell when one more fits every window.
 * A request counts from when it is let through until it is answered, and then as if sent at
 * the moment of its answer: Teams saw it no later than that, so however long it spent on the
 * way (a cold connection, a busy event loop), no window at Teams' end can hold more than ours.
 */
export class SlidingWindowLog {
  /** Answer times, ascending. */
  private readonly times: number[] = [];
  private inFlight = 0;

  /**
   * Milliseconds until one more request fits every window widened by `marginInMs`: 0 = now,
   * Infinity = not before a request in flight is answered.
   */
  waitInMs(windows: readonly RateWindow[], now: number, marginInMs = 0): number {
    let wait = 0;
    for (const { limit, windowInMs } of windows) {
      const span = windowInMs + marginInMs;
      let inWindow = 0;
      for (let i = this.times.length - 1; i >= 0 && this.times[i]! > now - span; i--) inWindow++;
      const mustLeave = inWindow + this.inFlight - limit + 1;
      if (mustLeave <= 0) continue;
      if (mustLeave > inWindow) return Infinity;
      // The oldest `mustLeave` answers in the window must have left it.
      const blocking = this.times[this.times.length - inWindow + mustLeave - 1]!;
      wait = Math.max(wait, blocking + span - now);
    }
    return Math.max(0, wait);
  }

  /** Counts a request from now on; call the result with its answer time when it is answered. */
  start(keepInMs: number): (answeredAt?: number) => void {
    this.inFlight++;
    let done = false;
    return (answeredAt = Date.now()) => {
      if (done) return;
      done = true;
      this.inFlight--;
      let i = this.times.length;
      while (i > 0 && this.times[i - 1]! > answeredAt) i--;
      this.times.splice(i, 0, answeredAt);
      let drop = 0;
      while (drop < this.times.length && this.times[drop]! <= answeredAt - keepInMs) drop++;
      if (drop > 0) this.times.splice(0, drop);
    };
  }

  /** Nothing in flight and nothing answered since `since`. */
  idleSince(since: number): boolean {
    return this.inFlight === 0 && (this.times[this.times.length - 1] ?? 0) < since;
  }
}

/** The longest window: how long a log must remember a request. */
export function longestWindowInMs(windows: readonly RateWindow[]): number {
  return Math.max(0, ...windows.map((w) => w.windowInMs));
}

/**
 * The earliest time (ms after the first) at which the last of `count` requests can go out
 * under the windows: the floor any sender is measured against.
 */
export function floorInMs(count: number, windows: readonly RateWindow[]): number {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    let t = i === 0 ? 0 : times[i - 1]!;
    for (const { limit, windowInMs } of windows) if (i >= limit) t = Math.max(t, times[i - limit]! + windowInMs);
    times.push(t);
  }
  return times[count - 1] ?? 0;
}
