import { instantInZoneAndUtc } from '../domain/time-format';
import type { ViewerRole } from './views/viewer-role';
import type { DecisionView } from './views/decision-view';
import type { ProposalView } from './views/proposal-view';
import type { ReadinessView } from './views/readiness-view';
import type { RunbookView } from './views/runbook-view';
import type { ScheduleLink, TicketView } from './views/ticket-view';
import type { AuditEntry } from '../domain/audit';
import type { Client } from '../domain/client';
import { nextCommunications } from '../domain/communications';
import { tallyVotes } from '../domain/decision';
import { isClientContact, isClientOwner, type Principal } from '../domain/permissions';
import type { Release } from '../domain/release';
import type { Staff } from '../domain/staff';
import { communicationTitles, type Upgrade } from '../domain/upgrade';
import { countOf } from '../domain/plural';
import type { Versioned } from './ports';

/** How a principal sees an upgrade's cards: its owners, its CSA, an engineer, or read-only. */
export function viewerRole(p: Principal, client: Client): ViewerRole {
  if (isClientOwner(p, client)) return 'owner';
  if (isClientContact(p, client)) return 'csa';
  if (p.kind === 'staff' && p.staff.roles.includes('engineer')) return 'engineer';
  return 'readonly';
}

/** "1 prerequisite", "2 prerequisites". */
export { countOf } from '../domain/plural';

/** What happens next, in a sentence, for the ticket card's "Next step" (so it never starts with "Next"). */
export function nextStep(upgrade: Upgrade, release: Release, client: Client): string {
  switch (upgrade.state) {
    case 'requested':
      return `${client.name} asked for ${upgrade.toVersion}: the CSA proposes windows.`;
    case 'proposed':
      return upgrade.proposedWindows.length
        ? upgrade.proposedWindows.length === 1
          ? `${client.name}'s owners accept the proposed window, or ask for others.`
          : `${client.name}'s owners accept one of ${upgrade.proposedWindows.length} proposed windows, or ask for others.`
        : 'The CSA proposes new windows.';
    case 'booked': {
      // Only what is still missing: open prerequisites, the CAB approval, or both.
      const missing = release.prerequisites.filter((p) => !upgrade.prerequisitesDone.includes(p)).length;
      const todo = [...(missing ? [`complete ${countOf(missing, 'prerequisite')}`] : []), ...(upgrade.cabApproval ? [] : ['record the CAB approval'])];
      return todo.length ? `${client.name}'s owners ${todo.join(' and ')}.` : 'Nothing is missing: the upgrade becomes ready to start.';
    }
    case 'ready':
      return upgrade.mode === 'self_service' ? 'The client\'s IT admin starts the runbook at the agreed time.' : 'Engineers start the upgrade at the window.';
    case 'in_progress':
    case 'rolling_back': {
      const next = nextCommunications(upgrade).map((c) => communicationTitles[c]);
      const who = upgrade.mode === 'self_service' ? 'The client\'s IT admin posts' : 'Engineers post';
      return next.length ? `${who} ${next.join(' or ')}.` : 'Waiting for the engineers.';
    }
    case 'awaiting_decision':
      return `${client.name}'s owners decide Go or No-Go.`;
    case 'completed':
      return 'Done.';
    case 'cancelled':
      return 'Cancelled.';
  }
}

const auditLabels: Record<string, string> = {
  requested: 'Upgrade requested',
  proposed: 'Windows proposed',
  proposal_declined: 'None of the windows suit',
  booked: 'Window agreed and booked',
  ready: 'Ready to start',
  prerequisite_done: 'Prerequisite done',
  cab_approved: 'CAB approval recorded',
  overrun: 'Will overrun',
  decision: 'Go/No-Go decided',
  rescheduled: 'Rescheduled',
  cancelled: 'Cancelled',
};

/** An instant as the audit log writes it: "2026-12-12T01:30:00.000Z". */
const isoInstant = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/**
 * An audit detail with its instants ("new ETA 2026-12-12T01:30:00.000Z") shown as every time on
 * the cards, in the zone and in UTC; an overrun's "(new ETA ...)" becomes "; new ETA ..." so the
 * time's own "(... UTC)" is not nested in brackets.
 */
