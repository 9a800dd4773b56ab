import type { AuditEntry } from '../src/domain/audit';
import type { Upgrade } from '../src/domain/upgrade';
import { defaultVendorWindowRules, nextAvailableWindows } from '../src/domain/window';
import type { Stores } from '../src/usecases/context';
import { demoClients, demoPastReleases, demoReleases, demoStaff } from './demo-data';
import { demoNorthwind50Audit, demoPastUpgrades } from './demo-history';

const seedActor = { id: 'seed', name: 'Demo data', role: 'system' as const };

export interface SeedOptions {
  /**
   * Contoso's upgrade is proposed with one window that opens a few hours after seeding (npm start):
   * the walk-through books it live, so its booking notices reach the Playgrounds open by then, and
   * starts it the same day. Otherwise (tests) it is booked into the first standard window after the
   * lead time.
   */
  contosoWindowOpensSoon?: boolean;
  /**
   * Adds releases 4.2 and 4.3 and every client's finished upgrades to them (overruns, No-Go then a
   * rerun), so the schedule tab's Releases charts have history to draw (npm start). Off for tests,
   * whose demo world they count.
   */
  history?: boolean;
}

/** Fills an empty store with the demo world; leaves a store that has clients alone. Returns whether it seeded. */
export async function seedDemoData(stores: Stores, now: Date, options: SeedOptions = {}): Promise<boolean> {
  if ((await stores.clients.list()).length > 0) return false;
  await Promise.all([
    ...demoStaff.map((s) => stores.staff.upsert(s)),
    ...demoClients.map((c) => stores.clients.upsert(c)),
    ...demoReleases.map((r) => stores.releases.create(r)),
    ...(options.history ? demoPastReleases.map((r) => stores.releases.create(r)) : []),
  ]);
  const at = now.toISOString();
  const note = (action: string, detail: string): AuditEntry[] => [{ at, actor: seedActor, source: 'seed', action, detail }];
  const base = { prerequisitesDone: [], proposedWindows: [], createdAt: at, updatedAt: at };
  const [contoso, fabrikam] = demoClients;
  const offer = (clientIndex: number, count: number) => {
    const client = demoClients[clientIndex]!;
    return nextAvailableWindows({
      now, timeZone: client.timeZone, policy: client.windowPolicy, kind: 'major', booked: [], blackoutDates: client.blackoutDates, count,
      rules: defaultVendorWindowRules,
    });
  };

  const northwindWindow = { startsAt: '2026-11-06T22:00:00.000Z', endsAt: '2026-11-07T06:00:00.000Z' };
  const booked = offer(0, 1)[0]!;
  const contosoUpgrade: [Omit<Upgrade, 'id'>, AuditEntry[]] = options.contosoWindowOpensSoon
    ? [
        { ...base, clientId: contoso!.id, fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'proposed',
          proposedWindows: [windowOpeningSoon(now)], prerequisitesDone: ['Back up custom templates'] },
        note('proposed', 'Demo: one window proposed, opening a few hours from now (agreed with the client as an exception)'),
      ]
    : [
        { ...base, clientId: contoso!.id, fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'booked',
          window: { startsAt: booked.startsAt, endsAt: booked.endsAt }, prerequisitesDone: ['Back up custom templates'] },
        note('booked', 'Demo: booked, waiting for prerequisites and CAB approval'),
      ];
  const drafts: [Omit<Upgrade, 'id'>, AuditEntry[]][] = [
    contosoUpgrade,
    [
      { ...base, clientId: fabrikam!.id, fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'proposed',
        proposedWindows: offer(1, 3).map(({ startsAt, endsAt }) => ({ startsAt, endsAt })) },
      note('proposed', 'Demo: three windows proposed'),
    ],
    [
      { ...base, clientId: 'northwind', fromVersion: '4.3', toVersion: '5.0', mode: 'managed', state: 'completed',
        window: northwindWindow, lastCommunication: 'upgrade_complete',
        prerequisitesDone: [...demoReleases[0]!.prerequisites] },
      options.history
        ? demoNorthwind50Audit(northwindWindow)
        : note('upgrade_complete', 'Demo: upgraded to 5.0'),
    ],
    [
      { ...base, clientId: 'northwind', fromVersion: '5.0', toVersion: '5.1', mode: 'self_service', state: 'requested' },
      note('requested', 'Demo: the client asked for 5.1, self-service'),
    ],
  ];
  for (const [draft, audit] of drafts) {
    const created = await stores.upgrades.create(draft, audit);
    await stores.schedule.project(created.value);
    if (draft.state === 'booked' && draft.window)
      await stores.capacity.hold(created.value.id, draft.window);
  }
  // After the demo's own upgrades, so they keep their change ids (CHG-2026-0001 ...).
  if (options.history)
    for (const past of demoPastUpgrades()) {
      const created = await stores.upgrades.create(past.draft, past.audit);
      await stores.schedule.project(created.value);
    }
  return true;
}

/** A six-hour window from the second full hour after `now`. */
function windowOpeningSoon(now: Date): { startsAt: string; endsAt: string } {
  const hour = 3_600_000;
  const startsAt = Math.ceil(now.getTime() / hour) * hour + 2 * hour;
  return { startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 6 * hour).toISOString() };
}
