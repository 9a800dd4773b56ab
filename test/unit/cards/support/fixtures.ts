import { withReleaseDefaults, type Release } from '../../../../bot/src/domain/release';
import type { OfferedWindow } from '../../../../bot/src/domain/window';

/** New York: 18:00 UTC reads 13:00 GMT-5, so zone and UTC differ on every card. */
export const zone = 'America/New_York';

export const window1 = { startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' };
export const window2 = { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' };
export const offered: OfferedWindow[] = [
  { ...window1, placesLeft: 2 },
  { ...window2, placesLeft: 1 },
];
/** How window1 reads in the client's zone and in UTC. */
export const window1Zone = 'Fri 4 Dec 2026 13:00-19:00 GMT-5';
export const window1Utc = 'Fri 4 Dec 2026 18:00-24:00 UTC';

export const major: Release = withReleaseDefaults({
  version: '5.0',
  kind: 'major',
  availableOn: '2026-11-02',
  highlights: ['New workspace designer', 'Faster search'],
  roadmap: ['5.1: Copilot summaries'],
  releaseNotesUrl: 'https://support.example.com/notes-5-0',
  townhall: { date: '2026-10-20', recordingUrl: 'https://video.example.com/th-5-0', deckUrl: 'https://files.example.com/th-5-0.pptx' },
  prerequisites: ['Grant Sites.Selected', 'Upgrade the search connector', 'Back up templates'],
  runbook: [
    { title: 'Run Upgrade.ps1 -Stage Permissions', runBy: 'Global Administrator', requiresGlobalAdmin: true, estimateInMinutes: 20 },
    { title: 'Run Upgrade.ps1 -Stage Deploy', runBy: 'SharePoint Administrator', requiresGlobalAdmin: false, estimateInMinutes: 90 },
  ],
});

export const minor: Release = withReleaseDefaults({
  version: '5.1',
  kind: 'minor',
  availableOn: '2027-02-01',
  highlights: ['Dark theme'],
  roadmap: [],
  townhall: {},
  prerequisites: [],
  runbook: [],
});

/** n distinct user ids. */
export const userIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `aad-${i}`);
