import type { AuditEntry } from '../domain/audit';
import { communicationTitles, type Communication, type Upgrade, type UpgradeState, type Vote } from '../domain/upgrade';
import { card, facts, text, type AdaptiveCard, type TextColor } from './adaptive-card';
import { factIf, instantInZoneAndUtc, withRefresh, type ViewerRole } from './card-parts';
import { noGoAction } from './no-go';

/** What a reply in the ticket thread reports. */
export type CommunicationKind = 'communication' | 'overrun' | 'decision' | 'rollback' | 'reschedule' | 'cancel';

export interface CommunicationView {
  kind: CommunicationKind;
  upgradeId: string;
  timeZone: string;
  /** When it happened. */
  at: string;
  /** The formal communication (kinds communication and rollback). */
  communication?: Communication;
  /** The outcome (kind decision). */
  outcome?: Vote;
  /** The new estimated completion (kind overrun). */
  newEta?: string;
  /** The engineer's note, the overrun or cancel reason, the No-Go comment. */
  note?: string;
  /** Who posted or decided it. */
  by?: string;
  nextStep?: string;
  /** The upgrade's state now: owners get a No-Go only while it runs. */
  state: UpgradeState;
  viewer: ViewerRole;
  /** When set, the card refreshes for these users (at most 60 are kept). */
  refreshUserIds?: string[];
  /** A short line under the heading: why the card changed (e.g. why No-Go is no longer offered). */
  notice?: string;
}

/**
 * A formal communication's reply in the ticket thread, from its audit entry: the same view when it is
 * posted and when it is rebuilt later (a refresh, or the answer to a click on it), with the state now.
 */
export function communicationViewOf(upgrade: Pick<Upgrade, 'id' | 'state'>, timeZone: string, entry: AuditEntry, viewer: ViewerRole): CommunicationView {
  const communication = entry.action as Communication;
  return {
    kind: communication.startsWith('rollback') ? 'rollback' : 'communication',
    communication,
    upgradeId: upgrade.id,
    timeZone,
    at: entry.at,
    by: entry.actor.name,
    note: entry.detail.split(': ').slice(1).join(': ') || undefined,
    state: upgrade.state,
    viewer,
  };
}

/** Whether owners may still answer No-Go to a formal communication: only while the upgrade runs. */
export function noGoOpen(state: UpgradeState): boolean {
  return state === 'in_progress' || state === 'awaiting_decision';
}

/** Why a formal communication no longer offers No-Go, for the line on its card. */
export function noGoClosedNote(state: UpgradeState): string {
  switch (state) {
    case 'completed':
      return 'No-Go no longer applies: the upgrade is completed.';
    case 'cancelled':
      return 'No-Go no longer applies: the upgrade was cancelled.';
    case 'rolling_back':
      return 'No-Go no longer applies: a No-Go was given and the environment is being rolled back.';
    default:
      return 'No-Go no longer applies: the upgrade is not running now.';
  }
}

const noteLabel: Record<CommunicationKind, string> = {
  communication: 'Note',
  rollback: 'Note',
  overrun: 'Reason',
  decision: 'Comment',
  reschedule: 'Reason',
  cancel: 'Reason',
};

function headline(view: CommunicationView): [string, TextColor] {
  switch (view.kind) {
    case 'communication': {
      const c = view.communication ?? 'upgrade_start';
      return [communicationTitles[c], c.endsWith('_failure') ? 'Attention' : c === 'upgrade_complete' ? 'Good' : 'Default'];
    }
    case 'rollback':
      return [communicationTitles[view.communication ?? 'rollback_start'], 'Attention'];
    case 'overrun':
      return ['The upgrade will overrun its window', 'Warning'];
    case 'decision':
      if (view.outcome === 'go') return ['Decision: Go. The upgrade continues', 'Good'];
      if (view.outcome === 'no_go') return ['Decision: No-Go. The environment will be rolled back', 'Attention'];
      return ['A Go/No-Go decision is open', 'Warning'];
    case 'reschedule':
      return ['Upgrade rescheduled', 'Warning'];
    case 'cancel':
      return ['Upgrade cancelled', 'Attention'];
  }
}

/** A reply in the ticket thread: one formal communication, overrun, decision, rollback, reschedule or cancel. */
export function buildCommunicationCard(view: CommunicationView): AdaptiveCard {
  const [heading, color] = headline(view);
  const rows: [string, string][] = [
    ['Ticket', view.upgradeId],
    ['When', instantInZoneAndUtc(view.at, view.timeZone)],
    ...factIf('By', view.by),
    ...factIf('New ETA', view.newEta, (eta) => instantInZoneAndUtc(eta, view.timeZone)),
    ...factIf(noteLabel[view.kind], view.note),
    ...factIf('Next step', view.nextStep),
  ];
  const canNoGo = view.viewer === 'owner' && view.kind === 'communication' && noGoOpen(view.state) && view.communication !== undefined;
  const built = card(
    [
      text(heading, { size: 'Medium', weight: 'Bolder', color }),
      ...(view.notice ? [text(view.notice, { isSubtle: true, size: 'Small', spacing: 'None' })] : []),
      facts(rows),
    ],
    // `at` names this very post, so a click answered later can rebuild it as it stands then.
    canNoGo && view.communication
      ? [noGoAction({ verb: 'upgrade.nogo', upgradeId: view.upgradeId, inAnswerTo: view.communication, at: view.at })]
      : undefined,
  );
  return view.refreshUserIds
    ? withRefresh(
        built,
        { verb: 'card.refresh', card: 'communication', upgradeId: view.upgradeId, ...(view.communication ? { communication: view.communication, at: view.at } : {}) },
        view.refreshUserIds,
      )
    : built;
}
