import type { Client } from './client';
import { contentFreezeApplies, isReadyToStart } from './lifecycle';
import type { Release } from './release';
import { localDate } from './window';
import type { Upgrade } from './upgrade';
import { TZDate } from '@date-fns/tz';

/** The timed rules of an upgrade. */
export type TimerKind =
  | 'readiness_reminder'
  | 'readiness_flag'
  | 'freeze_reminder'
  | 'window_end'
  | 'decision_half_time'
  | 'decision_deadline';

export interface PlannedTimer {
  /** Stable per upgrade and purpose, so planning again replaces rather than duplicates. */
  id: string;
  kind: TimerKind;
  upgradeId: string;
  dueAt: string;
  /** Extra facts the handler needs, e.g. which reminder this is. */
  label: string;
}

const hour = 3_600_000;
const day = 24 * hour;

/** The morning (08:00 local) of the window's first day, in the client's zone. */
function morningOf(startsAt: string, timeZone: string): number {
  const [y, m, d] = localDate(Date.parse(startsAt), timeZone).split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, 8, 0, 0, 0, timeZone).getTime();
}

/**
 * Every timer the upgrade should have now, given its state: readiness reminders at T-7 d and T-1 d
 * and the T-24 h flag (an unready major), freeze reminders at T-2 d and on the morning of the
 * window, the window's end while it runs, and a decision's half-time and deadline. Timers in the
 * past are left out unless they are the window's end or a deadline (those fire late rather than never).
 */
export function plannedTimers(upgrade: Upgrade, client: Pick<Client, 'timeZone' | 'decisionPolicy'>, release: Pick<Release, 'kind' | 'prerequisites' | 'contentFreezeAdvised'>, now: Date): PlannedTimer[] {
  const timers: PlannedTimer[] = [];
  const add = (kind: TimerKind, at: number, label: string, keepIfPast = false) => {
    if (at <= now.getTime() && !keepIfPast) return;
    timers.push({ id: `${upgrade.id}:${kind}:${label}`, kind, upgradeId: upgrade.id, dueAt: new Date(at).toISOString(), label });
  };
  const w = upgrade.window;
  if (w && (upgrade.state === 'booked' || upgrade.state === 'ready')) {
    const start = Date.parse(w.startsAt);
    if (!isReadyToStart(upgrade, release)) {
      add('readiness_reminder', start - 7 * day, 'T-7d');
      add('readiness_reminder', start - day, 'T-1d');
      add('readiness_flag', start - day, 'T-24h');
    }
    if (contentFreezeApplies(release)) {
      add('freeze_reminder', start - 2 * day, 'T-2d');
      const morning = morningOf(w.startsAt, client.timeZone);
      add('freeze_reminder', morning < start ? morning : start - hour, 'morning');
    }
  }
  // After a Go the work goes on past the window: the window's end is not an overrun again.
  if (w && upgrade.state === 'in_progress' && upgrade.decision?.outcome !== 'go') add('window_end', Date.parse(w.endsAt), 'end', true);
  if (upgrade.state === 'awaiting_decision' && upgrade.decision && !upgrade.decision.outcome) {
    const opened = Date.parse(upgrade.decision.openedAt);
    const deadline = Date.parse(upgrade.decision.deadline);
    add('decision_half_time', opened + (deadline - opened) / 2, upgrade.decision.id);
    add('decision_deadline', deadline, upgrade.decision.id, true);
  }
  return timers;
}
