import { systemActor } from '../domain/audit';
import { formatInZone } from '../domain/time-format';
import type { NoticeIntent } from '../domain/notice';
import { schedulerPrincipal } from '../domain/permissions';
import type { TimerKind } from '../domain/timers';
import { contentFreezeApplies, isReadyToStart } from '../domain/lifecycle';
import { applyUpgradeEvent } from './apply-event';
import type { Deps } from './context';
import { loadUpgrade } from './load-upgrade';

export { schedulerPrincipal };

export interface DueTimer {
  kind: TimerKind | string;
  upgradeId: string;
  label: string;
}

/**
 * Runs a due timer of an upgrade. Each rule re-checks the upgrade as it is now, so a timer that
 * outlived its reason (the owners decided, the prerequisites were done) does nothing.
 */
export async function fireUpgradeTimer(deps: Deps, timer: DueTimer): Promise<void> {
  const { upgrade, client, release } = await loadUpgrade(deps, schedulerPrincipal, timer.upgradeId);
  const u = upgrade.value;
  const notify = (notice: NoticeIntent) =>
    deps.notifier?.upgradeChanged({ upgrade: u, etag: upgrade.etag, client, release, actor: systemActor, notices: [notice], audit: [] });
  switch (timer.kind) {
    case 'window_end':
      if (u.state === 'in_progress' && u.window && u.decision?.outcome !== 'go')
        await applyUpgradeEvent(deps, schedulerPrincipal, 'scheduler', u.id, {
          type: 'overrun',
          reason: `The window ended at ${formatInZone(u.window.endsAt, client.timeZone)} while the upgrade is still in progress; the engineers will give a new ETA.`,
        });
      return;
    case 'decision_half_time':
      if (u.state === 'awaiting_decision' && u.decision?.id === timer.label && !u.decision.outcome) await notify({ kind: 'decision_reminder' });
      return;
    case 'decision_deadline':
      if (u.state === 'awaiting_decision' && u.decision?.id === timer.label && !u.decision.outcome) await notify({ kind: 'decision_escalated' });
      return;
    case 'readiness_reminder':
      if (u.state === 'booked' && !isReadyToStart(u, release)) await notify({ kind: 'readiness_reminder', label: timer.label });
      return;
    case 'readiness_flag':
      if (u.state === 'booked' && !isReadyToStart(u, release)) await notify({ kind: 'readiness_flagged' });
      return;
    case 'freeze_reminder':
      if ((u.state === 'booked' || u.state === 'ready') && contentFreezeApplies(release)) await notify({ kind: 'freeze_reminder', label: timer.label });
      return;
  }
}
