import { communicationTitles, type Communication, type UpgradeState, type Vote } from '../domain/upgrade';
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
  const running = view.state === 'in_progress' || view.state === 'awaiting_decision';
  const canNoGo = view.viewer === 'owner' && view.kind === 'communication' && running && view.communication !== undefined;
  const built = card(
    [text(heading, { size: 'Medium', weight: 'Bolder', color }), facts(rows)],
    canNoGo && view.communication
      ? [noGoAction({ verb: 'upgrade.nogo', upgradeId: view.upgradeId, inAnswerTo: view.communication })]
      : undefined,
  );
  return view.refreshUserIds
    ? withRefresh(
        built,
        { verb: 'card.refresh', card: 'communication', upgradeId: view.upgradeId, ...(view.communication ? { communication: view.communication } : {}) },
        view.refreshUserIds,
      )
    : built;
}
