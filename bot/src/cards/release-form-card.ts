import { card, text, title, type AdaptiveCard, type CardElement, type InputText } from './adaptive-card';
import { heading, subtle } from './card-parts';
import { freezeAdviceChoices, lineFormats, type ReleaseFormErrors, type ReleaseFormField, type ReleaseFormValues } from './release-form-fields';
import { execute } from './verbs';

export interface ReleaseFormView {
  /** What was sent before, when the form comes back with errors. */
  values?: ReleaseFormValues;
  /** A message per field to fix; shown next to the field. */
  errors?: ReleaseFormErrors;
}

/** Only a real yyyy-MM-dd date goes back into a date picker. */
function isDate(value: string | undefined): value is string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return m !== null && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().startsWith(value ?? '');
}

/** The form a release manager fills to publish a release; with errors, each next to its field. */
export function buildReleaseFormCard(view: ReleaseFormView): AdaptiveCard {
  const values = view.values ?? {};
  const errors = view.errors ?? {};
  const value = (f: ReleaseFormField) => (values[f] !== undefined && values[f] !== '' ? { value: values[f] } : {});
  const error = (f: ReleaseFormField): CardElement[] =>
    // Marked in words, not with a warning sign that draws as an empty box where no emoji font exists.
    errors[f] ? [text(`Fix: ${errors[f]}`, { color: 'Attention', size: 'Small', spacing: 'None' })] : [];
  const textField = (id: ReleaseFormField, label: string, extra: Partial<InputText> = {}): CardElement[] => [
    { type: 'Input.Text', id, label, maxLength: 2000, ...value(id), ...extra },
    ...error(id),
  ];
  const dateField = (id: ReleaseFormField, label: string, required: boolean): CardElement[] => [
    {
      type: 'Input.Date',
      id,
      label,
      ...(isDate(values[id]) ? { value: values[id] } : {}),
      ...(required ? { isRequired: true, errorMessage: 'Pick the date.' } : {}),
    },
    ...error(id),
  ];
  const lines = (id: ReleaseFormField, label: string, placeholder: string) =>
    textField(id, label, { isMultiline: true, placeholder, maxLength: 10000 });
  const count = Object.values(errors).filter(Boolean).length;

  const body: CardElement[] = [
    title('Publish a release'),
    ...(count
      ? [
          {
            type: 'Container' as const,
            style: 'attention' as const,
            items: [text(`The release was not saved. Fix the ${count === 1 ? 'field' : `${count} fields`} marked below.`, { weight: 'Bolder' as const })],
          },
        ]
      : []),
    ...textField('version', 'Version', { placeholder: 'e.g. 5.0', isRequired: true, errorMessage: 'Enter the version, e.g. 5.0.', maxLength: 20 }),
    {
      type: 'Input.ChoiceSet',
      id: 'kind',
      label: 'Kind',
      style: 'expanded',
      isRequired: true,
      errorMessage: 'Pick major or minor.',
      choices: [
        { title: 'Major (prerequisites, CAB approval, content freeze)', value: 'major' },
        { title: 'Minor', value: 'minor' },
      ],
      ...value('kind'),
    },
    ...error('kind'),
    ...dateField('availableOn', 'Available on', true),
    ...lines('highlights', 'Highlights, one per line', 'New workspace designer'),
    ...lines('roadmap', 'Roadmap, one per line', '5.1: Copilot summaries of workspaces'),
    ...textField('releaseNotesUrl', 'Release-notes link', { placeholder: 'https://...' }),
    heading('Townhall'),
    ...dateField('townhallDate', 'Townhall date', false),
    ...textField('recordingUrl', 'Recording link', { placeholder: 'https://...' }),
    ...textField('deckUrl', 'Slide-deck link', { placeholder: 'https://...' }),
    heading('For a major release'),
    ...lines('prerequisites', 'Prerequisites, one per line', 'Grant the new Graph permission Sites.Selected'),
    ...lines('runbook', `Runbook steps, one per line: ${lineFormats.runbook}`, 'Run Upgrade.ps1 | Global Administrator | 20'),
    heading('What end users will notice'),
    ...lines('outages', `Expected outages, one per line: ${lineFormats.outages}. Empty: ConneX, Add It | 10-20`, 'ConneX, Add It | 10-20'),
    {
      type: 'Input.ChoiceSet',
      id: 'contentFreezeAdvised',
      label: 'Content freeze advice',
      style: 'compact',
      choices: freezeAdviceChoices.map((c) => ({ ...c })),
      value: values.contentFreezeAdvised || 'default',
    },
    ...error('contentFreezeAdvised'),
    subtle('Publishing sends the townhall announcement to every client\'s notice channel.'),
  ];
  return card(body, [execute('Publish release', { verb: 'release.publish' }, { style: 'positive' })]);
}
