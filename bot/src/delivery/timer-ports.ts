import type { Versioned } from '../usecases/ports';

/** The timed rules of the process; any other name is allowed for new ones. */
export type TimerKind =
  | 'reminder'
  | 'freeze_reminder'
  | 'window_end'
  | 'decision_half_time'
  | 'decision_deadline'
  | (string & {});

export const timerKinds = ['reminder', 'freeze_reminder', 'window_end', 'decision_half_time', 'decision_deadline'] as const;

/** scheduled -> firing (leased by one poller) -> fired; a handler that keeps failing ends in failed. */
export type TimerState = 'scheduled' | 'firing' | 'fired' | 'failed';

/** JSON the handler gets back: ids, not whole records (read them fresh when the timer fires). */
export type TimerPayload = Record<string, string | number | boolean | null>;

export interface TimerRecord {
  id: string;
  kind: TimerKind;
  dueAt: string;
  payload: TimerPayload;
  state: TimerState;
  attempts: number;
  leaseOwner?: string;
  leaseExpiresAt?: string;
  firedAt?: string;
  lastError?: string;
  createdAt: string;
  updatedAt: string;
}

/** The timers table, as the scheduler needs it. */
export interface TimerStore {
  /** false when a timer with that id exists already. */
  create(timer: TimerRecord): Promise<boolean>;
  get(id: string): Promise<Versioned<TimerRecord> | undefined>;
  /** ETag-guarded; false when somebody changed the timer since `etag`. */
  update(timer: TimerRecord, etag: string): Promise<{ ok: true; etag: string } | { ok: false }>;
  /** ETag-guarded; false when somebody changed it. */
  delete(id: string, etag: string): Promise<boolean>;
  /** Scheduled timers due at `now`, and firing ones whose lease expired, earliest first. */
  listDue(now: string): Promise<Versioned<TimerRecord>[]>;
  list(filter?: { kind?: string; state?: TimerState }): Promise<TimerRecord[]>;
  /** Deletes fired and failed timers last changed before `before`; returns how many. */
  purge(before: string): Promise<number>;
}
