import { UpgradeDeskError } from './errors';
import type { withReleaseDefaults } from './release';

/** What a release manager fills in; withReleaseDefaults completes it (outages, freeze advice). */
export type ReleaseDraft = Parameters<typeof withReleaseDefaults>[0];

/** One field a person has to fix, named by its path ("townhall.recordingUrl", "runbook[0].title"). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A release that breaks its rules; carries every field to fix, so a form or an API can name them all. */
export class ReleaseInvalidError extends UpgradeDeskError {
  readonly problems: FieldProblem[];

  constructor(problems: FieldProblem[]) {
    super('release_invalid', `The release was not saved: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`);
    this.problems = problems;
  }
}

/**
 * The rules a release's shape cannot express: what a major needs, outage spans that make sense.
 * Works on a partial draft too (a form half filled in, a body with some bad fields) and
 * checks only what is there; a missing list counts as empty.
 */
export function releaseProblems(draft: Partial<ReleaseDraft>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (draft.kind === 'major') {
    if (!draft.prerequisites?.length)
      problems.push({ field: 'prerequisites', message: 'must list at least one item for a major release: what each client must do before upgrading' });
    if (!draft.runbook?.length)
      problems.push({ field: 'runbook', message: 'must list at least one step for a major release: what to run, who runs it and how long it takes' });
  }
  draft.outages?.forEach((outage, i) => {
    if (outage.minMinutes > outage.maxMinutes)
      problems.push({ field: `outages[${i}].maxMinutes`, message: `must be at least minMinutes (${outage.minMinutes})` });
  });
  return problems;
}

/** Whether text is a real calendar date written yyyy-MM-dd ("2026-02-30" is not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
