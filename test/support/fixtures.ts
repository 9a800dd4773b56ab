import { defaultDecisionPolicy, defaultWindowPolicy, type Client, type GoRule } from '../../bot/src/domain/client';
import type { Upgrade } from '../../bot/src/domain/upgrade';
import type { Stores } from '../../bot/src/usecases/context';
import type { TeamsUser } from './app-harness';

/** A client made for one test: its own tenant and as many owners as the test needs. */
export async function addClient(stores: Stores, id: string, options: { owners?: number; goRule?: GoRule; timeZone?: string } = {}): Promise<{ client: Client; owners: TeamsUser[] }> {
  const tenantId = `tenant-${id}`;
  const owners = Array.from({ length: options.owners ?? 2 }, (_, i) => ({ tenantId, aadObjectId: `${id}-owner-${i}`, name: `${id} owner ${i}` }));
  const client: Client = {
    id, name: id[0]!.toUpperCase() + id.slice(1), tenantId, timeZone: options.timeZone ?? 'Europe/London', phase: 'bau',
    csaId: '00000000-0000-0000-0000-0000000000020', ownerIds: owners.map((o) => o.aadObjectId),
    windowPolicy: { ...defaultWindowPolicy }, decisionPolicy: { ...defaultDecisionPolicy, goRule: options.goRule ?? 'any' },
    currentVersion: '5.0', blackoutDates: [],
  };
  await stores.clients.upsert(client);
  return { client, owners };
}

/** An upgrade put straight into a state (and onto the schedule index), as setup for a test about what happens next. */
export async function addUpgrade(stores: Stores, clientId: string, fields: Partial<Upgrade>): Promise<string> {
  const at = '2026-11-25T10:00:00.000Z';
  const created = await stores.upgrades.create(
    { clientId, fromVersion: '5.0', toVersion: '5.1', mode: 'managed', state: 'proposed', proposedWindows: [], prerequisitesDone: [], createdAt: at, updatedAt: at, ...fields },
    [{ at, actor: { id: 'test', name: 'Test setup', role: 'system' }, source: 'seed', action: 'setup', detail: `Set up as ${fields.state ?? 'proposed'}` }],
  );
  await stores.schedule.project(created.value);
  return created.value.id;
}
