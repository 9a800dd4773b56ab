import type { AuditEntry } from '../../../bot/src/domain/audit';
import { defaultDecisionPolicy, defaultWindowPolicy, type Client } from '../../../bot/src/domain/client';
import { withReleaseDefaults, type Release } from '../../../bot/src/domain/release';
import type { Upgrade } from '../../../bot/src/domain/upgrade';
import { createTableStores, type TableStores } from '../../../bot/src/store/table-stores';
import { sharedAzurite, uniquePrefix } from '../../support/azurite';

/** Stores over fresh tables in the run's Azurite: each suite sees only its own rows. */
export async function freshStores(): Promise<TableStores> {
  return storesOver(uniquePrefix('st'));
}

/** Stores over the tables of a prefix: two of them over one prefix are two bot instances sharing storage. */
export async function storesOver(tablePrefix: string): Promise<TableStores> {
  const azurite = await sharedAzurite();
  return createTableStores({ connectionString: azurite.connectionString, tablePrefix });
}

export function aClient(overrides: Partial<Client> = {}): Client {
  return {
    id: 'contoso',
    name: 'Contoso Pharma',
    tenantId: '11111111-1111-1111-1111-111111111111',
    timeZone: 'Europe/London',
    phase: 'bau',
    csaId: 'csa-1',
    ownerIds: ['owner-1', 'owner-2'],
    windowPolicy: { ...defaultWindowPolicy, days: [...defaultWindowPolicy.days] },
    decisionPolicy: { ...defaultDecisionPolicy },
    currentVersion: '4.3',
    blackoutDates: ['2026-12-25'],
    ...overrides,
  };
}

export function aRelease(overrides: Partial<Release> = {}): Release {
  return withReleaseDefaults({
    version: '5.0',
    kind: 'major',
    availableOn: '2026-11-02',
    highlights: ['Faster search'],
    roadmap: ['Offline mode'],
    townhall: { date: '2026-10-28', recordingUrl: 'https://example.com/rec' },
    prerequisites: ['Grant the new Graph permission'],
    runbook: [{ title: 'Run the installer', runBy: 'Global Administrator', requiresGlobalAdmin: true, estimateInMinutes: 30 }],
    ...overrides,
  });
}

export function aDraft(overrides: Partial<Omit<Upgrade, 'id'>> = {}): Omit<Upgrade, 'id'> {
  return {
    clientId: 'contoso',
    fromVersion: '4.3',
    toVersion: '5.0',
    mode: 'managed',
    state: 'requested',
    proposedWindows: [],
    prerequisitesDone: [],
    createdAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

export function anEntry(action: string, at: string, detail = ''): AuditEntry {
  return { at, actor: { id: 'csa-1', name: 'Alex Wilber', role: 'csa' }, source: 'chat', action, detail };
}
