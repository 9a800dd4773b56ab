import type { Actor, AuditEntry, Source } from '../src/domain/audit';
import { communicationTitles, type Communication, type Upgrade } from '../src/domain/upgrade';
import type { UpgradeWindow } from '../src/domain/window';
import { demoOwners, demoStaff } from './demo-data';

/**
 * The demo clients' finished upgrades to 4.2 and 4.3, with the audit lines a real run leaves
 * (booking, the formal communications, overruns, Go/No-Go decisions, rollbacks and reruns): what
 * the schedule tab's insights read for durations, overrun and No-Go rates, and its timelines show.
 * Seeded only for npm start (tests count the demo upgrades).
 */

const [alex, megan] = demoStaff.map((s): Actor => ({ id: s.aadObjectId, name: s.name, role: s.roles[0]! }));
const owner = (client: keyof typeof demoOwners, i = 0): Actor => ({ id: demoOwners[client][i]!.aadObjectId, name: demoOwners[client][i]!.name, role: 'owner' });

const minute = 60_000;
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * minute).toISOString();

/** Builds an upgrade's audit line by line, in time order. */
class Timeline {
  readonly audit: AuditEntry[] = [];
  line(at: string, actor: Actor, action: string, detail: string, source: Source = 'chat'): this {
    this.audit.push({ at, actor, source, action, detail });
    return this;
  }
  /** Proposed by the CSA, accepted by an owner a day later; a minor is ready at once (a major once its prerequisites and CAB are in). */
  booked(window: UpgradeWindow, proposedAt: string, owners: Actor, ready = true): this {
    this.line(proposedAt, alex!, 'proposed', `Proposed 1 window: ${window.startsAt}`)
      .line(plus(proposedAt, 26 * 60), owners, 'booked', `Booked ${window.startsAt} to ${window.endsAt}`);
    return ready ? this.line(plus(proposedAt, 26 * 60 + 1), owners, 'ready', 'Ready to start') : this;
  }
  post(at: string, c: Communication, note?: string, actor: Actor = megan!): this {
    return this.line(at, actor, c, note ? `${communicationTitles[c]}: ${note}` : communicationTitles[c]);
  }
  /** A run that goes through: start, instance, validation, complete; `minutes` from start to complete. */
  run(startsAt: string, minutes: number, notes: { instance?: string } = {}): this {
    return this.post(startsAt, 'upgrade_start')
      .post(plus(startsAt, 5), 'instance_start', notes.instance)
      .post(plus(startsAt, Math.round(minutes * 0.6)), 'instance_complete')
      .post(plus(startsAt, Math.round(minutes * 0.6) + 5), 'validation_start')
      .post(plus(startsAt, minutes - 5), 'validation_complete')
      .post(plus(startsAt, minutes), 'upgrade_complete');
  }
}

interface PastUpgrade {
  draft: Omit<Upgrade, 'id'>;
  audit: AuditEntry[];
}

function finished(clientId: string, fromVersion: string, toVersion: string, window: UpgradeWindow, timeline: Timeline): PastUpgrade {
  const audit = timeline.audit;
  return {
    draft: {
      clientId, fromVersion, toVersion, mode: 'managed', state: 'completed', proposedWindows: [], window, prerequisitesDone: [],
      lastCommunication: 'upgrade_complete', createdAt: audit[0]!.at, updatedAt: audit.at(-1)!.at,
    },
    audit,
  };
}

const w = (startsAt: string, hours: number): UpgradeWindow => ({ startsAt, endsAt: plus(startsAt, hours * 60) });

