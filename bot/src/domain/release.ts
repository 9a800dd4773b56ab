/** A product release: what it brings, how it is installed, what it takes offline. */
export type ReleaseKind = 'major' | 'minor';

export interface RunbookStep {
  title: string;
  /** Who runs it, e.g. "Global Administrator" of the client's tenant. */
  runBy: string;
  requiresGlobalAdmin: boolean;
  estimateInMinutes: number;
}

export interface FeatureOutage {
  features: string[];
  minMinutes: number;
  maxMinutes: number;
}

export interface Townhall {
  date?: string;
  recordingUrl?: string;
  deckUrl?: string;
}

export interface Release {
  version: string;
  kind: ReleaseKind;
  availableOn: string;
  highlights: string[];
  roadmap: string[];
  releaseNotesUrl?: string;
  townhall: Townhall;
  prerequisites: string[];
  runbook: RunbookStep[];
  outages: FeatureOutage[];
  contentFreezeAdvised: boolean;
}

export const defaultOutages: FeatureOutage[] = [{ features: ['ConneX', 'Add It'], minMinutes: 10, maxMinutes: 20 }];

/** Fills the release's defaults: ConneX and Add It outages, a content freeze for majors. */
export function withReleaseDefaults(
  input: Omit<Release, 'outages' | 'contentFreezeAdvised'> & Partial<Pick<Release, 'outages' | 'contentFreezeAdvised'>>,
): Release {
  return {
    ...input,
    outages: input.outages ?? defaultOutages.map((o) => ({ ...o, features: [...o.features] })),
    contentFreezeAdvised: input.contentFreezeAdvised ?? input.kind === 'major',
  };
}

/** "ConneX and Add It may be offline for 10-20 minutes" */
export function describeOutage(outage: FeatureOutage): string {
  const names =
    outage.features.length <= 1
      ? (outage.features[0] ?? 'Some features')
      : `${outage.features.slice(0, -1).join(', ')} and ${outage.features.at(-1)}`;
  const span = outage.minMinutes === outage.maxMinutes ? `${outage.maxMinutes}` : `${outage.minMinutes}-${outage.maxMinutes}`;
  return `${names} may be offline for ${span} minute${span === '1' ? '' : 's'}`;
}

/** Compares "5.1" and "5.0.2" numerically, part by part. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export const versionPattern = /^\d+\.\d+(\.\d+)?$/;