function readableDetail(detail: string, timeZone: string): string {
  return detail
    .replace(/ \((new ETA [^()]*|no new ETA yet)\)$/, '; $1')
    .replace(isoInstant, (instant) => (Number.isNaN(Date.parse(instant)) ? instant : instantInZoneAndUtc(instant, timeZone)));
}

/** An audit entry as the ticket card says it: what happened, in words, with who did it; times in the client's zone and in UTC. */
export function describeAudit(entry: AuditEntry, timeZone = 'UTC'): string {
  const title = communicationTitles[entry.action as keyof typeof communicationTitles] ?? auditLabels[entry.action];
  if (!title) return `${readableDetail(entry.detail, timeZone)} (${entry.actor.name})`;
  const extra = ['prerequisite_done', 'cab_approved', 'overrun', 'decision', 'cancelled', 'proposal_declined'].includes(entry.action)
    ? `: ${readableDetail(entry.detail, timeZone)}`
    : '';
  return `${title}${extra} (${entry.actor.name})`;
}

/** The ticket card's view; `scheduleLink` (the deps') adds "Open in schedule" at this upgrade. */
export function ticketView(
  upgrade: Versioned<Upgrade>, client: Client, release: Release, viewer: ViewerRole, lastAudit?: AuditEntry, scheduleLink?: ScheduleLink,
): TicketView {
  const scheduleUrl = scheduleLink?.(upgrade.value.id);
  return {
    upgrade: upgrade.value,
    v: upgrade.etag,
    clientName: client.name,
    timeZone: client.timeZone,
    lastEvent: lastAudit ? { text: describeAudit(lastAudit, client.timeZone), at: lastAudit.at } : undefined,
    nextStep: nextStep(upgrade.value, release, client),
    viewer,
    ...(scheduleUrl ? { scheduleUrl } : {}),
  };
}

export function proposalView(upgrade: Versioned<Upgrade>, client: Client, release: Release, viewer: ViewerRole, extra: Partial<ProposalView> = {}): ProposalView {
  return {
    upgradeId: upgrade.value.id,
    v: upgrade.etag,
    clientName: client.name,
    timeZone: client.timeZone,
    version: release.version,
    kind: release.kind,
    windows: upgrade.value.proposedWindows,
    viewer,
    prerequisites: release.prerequisites,
    ...extra,
  };
}

export function readinessView(upgrade: Versioned<Upgrade>, client: Client, release: Release, viewer: ViewerRole): ReadinessView | undefined {
  if (!upgrade.value.window) return undefined;
  return {
    upgradeId: upgrade.value.id,
    v: upgrade.etag,
    clientName: client.name,
    version: release.version,
    timeZone: client.timeZone,
    window: upgrade.value.window,
    prerequisites: release.prerequisites,
    done: upgrade.value.prerequisitesDone,
    cab: upgrade.value.cabApproval,
    viewer,
  };
}

export function decisionView(upgrade: Upgrade, client: Client, viewer: ViewerRole, viewerId?: string): DecisionView | undefined {
  if (!upgrade.decision) return undefined;
  const votes = upgrade.decision.votes ?? [];
  return {
    upgradeId: upgrade.id,
    clientName: client.name,
    timeZone: client.timeZone,
    decision: upgrade.decision,
    goRule: client.decisionPolicy.goRule,
    tally: tallyVotes(client.decisionPolicy.goRule, client.ownerIds, new Map(votes.map((v) => [v.voterId, v.vote]))),
    votes: votes.map((v) => ({ voterName: v.voterName, vote: v.vote, at: v.at })),
    viewer,
    viewerVote: votes.find((v) => v.voterId === viewerId)?.vote,
  };
}

export function runbookView(upgrade: Upgrade, client: Client, release: Release, viewer: ViewerRole, standby?: Staff): RunbookView {
  return {
    upgradeId: upgrade.id,
    clientName: client.name,
    version: release.version,
    timeZone: client.timeZone,
    window: upgrade.window,
    steps: release.runbook.map((step, i) => {
      const done = upgrade.runbookDone?.find((d) => d.step === i);
      return done ? { ...step, done: { by: done.by, at: done.at } } : { ...step };
    }),
    standbyEngineer: standby ? { name: standby.name, contact: standby.email } : undefined,
    viewer,
  };
}