/** Finished upgrades of 4.2 and 4.3 for Contoso, Fabrikam and Northwind (each client's standard window). */
export function demoPastUpgrades(): PastUpgrade[] {
  // 4.2 (March 2026)
  const contoso42 = w('2026-03-17T18:00:00.000Z', 6); // Tue 18:00 London
  const fabrikam42 = w('2026-03-21T00:00:00.000Z', 6); // Fri 20:00 New York
  const northwind42First = w('2026-03-27T22:00:00.000Z', 8); // Sat 09:00 Sydney
  const northwind42 = w('2026-04-03T22:00:00.000Z', 8);
  // 4.3 (July 2026)
  const contoso43First = w('2026-07-14T17:00:00.000Z', 6); // Tue 18:00 London (BST)
  const contoso43 = w('2026-07-24T17:00:00.000Z', 6); // Fri 18:00 London
  const fabrikam43 = w('2026-07-18T00:00:00.000Z', 6); // Fri 20:00 New York
  const northwind43 = w('2026-07-24T23:00:00.000Z', 8); // Sat 09:00 Sydney (AEST)

  return [
    finished('contoso', '4.1', '4.2', contoso42,
      new Timeline().booked(contoso42, '2026-03-03T10:00:00.000Z', owner('contoso')).run(plus(contoso42.startsAt, 5), 190)),
    // Ran past its window: the engineer said so, the owners let it go on.
    finished('fabrikam', '4.1', '4.2', fabrikam42,
      new Timeline().booked(fabrikam42, '2026-03-04T15:00:00.000Z', owner('fabrikam'))
        .post(plus(fabrikam42.startsAt, 10), 'upgrade_start')
        .post(plus(fabrikam42.startsAt, 15), 'instance_start')
        .line(plus(fabrikam42.startsAt, 270), megan!, 'overrun', `Search index rebuild is slow (new ETA ${plus(fabrikam42.startsAt, 400)})`)
        .line(plus(fabrikam42.startsAt, 290), owner('fabrikam'), 'decision', 'Go: the upgrade continues (1 Go, 0 No-Go of 1 owner: Isaiah Langer Go)')
        .post(plus(fabrikam42.startsAt, 320), 'instance_complete')
        .post(plus(fabrikam42.startsAt, 325), 'validation_start')
        .post(plus(fabrikam42.startsAt, 385), 'validation_complete')
        .post(plus(fabrikam42.startsAt, 400), 'upgrade_complete')),
    // The first run failed and overran: No-Go, rolled back, run again a week later.
    finished('northwind', '4.1', '4.2', northwind42,
      new Timeline().booked(northwind42First, '2026-03-09T23:00:00.000Z', owner('northwind'))
        .post(northwind42First.startsAt, 'upgrade_start')
        .post(plus(northwind42First.startsAt, 5), 'instance_start')
        .post(plus(northwind42First.startsAt, 200), 'instance_failure', 'Hub provisioning timed out on node 2')
        .post(plus(northwind42First.startsAt, 210), 'instance_retry_start')
        .line(plus(northwind42First.startsAt, 400), megan!, 'overrun', 'The retry is still provisioning hubs (no new ETA yet)')
        .line(plus(northwind42First.startsAt, 440), owner('northwind'), 'decision', 'No-Go: the environment will be rolled back (1 Go, 2 No-Go of 3 owners: Diego Siciliani No-Go, Grady Archie No-Go, Johanna Lorenz Go)')
        .post(plus(northwind42First.startsAt, 445), 'rollback_start')
        .post(plus(northwind42First.startsAt, 520), 'rollback_complete')
        .line(plus(northwind42First.startsAt, 600), alex!, 'proposed', `Proposed 1 window: ${northwind42.startsAt}`)
        .line(plus(northwind42First.startsAt, 1500), owner('northwind', 1), 'booked', `Booked ${northwind42.startsAt} to ${northwind42.endsAt}`)
        .line(plus(northwind42First.startsAt, 1501), owner('northwind', 1), 'ready', 'Ready to start')
        .run(northwind42.startsAt, 250)),
    // A failed instance on the first evening: No-Go, rolled back, rebooked ten days later.
    finished('contoso', '4.2', '4.3', contoso43,
      new Timeline().booked(contoso43First, '2026-07-07T09:00:00.000Z', owner('contoso'))
        .post(plus(contoso43First.startsAt, 2), 'upgrade_start')
        .post(plus(contoso43First.startsAt, 7), 'instance_start')
        .post(plus(contoso43First.startsAt, 150), 'instance_failure', 'Navigation migration failed for 3 hubs')
        .line(plus(contoso43First.startsAt, 160), megan!, 'overrun', `Investigating the navigation migration (new ETA ${plus(contoso43First.endsAt, 90)})`)
        .line(plus(contoso43First.startsAt, 185), owner('contoso'), 'decision', 'No-Go by Patti Fernandez in answer to Instance upgrade failure: the intranet must be up on Wednesday morning')
        .post(plus(contoso43First.startsAt, 190), 'rollback_start')
        .post(plus(contoso43First.startsAt, 268), 'rollback_complete')
        .line(plus(contoso43First.startsAt, 1000), alex!, 'proposed', `Proposed 1 window: ${contoso43.startsAt}`)
        .line(plus(contoso43First.startsAt, 1300), owner('contoso', 1), 'booked', `Booked ${contoso43.startsAt} to ${contoso43.endsAt}`)
        .line(plus(contoso43First.startsAt, 1301), owner('contoso', 1), 'ready', 'Ready to start')
        .run(contoso43.startsAt, 185, { instance: 'Navigation migration fixed in 4.3.1' })),
    // Warned of an overrun, the owner said Go, and it still finished inside the window.
    finished('fabrikam', '4.2', '4.3', fabrikam43,
      new Timeline().booked(fabrikam43, '2026-07-08T14:00:00.000Z', owner('fabrikam'))
        .post(plus(fabrikam43.startsAt, 5), 'upgrade_start')
        .post(plus(fabrikam43.startsAt, 10), 'instance_start')
        .post(plus(fabrikam43.startsAt, 200), 'instance_complete')
        .post(plus(fabrikam43.startsAt, 205), 'validation_start')
        .line(plus(fabrikam43.startsAt, 300), megan!, 'overrun', `Validating 1,200 hub sites takes longer than planned (new ETA ${plus(fabrikam43.startsAt, 375)})`)
        .line(plus(fabrikam43.startsAt, 310), owner('fabrikam'), 'decision', 'Go: the upgrade continues (1 Go, 0 No-Go of 1 owner: Isaiah Langer Go)')
        .post(plus(fabrikam43.startsAt, 345), 'validation_complete')
        .post(plus(fabrikam43.startsAt, 350), 'upgrade_complete')),
    // Ran long: the engineer warned, the owners said Go, it finished after the window closed.
    finished('northwind', '4.2', '4.3', northwind43,
      new Timeline().booked(northwind43, '2026-07-10T01:00:00.000Z', owner('northwind'))
        .post(northwind43.startsAt, 'upgrade_start')
        .post(plus(northwind43.startsAt, 5), 'instance_start')
        .line(plus(northwind43.startsAt, 420), megan!, 'overrun', `Content re-indexing takes longer than planned (new ETA ${plus(northwind43.startsAt, 510)})`)
        .line(plus(northwind43.startsAt, 440), owner('northwind'), 'decision', 'Go: the upgrade continues (2 Go, 0 No-Go of 3 owners: Diego Siciliani Go, Johanna Lorenz Go)')
        .post(plus(northwind43.startsAt, 455), 'instance_complete')
        .post(plus(northwind43.startsAt, 460), 'validation_start')
        .post(plus(northwind43.startsAt, 500), 'validation_complete')
        .post(plus(northwind43.startsAt, 505), 'upgrade_complete')),
  ];
}

/** Northwind's 5.0 run (the demo's completed upgrade, window 6 Nov 2026): its audit as the run left it. */
export function demoNorthwind50Audit(window: UpgradeWindow): AuditEntry[] {
  return new Timeline().booked(window, '2026-10-19T23:00:00.000Z', owner('northwind'), false)
    .line('2026-10-21T02:00:00.000Z', owner('northwind'), 'prerequisite_done', 'Grant the new Graph permission Sites.Selected')
    .line('2026-10-22T02:00:00.000Z', owner('northwind'), 'prerequisite_done', 'Upgrade the search connector to v3')
    .line('2026-10-22T02:05:00.000Z', owner('northwind'), 'prerequisite_done', 'Back up custom templates')
    .line('2026-10-23T01:00:00.000Z', owner('northwind'), 'cab_approved', 'Approved by Diego Siciliani, reference CAB-NW-2291')
    .line('2026-10-23T01:00:00.000Z', owner('northwind'), 'ready', 'Prerequisites and CAB approval complete: ready to start')
    .run(plus(window.startsAt, 3), 340).audit;
}
