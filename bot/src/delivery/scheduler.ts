import { UpgradeDeskError } from '../domain/errors';
import type { Clock } from '../usecases/ports';
import type { TimerKind, TimerPayload, TimerRecord, TimerState, TimerStore } from './timer-ports';

export interface ScheduleTimerInput {
  /** Chosen by the caller and stable (e.g. `CHG-2026-0042:decision_deadline:d1`), so scheduling is idempotent. */
  id: string;
  kind: TimerKind;
  dueAt: Date;
  payload?: TimerPayload;
}

/** A timer as callers see it. */
export interface Timer {
  id: string;
  kind: TimerKind;
  dueAt: Date;
  payload: TimerPayload;
  state: TimerState;
  attempts: number;
  firedAt?: Date;
  lastError?: string;
}

const maxPayloadLength = 30_000;

/** Due timers in a Table: schedule, cancel and reschedule by id. A TimerPoller fires them. */
export class Scheduler {
  constructor(
    private readonly store: TimerStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Arms the timer for `dueAt`, creating it or moving it. Scheduling again a timer that has
   * fired already at that very time changes nothing, so callers may repeat themselves.
   */
  async schedule(input: ScheduleTimerInput): Promise<Timer> {
    const payload = input.payload ?? {};
    if (!input.id) throw new UpgradeDeskError('bad_input', 'A timer needs an id.');
    if (Number.isNaN(input.dueAt.getTime())) throw new UpgradeDeskError('bad_input', `Timer ${input.id} has no valid due time.`);
    if (JSON.stringify(payload).length > maxPayloadLength)
      throw new UpgradeDeskError('bad_input', `Timer ${input.id} carries too much data; store ids, not records.`);
    const dueAt = input.dueAt.toISOString();
    for (let attempt = 0; attempt < 20; attempt++) {
      const now = this.clock.now().toISOString();
      const existing = await this.store.get(input.id);
      if (!existing) {
        const created: TimerRecord = { id: input.id, kind: input.kind, dueAt, payload, state: 'scheduled', attempts: 0, createdAt: now, updatedAt: now };
        if (await this.store.create(created)) return toTimer(created);
        continue;
      }
      const current = existing.value;
      if ((current.state === 'fired' || current.state === 'firing') && current.dueAt === dueAt && current.kind === input.kind) return toTimer(current);
      const armed: TimerRecord = { ...current, kind: input.kind, dueAt, payload, state: 'scheduled', attempts: 0, updatedAt: now };
      delete armed.leaseOwner;
      delete armed.leaseExpiresAt;
      delete armed.lastError;
      if ((await this.store.update(armed, existing.etag)).ok) return toTimer(armed);
    }
    throw new UpgradeDeskError('conflict', `Timer ${input.id} is changing too often right now; try again.`);
  }

  /** Moves a timer to a new time (and arms it again if it had fired); false when there is no such timer. */
  async reschedule(id: string, dueAt: Date): Promise<boolean> {
    const existing = await this.store.get(id);
    if (!existing) return false;
    await this.schedule({ id, kind: existing.value.kind, dueAt, payload: existing.value.payload });
    return true;
  }

  /** Cancels a timer that has not fired; false when there is none, or it is firing or fired already. */
  async cancel(id: string): Promise<boolean> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const existing = await this.store.get(id);
      if (!existing || existing.value.state !== 'scheduled') return false;
      if (await this.store.delete(id, existing.etag)) return true;
    }
    throw new UpgradeDeskError('conflict', `Timer ${id} is changing too often right now; try again.`);
  }

  async get(id: string): Promise<Timer | undefined> {
    const existing = await this.store.get(id);
    return existing && toTimer(existing.value);
  }

  async list(filter: { kind?: TimerKind; state?: TimerState } = {}): Promise<Timer[]> {
    return (await this.store.list(filter)).map(toTimer);
  }
}

export function toTimer(record: TimerRecord): Timer {
  return {
    id: record.id,
    kind: record.kind,
    dueAt: new Date(record.dueAt),
    payload: record.payload,
    state: record.state,
    attempts: record.attempts,
    firedAt: record.firedAt ? new Date(record.firedAt) : undefined,
    lastError: record.lastError,
  };
}
