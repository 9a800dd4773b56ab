import { defaultDecisionPolicy, defaultWindowPolicy, type Client } from '../src/domain/client';
import { withReleaseDefaults, type Release } from '../src/domain/release';
import type { Staff } from '../src/domain/staff';

/**
 * The demo world. The vendor's tenant is the Agents Playground's default tenant, so its default
 * user (Alex Wilber) is the CSA; the other roles are played with the configs in bot/dev/playground/.
 */
export const demoTenants = {
  vendor: '00000000-0000-0000-0000-0000000000001',
  contoso: '11111111-1111-1111-1111-111111111111',
  fabrikam: '22222222-2222-2222-2222-222222222222',
  northwind: '33333333-3333-3333-3333-333333333333',
};

export const demoStaff: Staff[] = [
  { aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber', email: 'alexw@example.com', roles: ['csa', 'implementation_lead'] },
  { aadObjectId: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen', email: 'meganb@example.com', roles: ['engineer'] },
  { aadObjectId: '00000000-0000-0000-0000-0000000000022', name: 'Adele Vance', email: 'adelev@example.com', roles: ['release_manager'] },
];

export const demoOwners = {
  contoso: [
    { aadObjectId: 'c0c0c0c0-0000-0000-0000-000000000001', name: 'Patti Fernandez' },
    { aadObjectId: 'c0c0c0c0-0000-0000-0000-000000000002', name: 'Lynne Robbins' },
  ],
  fabrikam: [{ aadObjectId: 'fabfab00-0000-0000-0000-000000000001', name: 'Isaiah Langer' }],
  northwind: [
    { aadObjectId: '2b2b2b2b-0000-0000-0000-000000000001', name: 'Diego Siciliani' },
    { aadObjectId: '2b2b2b2b-0000-0000-0000-000000000002', name: 'Grady Archie' },
    { aadObjectId: '2b2b2b2b-0000-0000-0000-000000000003', name: 'Johanna Lorenz' },
  ],
};

const alex = demoStaff[0]!.aadObjectId;

export const demoClients: Client[] = [
  {
    id: 'contoso',
    name: 'Contoso',
    tenantId: demoTenants.contoso,
    timeZone: 'Europe/London',
    phase: 'bau',
    csaId: alex,
    ownerIds: demoOwners.contoso.map((o) => o.aadObjectId),
    windowPolicy: { ...defaultWindowPolicy },
    decisionPolicy: { ...defaultDecisionPolicy },
    currentVersion: '4.3',
    blackoutDates: ['2026-12-25', '2026-12-26', '2027-01-01'],
  },
  {
    id: 'fabrikam',
    name: 'Fabrikam',
    tenantId: demoTenants.fabrikam,
    timeZone: 'America/New_York',
    phase: 'implementation',
    csaId: alex,
    implementationLeadId: alex,
    ownerIds: demoOwners.fabrikam.map((o) => o.aadObjectId),
    windowPolicy: { ...defaultWindowPolicy, startTime: '20:00' },
    decisionPolicy: { goRule: 'all', deadlineInMinutes: 30 },
    currentVersion: '4.3',
    blackoutDates: [],
  },
  {
    id: 'northwind',
    name: 'Northwind Traders',
    tenantId: demoTenants.northwind,
    timeZone: 'Australia/Sydney',
    phase: 'bau',
    csaId: alex,
    ownerIds: demoOwners.northwind.map((o) => o.aadObjectId),
    windowPolicy: { days: [6], startTime: '09:00', lengthInHours: 8, leadTimeInDays: 10 },
    decisionPolicy: { goRule: 'majority', deadlineInMinutes: 45 },
    currentVersion: '5.0',
    blackoutDates: [],
  },
];

export const demoReleases: Release[] = [
  withReleaseDefaults({
    version: '5.0',
    kind: 'major',
    availableOn: '2026-11-02',
    highlights: ['New workspace designer', 'Faster search across hubs', 'Teams meeting notes saved to workspaces'],
    roadmap: ['5.1: Copilot summaries of workspaces', '5.2: Records retention labels'],
    releaseNotesUrl: 'https://support.example.com/hc/articles/atlas-5-0-release-notes',
    townhall: {
      date: '2026-10-20',
      recordingUrl: 'https://video.example.com/townhall-5-0',
      deckUrl: 'https://files.example.com/townhall-5-0.pptx',
    },
    prerequisites: ['Grant the new Graph permission Sites.Selected', 'Upgrade the search connector to v3', 'Back up custom templates'],
    runbook: [
      { title: 'Run Upgrade-Atlas.ps1 -Stage Permissions', runBy: 'Global Administrator', requiresGlobalAdmin: true, estimateInMinutes: 20 },
      { title: 'Run Upgrade-Atlas.ps1 -Stage Deploy', runBy: 'SharePoint Administrator', requiresGlobalAdmin: false, estimateInMinutes: 90 },
      { title: 'Validate hubs and search', runBy: 'IT admin', requiresGlobalAdmin: false, estimateInMinutes: 30 },
    ],
  }),
  withReleaseDefaults({
    version: '5.1',
    kind: 'minor',
    availableOn: '2027-02-01',
    highlights: ['Copilot summaries of workspaces', 'Dark theme for Add It'],
    roadmap: ['5.2: Records retention labels'],
    releaseNotesUrl: 'https://support.example.com/hc/articles/atlas-5-1-release-notes',
    townhall: { date: '2027-01-19' },
    prerequisites: [],
    runbook: [{ title: 'Run Upgrade-Atlas.ps1', runBy: 'SharePoint Administrator', requiresGlobalAdmin: false, estimateInMinutes: 60 }],
  }),
];

/**
 * Releases the demo clients upgraded to before 5.0: seeded only with the demo's upgrade history
 * (npm start), so the schedule tab's Releases charts have runs to draw.
 */
export const demoPastReleases: Release[] = [
  withReleaseDefaults({
    version: '4.2',
    kind: 'minor',
    availableOn: '2026-03-02',
    highlights: ['Workspace templates', 'Bulk permissions report'],
    roadmap: ['4.3: Hub navigation editor'],
    townhall: { date: '2026-02-17' },
    prerequisites: [],
    runbook: [{ title: 'Run Upgrade-Atlas.ps1', runBy: 'SharePoint Administrator', requiresGlobalAdmin: false, estimateInMinutes: 45 }],
  }),
  withReleaseDefaults({
    version: '4.3',
    kind: 'minor',
    availableOn: '2026-07-06',
    highlights: ['Hub navigation editor', 'Search result previews'],
    roadmap: ['5.0: New workspace designer'],
    townhall: { date: '2026-06-23' },
    prerequisites: [],
    runbook: [{ title: 'Run Upgrade-Atlas.ps1', runBy: 'SharePoint Administrator', requiresGlobalAdmin: false, estimateInMinutes: 60 }],
  }),
];
