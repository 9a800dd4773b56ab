import type { RunbookStep } from '../domain/release';
import type { UpgradeWindow } from '../domain/window';
import { card, facts, text, title, type AdaptiveCard, type CardElement } from './adaptive-card';
import { actionSet, instantInZoneAndUtc, subtle, when, windowFacts, type ViewerRole } from './card-parts';
import { execute } from './verbs';
import type { RunbookView } from '../usecases/views/runbook-view';

export type { RunbookView } from '../usecases/views/runbook-view';

/** "2 h 20 min" */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? (m ? `${h} h ${m} min` : `${h} h`) : `${m} min`;
}

/** A self-service upgrade's runbook as a checklist the client's IT admin ticks off. */
export function buildRunbookCard(view: RunbookView): AdaptiveCard {
  const canTick = view.viewer === 'owner' || view.viewer === 'engineer';
  const done = view.steps.filter((s) => s.done).length;
  const total = view.steps.reduce((sum, s) => sum + s.estimateInMinutes, 0);
  const steps: CardElement[] = view.steps.map((s, i) => ({
    type: 'Container',
    separator: true,
    style: s.done ? 'good' : 'default',
    items: [
      // "Done" / "To do" in words: emoji check marks draw as empty boxes where no emoji font exists.
      text(`${s.done ? 'Done' : 'To do'}: **${i + 1}. ${s.title}**`),
      subtle(`Run by: ${s.runBy} · about ${formatMinutes(s.estimateInMinutes)}`),
      ...when(s.requiresGlobalAdmin, text('Needs a Global Administrator of your tenant', { color: 'Warning', spacing: 'None', size: 'Small' })),
      ...(s.done
        ? [subtle(`Done by ${s.done.by}, ${instantInZoneAndUtc(s.done.at, view.timeZone)}`)]
        : canTick
          ? [actionSet([execute(`Mark step ${i + 1} done`, { verb: 'runbook.tick', upgradeId: view.upgradeId, step: i }, { associatedInputs: 'none' })])]
          : []),
    ],
  }));
  const standby = view.standbyEngineer
    ? `${view.standbyEngineer.name}${view.standbyEngineer.contact ? ` (${view.standbyEngineer.contact})` : ''}`
    : 'To be named before the day';
  return card([
    title(`Runbook: ${view.clientName} to ${view.version} (${view.upgradeId})`),
    facts([...(view.window ? windowFacts(view.window, view.timeZone, 'Planned') : []), ['Vendor standby engineer', standby]]),
    text(`${done} of ${view.steps.length} steps done · about ${formatMinutes(total)} in all`, {
      weight: 'Bolder',
      color: done === view.steps.length ? 'Good' : 'Default',
    }),
    ...(steps.length ? steps : [subtle('This release has no runbook steps.')]),
    ...when(
      view.steps.some((s) => s.requiresGlobalAdmin),
      subtle('Steps that need a Global Administrator must be run by one, e.g. to grant permissions to the app registrations.'),
    ),
  ]);
}
