import { issueAutomationKey } from '../../../bot/src/api/automation-keys';
import type { AutomationKeyScope } from '../../../bot/src/usecases/ports';
import type { AppHarness } from '../../support/app-harness';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any;
}

export interface PostOptions {
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string;
  /** Sent as the Authorization header as it is. */
  authorization?: string;
  /** Sent as the body as it is, instead of JSON of the body. */
  raw?: string;
  contentType?: string;
}

/** POST /api/releases on the harness's server; the answer's JSON body parsed. */
export async function postRelease(app: AppHarness, body: unknown, options: PostOptions = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  const authorization = options.authorization ?? (options.key ? `Bearer ${options.key}` : undefined);
  if (authorization !== undefined) headers.authorization = authorization;
  const res = await fetch(`${app.server.url}/api/releases`, { method: 'POST', headers, body: options.raw ?? JSON.stringify(body) });
  const text = await res.text();
  assertJson(res, text);
  return { status: res.status, headers: res.headers, body: JSON.parse(text) };
}

function assertJson(res: Response, text: string): void {
  if (!/application\/json/.test(res.headers.get('content-type') ?? '')) throw new Error(`expected JSON, got ${res.headers.get('content-type')}: ${text}`);
}

export async function aKey(app: AppHarness, scope: AutomationKeyScope, label?: string): Promise<string> {
  return (await issueAutomationKey(app.keys, label ? { scope, label, now: new Date() } : { scope, now: new Date() })).key;
}

/** A minor release body with every optional field the API takes. */
export function aMinorBody(version = '5.2'): Record<string, unknown> {
  return {
    version,
    kind: 'minor',
    availableOn: '2027-05-03',
    highlights: ['Records retention labels', 'Faster hub navigation'],
    roadmap: ['5.3: Workspace templates gallery'],
    releaseNotesUrl: 'https://support.example.com/hc/articles/atlas-5-2-release-notes',
    townhall: { date: '2027-04-20', recordingUrl: 'https://video.example.com/townhall-5-2', deckUrl: 'https://files.example.com/townhall-5-2.pptx' },
    runbook: [{ title: 'Run Upgrade-Atlas.ps1', runBy: 'SharePoint Administrator', estimateInMinutes: 60 }],
  };
}

/** A major release body with only what a major must have. */
export function aMajorBody(version = '6.0'): Record<string, unknown> {
  return {
    version,
    kind: 'major',
    availableOn: '2027-11-01',
    highlights: ['New workspace engine'],
    prerequisites: ['Grant the new Graph permission Sites.Selected'],
    runbook: [
      { title: 'Run Upgrade-Atlas.ps1 -Stage Permissions', runBy: 'Global Administrator', requiresGlobalAdmin: true, estimateInMinutes: 20 },
      { title: 'Run Upgrade-Atlas.ps1 -Stage Deploy', runBy: 'SharePoint Administrator', estimateInMinutes: 90 },
    ],
  };
}
