import type { PlannedTimer } from '../../domain/timers';
import type { TimerPlanner } from '../../usecases/ports';
import type { Scheduler } from '../scheduler';

/** Keeps an upgrade's due timers in the scheduler equal to what its state calls for. */
export class UpgradeTimerPlanner implements TimerPlanner {
  constructor(private readonly scheduler: Pick<Scheduler, 'schedule' | 'cancel' | 'list'>) {}

  async planUpgrade(upgradeId: string, timers: PlannedTimer[]): Promise<void> {
    const wanted = new Set(timers.map((t) => t.id));
    for (const t of timers)
      await this.scheduler.schedule({ id: t.id, kind: t.kind, dueAt: new Date(t.dueAt), payload: { upgradeId: t.upgradeId, label: t.label } });
    const armed = await this.scheduler.list({ state: 'scheduled' });
    for (const t of armed) if (t.id.startsWith(`${upgradeId}:`) && !wanted.has(t.id)) await this.scheduler.cancel(t.id);
  }
}
