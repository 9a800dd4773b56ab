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
  private times: number[] = [];
  private inFlight = 0;
  /** Requests that will start on this log (waiting for their turn): it is not idle meanwhile. */
  pending = 0;

  /**
   * `borrowed`: answers this log did not see but must count (those of its key folded earlier,
   * see `FoldedLogs`), for the same windows and margin as `waitInMs` is given. Not this log's own.
   */
  constructor(private readonly borrowed?: BorrowedAnswers) {}

  /**
   * Milliseconds until one more request fits every window widened by `marginInMs`: 0 = now,
   * Infinity = not before a request in flight is answered.
   */
  waitInMs(windows: readonly RateWindow[], now: number, marginInMs = 0): number {
    let wait = 0;
    for (let w = 0; w < windows.length; w++) {
      const { limit, windowInMs } = windows[w]!;
      const span = windowInMs + marginInMs;
      let own = 0;
      for (let i = this.times.length - 1; i >= 0 && this.times[i]! > now - span; i--) own++;
      const borrowed = this.borrowed?.countIn(w, now) ?? 0;
      const inWindow = own + borrowed;
      const mustLeave = inWindow + this.inFlight - limit + 1;
      if (mustLeave <= 0) continue;
      if (mustLeave > inWindow) return Infinity;
      // The oldest `mustLeave` answers in the window must have left it.
      const ownInWindow = this.times.slice(this.times.length - own);
      const times = borrowed > 0 ? mergeSorted(ownInWindow, this.borrowed!.timesIn(w, now)) : ownInWindow;
      wait = Math.max(wait, times[mustLeave - 1]! + span - now);
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
      // A first answer gets an array of its own size: most logs (one per recipient of a notice) never hold more.
      if (this.times.length === 0) this.times = [answeredAt];
      else {
        let i = this.times.length;
        while (i > 0 && this.times[i - 1]! > answeredAt) i--;
        this.times.splice(i, 0, answeredAt);
      }
      let drop = 0;
      while (drop < this.times.length && this.times[drop]! <= answeredAt - keepInMs) drop++;
      if (drop > 0) this.times.splice(0, drop);
    };
  }

  /** Nothing in flight or waiting, and nothing answered since `since`. */
  idleSince(since: number): boolean {
    return this.inFlight === 0 && this.pending === 0 && (this.times[this.times.length - 1] ?? 0) < since;
  }

  /** This log's own answer times, ascending (not the borrowed ones). */
  answers(): readonly number[] {
    return this.times;
  }
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!);
  return out;
}

/** Answers a log counts besides its own, per window (by index): those `FoldedLogs` keeps for its key. */
export interface BorrowedAnswers {
  /** How many count in the window at `now`. */
  countIn(window: number, now: number): number;
  /** Their times, ascending: as many as `countIn` says. */
  timesIn(window: number, now: number): number[];
}

/** Windows up to this long are short: a log idle for longer than the longest of them holds nothing in them. */
const shortWindowInMs = 5_000;

/** How long a log must be idle before nothing of it is in a short window: the longest short window, and the margin. */
export function foldAfterInMs(windows: readonly RateWindow[], marginInMs: number): number {
  return Math.max(0, ...windows.filter((w) => w.windowInMs <= shortWindowInMs).map((w) => w.windowInMs)) + marginInMs;
}

interface FoldRing {
  /** The window's index in the windows given. */
  index: number;
  span: number;
  bucketInMs: number;
  /** The bucket number each position of the ring holds now (-1: none). */
  buckets: Float64Array;
  /** Answers per position and slot: `counts[position * slots + slot]`. */
  counts: Uint16Array;
}

