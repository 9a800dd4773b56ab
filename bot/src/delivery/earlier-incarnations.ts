import type { Clock, Versioned } from '../usecases/ports';
import { incarnationGone, liveEarlierIncarnations, ownerParts, type IncarnationBeat } from './delivery-rules';
import { Periodic } from './periodic';

/**
 * The heartbeats of the running incarnations, one row each under their instance (implemented over
 * Azure Tables in store/incarnation-heartbeats.ts): how a process tells whether an earlier
 * incarnation of its instance is gone, and what it left leased is free to take back.
 */
export interface HeartbeatStore {
  /** Writes the incarnation's beat, over its last one. */
  beat(instance: string, beat: IncarnationBeat): Promise<void>;
  /** The beats of every incarnation of the instance that has one. */
  list(instance: string): Promise<Versioned<IncarnationBeat>[]>;
  /** Deletes the incarnation's beat (given an ETag, only if unchanged since); false when it was not there or had changed. */
  remove(instance: string, incarnation: string, etag?: string): Promise<boolean>;
}

export interface HeartbeatTimings {
  /** How often a running incarnation writes its beat (default 5 s). */
  beatEveryInMs: number;
  /** A beat older than this tells its incarnation is gone (default 15 s: three beats missed). */
  staleAfterInMs: number;
}

export const defaultHeartbeatTimings: HeartbeatTimings = { beatEveryInMs: 5_000, staleAfterInMs: 15_000 };

/** Keeps this incarnation's heartbeat: written at start and every `beatEveryInMs`, deleted at a clean stop. */
export class IncarnationHeartbeat {
  private readonly loop: Periodic;

  constructor(private readonly o: { store: HeartbeatStore; owner: string; clock: Clock; beatEveryInMs: number; log: (line: string) => void }) {
    const parts = ownerParts(o.owner);
    if (!parts) throw new Error(`A heartbeat needs an owner named instance#incarnation, not "${o.owner}".`);
    const beat = () => o.store.beat(parts.instance, { incarnation: parts.incarnation, beatAt: o.clock.now().toISOString() });
    this.loop = new Periodic(beat, {
      intervalInMs: o.beatEveryInMs,
      immediately: true,
      onError: (err) => o.log(`[heartbeat] beat of ${o.owner} failed: ${err instanceof Error ? err.message : String(err)}`),
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops beating and deletes the beat: what this incarnation still had leased is free at once. */
  async stop(): Promise<void> {
    await this.loop.stop();
    const { instance, incarnation } = ownerParts(this.o.owner)!;
    await this.o.store.remove(instance, incarnation).catch((err: unknown) => this.o.log(`[heartbeat] removing ${this.o.owner} failed: ${String(err)}`));
  }
}

/** One reclaim: from every earlier incarnation but the `live` ones; `done()` once it went through. */
export interface ReclaimPass {
  live: ReadonlySet<string>;
  done(): Promise<void>;
}

export interface EarlierIncarnationsOptions {
  heartbeats: HeartbeatStore;
  /** This process in leases, `instance#incarnation`; named otherwise, it has no earlier incarnations. */
  owner: string;
  clock: Clock;
  staleAfterInMs?: number;
}

/**
 * Watches the heartbeats of the other incarnations of this process's instance, pass after pass
 * (the sweeper's and the timer poller's), and says when a reclaim is due: at the first pass, and
 * whenever one of them is newly gone (it stopped cleanly, or its beat went stale). It watches as
 * long as one of them is alive: a predecessor still running at this start keeps its leases, and
 * they are taken back once it is gone. Once reclaimed, stale beats are deleted (ETag-guarded: an
 * incarnation that beats again keeps its row); an incarnation without a row counts as gone.
 */
export class EarlierIncarnations {
  private readonly instance?: string;
  private readonly incarnation?: string;
  private lastLive: ReadonlySet<string> = new Set();
  /** Until a reclaim went through: at start, and after a newly gone incarnation (again if the reclaim failed). */
  private reclaimDue = true;
  private finished = false;

  constructor(private readonly o: EarlierIncarnationsOptions) {
    const parts = ownerParts(o.owner);
    this.instance = parts?.instance;
    this.incarnation = parts?.incarnation;
    this.finished = !parts;
  }

  /** Whether a pass may still find something to reclaim. */
  get watching(): boolean {
    return !this.finished;
  }

  /** Reads the heartbeats: a reclaim pass when one is due, else undefined. */
  async look(): Promise<ReclaimPass | undefined> {
    if (this.finished || !this.instance) return undefined;
    const instance = this.instance;
    const now = this.o.clock.now();
    const staleAfterInMs = this.o.staleAfterInMs ?? 15_000;
    const beats = (await this.o.heartbeats.list(instance)).filter((b) => b.value.incarnation !== this.incarnation);
    const live = liveEarlierIncarnations(beats.map((b) => b.value), this.o.owner, now, staleAfterInMs);
    const stale = beats.filter((b) => incarnationGone(b.value, now, staleAfterInMs));
    const lost = [...this.lastLive].some((i) => !live.has(i));
    this.lastLive = live;
    if (!this.reclaimDue && stale.length === 0 && !lost) {
      this.finished = live.size === 0;
      return undefined;
    }
    this.reclaimDue = true;
    return {
      live,
      done: async () => {
        for (const b of stale) await this.o.heartbeats.remove(instance, b.value.incarnation, b.etag);
        this.reclaimDue = false;
        this.finished = live.size === 0;
      },
    };
  }
}
