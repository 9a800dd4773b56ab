import { TZDate } from '@date-fns/tz';
import type { Source } from '../domain/audit';
import { UpgradeDeskError } from '../domain/errors';
import type { Principal } from '../domain/permissions';
import { activeStates, holdsWindow } from '../domain/upgrade';
import { checkSelfServiceWindow, effectiveLengthInHours, localDate, standbyDayOf, standbyDaySpan } from '../domain/window';
import { applyUpgradeEvent, type AppliedEvent } from './apply-event';
import type { Deps } from './context';
import { loadUpgrade } from './load-upgrade';

/** The first local date a self-service upgrade may start on, given the lead time. */
export function earliestSelfServiceDate(now: Date, timeZone: string, leadTimeInDays: number): string {
  return localDate(now.getTime() + leadTimeInDays * 86_400_000 + 86_400_000, timeZone);
}

/**
 * The client picks when its IT admin runs the runbook: any day and time, subject to the lead
 * time, blackouts and the vendor's standby capacity on the day of its standby rota (in the
 * vendor's standby zone) the start falls on. An engineer is put on standby.
 */
export async function scheduleSelfService(deps: Deps, principal: Principal, source: Source, upgradeId: string, date: string, time: string, expectedEtag?: string): Promise<AppliedEvent> {
  const { upgrade, client, release } = await loadUpgrade(deps, principal, upgradeId);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!d || !t) throw new UpgradeDeskError('bad_input', 'Pick a date and a start time.');
  const startsAt = new Date(new TZDate(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), 0, 0, client.timeZone).getTime()).toISOString();
  // The vendor's standby rota day the start falls on (in its standby zone), read from the schedule: only that day.
  const rotaDay = standbyDaySpan(standbyDayOf(startsAt, deps.rules), deps.rules);
  const sameDay = (await deps.stores.schedule.list({ from: rotaDay.startsAt, to: rotaDay.endsAt, state: activeStates }))
    .filter((u) => u.id !== upgrade.value.id && u.mode === 'self_service' && holdsWindow(u));
  const checked = checkSelfServiceWindow({
    now: deps.clock.now(), timeZone: client.timeZone, startsAt,
    lengthInHours: effectiveLengthInHours(client.windowPolicy, release.kind, deps.rules),
    leadTimeInDays: client.windowPolicy.leadTimeInDays, blackoutDates: client.blackoutDates,
    standbyStarts: sameDay.map((u) => u.window!.startsAt), rules: deps.rules,
  });
  if (!checked.ok) throw checked.error;
  const engineers = (await deps.stores.staff.list()).filter((s) => s.roles.includes('engineer')).sort((a, b) => a.aadObjectId.localeCompare(b.aadObjectId));
  // One engineer per upgrade of that rota day, in turn.
  const onStandby = engineers.length ? engineers[sameDay.length % engineers.length] : undefined;
  return applyUpgradeEvent(deps, principal, source, upgradeId, {
    type: 'schedule_self_service', window: { startsAt: checked.value.startsAt, endsAt: checked.value.endsAt }, standbyEngineerId: onStandby?.aadObjectId,
  }, { expectedEtag });
}

/** The IT admin ticks a runbook step: recorded with who and when. */
export async function tickRunbookStep(deps: Deps, principal: Principal, source: Source, upgradeId: string, step: number): Promise<AppliedEvent> {
  const { release } = await loadUpgrade(deps, principal, upgradeId);
  if (!release.runbook[step]) throw new UpgradeDeskError('bad_input', `Release ${release.version}'s runbook has no step ${step + 1}.`);
  return applyUpgradeEvent(deps, principal, source, upgradeId, { type: 'tick_runbook', step });
}