/**
 * What the answers of forgotten logs still count for, in memory that does not grow with the
 * keys: for each long window (over five seconds), the answers per slot (a hash of the key) and
 * time bucket (a sixtieth of the window). A log idle for longer than `foldAfterInMs` is folded
 * in here and forgotten; a new log of a key counts its slot's answers too (`borrowedFor`).
 * Keys sharing a slot count each other's answers, and an answer counts until its bucket's end
 * leaves the window: more than were sent, never fewer, so every window still holds. Its own
 * memory is fixed (some 1 MB for Teams' windows and 4,096 slots), where a log kept per key for
 * the longest window (an hour) cost ~500 bytes per recipient of every notice of the last hour.
 */
export class FoldedLogs {
  private readonly rings: FoldRing[];

  constructor(
    windows: readonly RateWindow[],
    marginInMs: number,
    private readonly slots = 4_096,
  ) {
    this.rings = windows.flatMap((w, index) => {
      if (w.windowInMs <= shortWindowInMs) return [];
      const span = w.windowInMs + marginInMs;
      const bucketInMs = Math.max(1, Math.ceil(w.windowInMs / 60));
      // Every bucket that may still hold an answer in the window, and one being filled.
      const length = Math.ceil(span / bucketInMs) + 2;
      return [{ index, span, bucketInMs, buckets: new Float64Array(length).fill(-1), counts: new Uint16Array(length * slots) }];
    });
  }

  /** Counts a forgotten log's own answers (ascending) under its key. */
  add(key: string, times: readonly number[], now: number): void {
    if (times.length === 0) return;
    const slot = slotOf(key, this.slots);
    for (const ring of this.rings) {
      for (const t of times) {
        if (t <= now - ring.span) continue; // out of the window already
        const bucket = Math.floor(t / ring.bucketInMs);
        const at = bucket % ring.buckets.length;
        if (ring.buckets[at] !== bucket) {
          ring.buckets[at] = bucket;
          ring.counts.fill(0, at * this.slots, (at + 1) * this.slots);
        }
        const i = at * this.slots + slot;
        ring.counts[i] = Math.min(0xffff, ring.counts[i]! + 1);
      }
    }
  }

  /** What a new log of `key` must count besides its own; undefined when no window is long. */
  borrowedFor(key: string): BorrowedAnswers | undefined {
    return this.rings.length > 0 ? new SlotAnswers(this, slotOf(key, this.slots)) : undefined;
  }

  count(slot: number, window: number, now: number): number {
    const ring = this.rings.find((r) => r.index === window);
    if (!ring) return 0;
    let count = 0;
    for (let at = 0; at < ring.buckets.length; at++) if (live(ring, at, now)) count += ring.counts[at * this.slots + slot]!;
    return count;
  }

  /** Each answer at its bucket's end: no earlier than it was, so it leaves the window no sooner. */
  times(slot: number, window: number, now: number): number[] {
    const ring = this.rings.find((r) => r.index === window);
    const times: number[] = [];
    if (!ring) return times;
    for (let at = 0; at < ring.buckets.length; at++) {
      if (!live(ring, at, now)) continue;
      const end = (ring.buckets[at]! + 1) * ring.bucketInMs;
      for (let k = ring.counts[at * this.slots + slot]!; k > 0; k--) times.push(end);
    }
    return times.sort((a, b) => a - b);
  }
}

/** Whether a ring position holds a bucket whose end is still in the window. */
function live(ring: FoldRing, at: number, now: number): boolean {
  const bucket = ring.buckets[at]!;
  return bucket >= 0 && (bucket + 1) * ring.bucketInMs > now - ring.span;
}

/** The borrowed answers of one slot: a log holds this (a reference and a number), never a copy. */
class SlotAnswers implements BorrowedAnswers {
  constructor(
    private readonly folded: FoldedLogs,
    private readonly slot: number,
  ) {}

  countIn(window: number, now: number): number {
    return this.folded.count(this.slot, window, now);
  }

  timesIn(window: number, now: number): number[] {
    return this.folded.times(this.slot, window, now);
  }
}

/** FNV-1a over the key's UTF-16 units. */
function slotOf(key: string, slots: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % slots;
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
