import type { ReleaseFormValues } from '../../cards/release-form-fields';
import { releaseFormFields } from '../../cards/release-form-fields';

const lines = (text: string | undefined) => (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** The form's inputs as Teams sends them (strings; lists one item per line). */
export function formValues(data: Record<string, unknown>): ReleaseFormValues {
  const values: ReleaseFormValues = {};
  for (const f of releaseFormFields) if (typeof data[f] === 'string' && (data[f] as string).trim()) values[f] = (data[f] as string).trim();
  return values;
}

/**
 * The form, as the same body POST /api/releases takes, so one parser checks both. Lines that do
 * not split as the form says are passed on as they are, for the parser to name.
 */
export function releaseBodyFromForm(v: ReleaseFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {
    version: v.version,
    kind: v.kind,
    availableOn: v.availableOn,
    highlights: lines(v.highlights),
    roadmap: lines(v.roadmap),
    prerequisites: lines(v.prerequisites),
    runbook: lines(v.runbook).map((line) => {
      const [title, runBy, minutes] = line.split('|').map((p) => p.trim());
      return {
        title: title ?? '',
        runBy: runBy || 'IT admin',
        requiresGlobalAdmin: /global admin/i.test(runBy ?? ''),
        estimateInMinutes: minutes && /^\d+$/.test(minutes) ? Number(minutes) : minutes ? minutes : 30,
      };
    }),
    townhall: Object.fromEntries(
      Object.entries({ date: v.townhallDate, recordingUrl: v.recordingUrl, deckUrl: v.deckUrl }).filter(([, x]) => x !== undefined),
    ),
  };
  if (v.releaseNotesUrl) body.releaseNotesUrl = v.releaseNotesUrl;
  const outages = lines(v.outages).map((line) => {
    const [features, span] = line.split('|').map((p) => p.trim());
    const [min, max] = (span ?? '').split('-').map((n) => Number(n.trim()));
    return { features: (features ?? '').split(',').map((f) => f.trim()).filter(Boolean), minMinutes: min, maxMinutes: max ?? min };
  });
  if (outages.length) body.outages = outages;
  if (v.contentFreezeAdvised === 'yes') body.contentFreezeAdvised = true;
  if (v.contentFreezeAdvised === 'no') body.contentFreezeAdvised = false;
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}
