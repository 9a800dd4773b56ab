/** The inputs of the release form, by id; release.publish sends them as its data. */
export const releaseFormFields = [
  'version',
  'kind',
  'availableOn',
  'highlights',
  'roadmap',
  'releaseNotesUrl',
  'townhallDate',
  'recordingUrl',
  'deckUrl',
  'prerequisites',
  'runbook',
  'outages',
  'contentFreezeAdvised',
] as const;

export type ReleaseFormField = (typeof releaseFormFields)[number];

/** What the form sent, as the strings Teams returns: lists one item per line. */
export type ReleaseFormValues = Partial<Record<ReleaseFormField, string>>;

export type ReleaseFormErrors = Partial<Record<ReleaseFormField, string>>;

/** contentFreezeAdvised: the release's default (yes for majors), or an explicit answer. */
export const freezeAdviceChoices = [
  { title: 'Default: yes for a major, no for a minor', value: 'default' },
  { title: 'Yes, advise a content freeze', value: 'yes' },
  { title: 'No content freeze', value: 'no' },
] as const;

/** One-per-line formats of the list fields, as the form states them. */
export const lineFormats = {
  runbook: 'what to run | who runs it | minutes, e.g. Run Upgrade.ps1 -Stage Permissions | Global Administrator | 20',
  outages: 'features | minutes, e.g. ConneX, Add It | 10-20',
} as const;

const byPath: Record<string, ReleaseFormField> = {
  'townhall.date': 'townhallDate',
  'townhall.recordingUrl': 'recordingUrl',
  'townhall.deckUrl': 'deckUrl',
  townhall: 'townhallDate',
};

const isField = (name: string): name is ReleaseFormField => (releaseFormFields as readonly string[]).includes(name);

/** The form field that holds a problem's path: "townhall.recordingUrl" -> recordingUrl, "runbook[0].title" -> runbook. */
export function releaseFormFieldOf(path: string): ReleaseFormField | undefined {
  const mapped = byPath[path];
  if (mapped) return mapped;
  const base = path.split(/[.[]/)[0] ?? '';
  return isField(base) ? base : undefined;
}

/** Field problems as form errors: one message per field, naming the line of a list ("line 2: ..."). */
export function releaseFormErrors(problems: readonly { field: string; message: string }[]): ReleaseFormErrors {
  const errors: ReleaseFormErrors = {};
  for (const p of problems) {
    const field = releaseFormFieldOf(p.field) ?? 'version';
    const line = /^\w+\[(\d+)\](?:\.(\w+))?/.exec(p.field);
    const where = line ? `line ${Number(line[1]) + 1}${line[2] ? `, ${line[2]}` : ''}: ` : '';
    const message = `${where}${p.message}`;
    errors[field] = errors[field] ? `${errors[field]}; ${message}` : message;
  }
  return errors;
}
