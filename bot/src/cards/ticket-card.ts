import { nextCommunications } from '../domain/communications';
import { communicationTitles, type Upgrade } from '../domain/upgrade';
import { card, facts, text, title, type AdaptiveCard, type CardAction, type CardElement, type TextColor } from './adaptive-card';
import { factIf, instantInZoneAndUtc, subCard, when, windowFacts, withRefresh, type ViewerRole } from './card-parts';
import { noGoAction } from './no-go';
import { overrunAction } from './overrun-action';
import { stateLabel } from './upgrades-card';
import { execute, inputIds } from './verbs';
import type { TicketView } from '../usecases/views/ticket-view';

export type { TicketView } from '../usecases/views/ticket-view';

const modeLabel = { managed: 'Managed by the vendor', self_service: "Self-service (the client's IT admin runs the runbook)" } as const;

/** The root card of an upgrade's thread: where it stands and what each viewer can do next. */
export function buildTicketCard(view: TicketView): AdaptiveCard {
  const u = view.upgrade;
  const running = u.state === 'in_progress' || u.state === 'awaiting_decision';
  const rows: [string, string][] = [
    ['Client', view.clientName],
    ['Versions', `${u.fromVersion} → ${u.toVersion}`],
    ['Mode', modeLabel[u.mode]],
    ...(u.window ? windowFacts(u.window, view.timeZone) : factIf('Window', 'Not agreed yet')),
    ['State', stateLabel(u.state)],
    ...factIf('New ETA', running ? u.eta : undefined, (eta) => instantInZoneAndUtc(eta, view.timeZone)),
    ...factIf('Last event', view.lastEvent && `${view.lastEvent.text}, ${instantInZoneAndUtc(view.lastEvent.at, view.timeZone)}`),
    ['Next step', view.nextStep],
    ...factIf('Standby engineer', view.standbyEngineer),
  ];
  const next = view.viewer === 'engineer' ? nextCommunications(u) : [];
  const body: CardElement[] = [
    ...(view.banner
      ? [text(view.banner.heading, { size: 'Medium', weight: 'Bolder', color: view.banner.color }), text(view.banner.text, { spacing: 'None' })]
      : []),
    title(`${u.id}: ${view.clientName} ${u.fromVersion} → ${u.toVersion}`),
    facts(rows),
    ...when(next.length, {
      type: 'Input.Text' as const,
      id: inputIds.note,
      label: 'Note for the thread (optional)',
      isMultiline: true,
      maxLength: 1000,
    }),
  ];
  const built = card(body, [...actionsFor(view, next), ...(view.scheduleUrl ? [openInSchedule(view.scheduleUrl)] : [])]);
  return view.refreshUserIds
    ? withRefresh(built, { verb: 'card.refresh', card: 'ticket', upgradeId: u.id }, view.refreshUserIds)
    : built;
}

/**
 * The ticket as shared in a conversation (a message extension's result, an unfurled link): what
 * anyone there may read, with no button that acts for whoever clicks it, no banner addressed to
 * one role and no refresh to a personal view; "Open in schedule" stays.
 */
export function buildReadOnlyTicketCard(view: TicketView): AdaptiveCard {
  const { refreshUserIds: _personal, banner: _forOneRole, ...shared } = view;
  // Text, facts and an Open URL only: an Adaptive Card 1.3, the newest Teams renders in a link's unfurling.
  return { ...buildTicketCard({ ...shared, viewer: 'readonly' }), version: '1.3' };
}

function actionsFor(view: TicketView, next: ReturnType<typeof nextCommunications>): CardAction[] {
  const u = view.upgrade;
  switch (view.viewer) {
    case 'engineer':
      return [
        ...next.map((c) =>
          execute(communicationTitles[c], { verb: 'upgrade.event', upgradeId: u.id, communication: c, v: view.v }, {
            style: c.endsWith('_failure') ? 'destructive' : 'positive',
          }),
        ),
        ...when(u.state === 'in_progress', overrunAction(u.id, view.v, view.timeZone)),
      ];
    case 'owner':
      return u.state === 'in_progress'
        ? [noGoAction({ verb: 'upgrade.nogo', upgradeId: u.id, inAnswerTo: u.lastCommunication ?? 'upgrade_start' })]
        : [];
    case 'csa':
      if (u.state === 'requested') return [execute('Propose windows', { verb: 'proposal.more', upgradeId: u.id }, { style: 'positive' })];
      return u.state === 'booked' || u.state === 'ready' ? [rescheduleAction(view)] : [];
    default:
      return [];
  }
}

/** The schedule tab at this upgrade (its detail and timeline): a Teams deep link, or the tab's own URL locally. */
function openInSchedule(url: string): CardAction {
  return { type: 'Action.OpenUrl', title: 'Open in schedule', url };
}

function rescheduleAction(view: TicketView): CardAction {
  return {
    type: 'Action.ShowCard',
    title: 'Reschedule',
    card: subCard(
      [
        text('Pick new windows next. The booked window is kept until you send them; sending them releases it, lifts any content freeze and offers the new windows to the owners.'),
        { type: 'Input.Text', id: inputIds.reason, label: 'Reason (optional)', isMultiline: true, maxLength: 500 },
      ],
      [execute('Pick new windows', { verb: 'upgrade.reschedule', upgradeId: view.upgrade.id, v: view.v })],
    ),
  };
}

/**
 * What the vendor's engineers and the CSA read on top of the ticket when a Go/No-Go decision is
 * settled: the outcome and what to do now. None while the decision is open.
 */
export function decisionOutcomeBanner(
  upgrade: Pick<Upgrade, 'id' | 'mode' | 'decision'>, clientName: string, viewer: 'engineer' | 'csa',
): TicketView['banner'] {
  const outcome = upgrade.decision?.outcome;
  if (!outcome) return undefined;
  const selfService = upgrade.mode === 'self_service';
  const owners = `${clientName}'s owners`;
  if (outcome === 'go') {
    const says =
      viewer === 'csa'
        ? `${owners} said Go: the upgrade carries on. Nothing is needed from you; completion is announced when validation passes.`
        : selfService
          ? `${owners} said Go: the client's IT admin carries on with the runbook. Stay on standby; completion is announced when validation passes.`
          : `${owners} said Go: carry on with the upgrade and post the next step below. Completion is announced when validation passes, even outside the window.`;
    return { heading: 'Go/No-Go decided: Go', text: says, color: 'Good' };
  }
  const says =
    viewer === 'csa'
      ? `${owners} said No-Go: the environment is rolled back. Once Rollback complete is posted the upgrade goes back to proposing windows: type "show ${upgrade.id}" then to propose new ones.`
      : selfService
        ? `${owners} said No-Go: the client's IT admin rolls the environment back (Rollback start, then Rollback complete). Stay on standby to help.`
        : `${owners} said No-Go: roll the environment back now. Post Rollback start below, then Rollback complete when the environment is back as it was.`;
  return { heading: 'Go/No-Go decided: No-Go', text: says, color: 'Attention' };
}
