import type { CabApproval } from '../domain/upgrade';
import type { UpgradeWindow } from '../domain/window';
import { card, facts, text, title, type AdaptiveCard, type CardAction, type CardElement } from './adaptive-card';
import { heading, instantInZoneAndUtc, subCard, subtle, when, windowFacts, type ViewerRole } from './card-parts';
import { execute, inputIds, prerequisiteInputId } from './verbs';
import type { ReadinessView } from '../usecases/views/readiness-view';

export type { ReadinessView } from '../usecases/views/readiness-view';

/** "2 of 3 prerequisites done · CAB approval missing" */
export function readinessSummary(view: Pick<ReadinessView, 'prerequisites' | 'done' | 'cab'>): string {
  const done = view.prerequisites.filter((p) => view.done.includes(p)).length;
  return `${done} of ${view.prerequisites.length} prerequisites done · CAB approval ${view.cab ? 'recorded' : 'missing'}`;
}

/** A major's prerequisites and CAB approval: owners tick and record, everyone else sees progress. */
export function buildReadinessCard(view: ReadinessView): AdaptiveCard {
  const owner = view.viewer === 'owner';
  const open = view.prerequisites.map((p, i) => ({ p, i })).filter(({ p }) => !view.done.includes(p));
  const ready = open.length === 0 && view.cab !== undefined;
  // "Done" / "To do" in words (and green when done): emoji check marks draw as empty boxes where no emoji font exists.
  const items: CardElement[] = view.prerequisites.map((p, i) =>
    view.done.includes(p)
      ? text(`Done: ${p}`, { spacing: 'Small', color: 'Good' })
      : owner
        ? { type: 'Input.Toggle', id: prerequisiteInputId(i), title: p, valueOn: 'true', valueOff: 'false', value: 'false', wrap: true }
        : text(`To do: ${p}`, { spacing: 'Small' }),
  );
  const body: CardElement[] = [
    title(`Readiness: ${view.upgradeId}`),
    subtle(`${view.clientName} · release ${view.version}`),
    facts(windowFacts(view.window, view.timeZone)),
    text(readinessSummary(view), { weight: 'Bolder', color: ready ? 'Good' : 'Warning' }),
    ...when(ready, text('Everything is in place: the upgrade is ready to start.', { color: 'Good' })),
    heading('Prerequisites'),
    ...(items.length ? items : [subtle('This release has no prerequisites.')]),
    heading('CAB approval'),
    view.cab
      ? facts([
          ['Approver', view.cab.approver],
          ['Reference', view.cab.reference],
          ['Recorded', `${instantInZoneAndUtc(view.cab.recordedAt, view.timeZone)}${view.cab.recordedByName ? ` by ${view.cab.recordedByName}` : ''}`],
        ])
      : text('Not recorded yet. The upgrade cannot start without it.', { spacing: 'None', color: 'Warning' }),
    ...when(
      view.flaggedUnready && view.viewer === 'csa' && !ready,
      text('The window starts within 24 hours and this upgrade is not ready.', { color: 'Attention' }),
    ),
  ];
  return card(body, actionsFor(view, open.length > 0, ready));
}

function actionsFor(view: ReadinessView, anyOpen: boolean, ready: boolean): CardAction[] {
  if (view.viewer === 'csa' && view.flaggedUnready && !ready)
    return [execute('Reschedule', { verb: 'upgrade.reschedule', upgradeId: view.upgradeId, v: view.v }, { associatedInputs: 'none' })];
  if (view.viewer !== 'owner') return [];
  const actions: CardAction[] = [];
  if (anyOpen) actions.push(execute('Save prerequisites', { verb: 'prerequisites.save', upgradeId: view.upgradeId, v: view.v }, { style: 'positive' }));
  if (!view.cab) {
    actions.push({
      type: 'Action.ShowCard',
      title: 'Record CAB approval',
      card: subCard(
        [
          { type: 'Input.Text', id: inputIds.approver, label: 'Approver', isRequired: true, errorMessage: 'Who approved the change?', maxLength: 200 },
          {
            type: 'Input.Text',
            id: inputIds.reference,
            label: 'Change reference',
            placeholder: 'e.g. CAB-2026-117',
            isRequired: true,
            errorMessage: "Enter your change-control reference.",
            maxLength: 200,
          },
        ],
        [execute('Record approval', { verb: 'cab.record', upgradeId: view.upgradeId, v: view.v })],
      ),
    });
  }
  return actions;
}
