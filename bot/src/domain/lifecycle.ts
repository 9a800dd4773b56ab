import type { Actor, AuditEntry, Source } from './audit';
import type { DecisionPolicy } from './client';
import { checkCommunication } from './communications';
import { fail, ok, type Result } from './errors';
import type { NoticeIntent } from './notice';
import { countOf } from './plural';
import type { Release } from './release';
import { tallyVotes } from './decision';
import { formatDuration, formatWindowInZoneAndUtc } from './time-format';
import { communicationTitles, type Communication, type Decision, type Upgrade, type UpgradeState, type Vote } from './upgrade';
import type { UpgradeWindow } from './window';

/** Something a person (or the scheduler) asks of an upgrade. */
export type UpgradeEvent =
  | { type: 'propose'; windows: UpgradeWindow[] }
  | { type: 'decline_proposal'; comment: string }
  | { type: 'accept'; window: UpgradeWindow }
  | { type: 'schedule_self_service'; window: UpgradeWindow; standbyEngineerId?: string }
  | { type: 'tick_runbook'; step: number }
  | { type: 'tick_prerequisite'; prerequisite: string }
  | { type: 'record_cab'; approver: string; reference: string }
  /** `earlyStartReason` confirms an upgrade start before the window (at most 24 hours before it). */
  | { type: 'communicate'; communication: Communication; note?: string; earlyStartReason?: string }
  | { type: 'overrun'; reason: string; newEta?: string }
  /** An owner's vote on the open decision (the actor votes); the vote that decides it settles it. */
  | { type: 'cast_vote'; decisionId: string; vote: Vote }
  | { type: 'no_go'; inAnswerTo: Communication; comment?: string }
  /** New windows for a booked upgrade: its window is given up only as they are proposed, never before. */
  | { type: 'reschedule'; reason: string; windows: UpgradeWindow[] }
  | { type: 'cancel'; reason: string };

export interface TransitionContext {
  now: Date;
  actor: Actor;
  source: Source;
  release: Pick<Release, 'kind' | 'prerequisites' | 'contentFreezeAdvised'>;
  decisionPolicy: DecisionPolicy;
  /** The client's owners: who may vote, and whose votes the policy counts. */
  ownerIds: readonly string[];
  /** The client's time zone: times in messages are given in it and in UTC. */
  timeZone: string;
}

/** A transition's outcome: the new upgrade, what to append to its audit log, whom to tell. */
export interface Transition {
  upgrade: Upgrade;
  audit: AuditEntry[];
  notices: NoticeIntent[];
}

const cancellable: UpgradeState[] = ['requested', 'proposed', 'booked', 'ready'];

/** How long before its window a managed upgrade may start, with a reason the engineer confirms. */
export const earlyStartLimitMs = 24 * 3_600_000;

/**
 * Whether starting now is on time, early (confirm with a reason) or too early (reschedule instead).
 * A self-service upgrade starts when the client says, so it is always on time.
 */
export type StartTiming = { kind: 'on_time' } | { kind: 'early' | 'too_early'; earlyByMs: number };

export function startTiming(upgrade: Pick<Upgrade, 'mode' | 'window'>, now: Date): StartTiming {
  if (upgrade.mode === 'self_service' || !upgrade.window) return { kind: 'on_time' };
  const earlyByMs = Date.parse(upgrade.window.startsAt) - now.getTime();
  if (!(earlyByMs > 0)) return { kind: 'on_time' };
  return { kind: earlyByMs > earlyStartLimitMs ? 'too_early' : 'early', earlyByMs };
}

/** Whether new windows can be proposed in place of the booked one. */
export function canReschedule(upgrade: Pick<Upgrade, 'state'>): Result<true> {
  const s = upgrade.state;
  return s === 'booked' || s === 'ready' ? ok(true) : fail('invalid_transition', `The upgrade cannot be rescheduled: the upgrade is ${s.replace('_', ' ')}.`);
}

/** Whether the release asks end users to stop editing content during the window. */
export function contentFreezeApplies(release: Pick<Release, 'kind' | 'contentFreezeAdvised'>): boolean {
  return release.kind === 'major' || release.contentFreezeAdvised;
}

/** Whether a booked upgrade has everything it needs to start. */
export function isReadyToStart(upgrade: Upgrade, release: Pick<Release, 'kind' | 'prerequisites'>): boolean {
  // Both modes: every major needs its prerequisites ticked and a CAB approval before it starts.
  if (release.kind === 'minor') return true;
  return release.prerequisites.every((p) => upgrade.prerequisitesDone.includes(p)) && upgrade.cabApproval !== undefined;
}

function sameWindow(a: UpgradeWindow, b: UpgradeWindow): boolean {
  return Date.parse(a.startsAt) === Date.parse(b.startsAt) && Date.parse(a.endsAt) === Date.parse(b.endsAt);
}

function checkWindows(windows: UpgradeWindow[]): Result<UpgradeWindow[]> {
  if (windows.length < 1 || windows.length > 3) return fail('window_invalid', 'Propose one to three windows.');
  for (const w of windows) {
    const s = Date.parse(w.startsAt);
    const e = Date.parse(w.endsAt);
    if (Number.isNaN(s) || Number.isNaN(e) || e <= s) return fail('window_invalid', 'Each window needs a start before its end.');
  }
  if (new Set(windows.map((w) => Date.parse(w.startsAt))).size !== windows.length)
    return fail('window_invalid', 'The same window was proposed twice.');
  return ok(windows);
}

const refuse = (what: string, state: UpgradeState): Result<Transition> =>
  fail('invalid_transition', `${what}: the upgrade is ${state.replace('_', ' ')}.`);

/** Applies one event to an upgrade, or refuses it with a message a person can act on. */
export function transition(upgrade: Upgrade, event: UpgradeEvent, ctx: TransitionContext): Result<Transition> {
  const at = ctx.now.toISOString();
  const audit: AuditEntry[] = [];
  const notices: NoticeIntent[] = [];
  const record = (action: string, detail: string) => audit.push({ at, actor: ctx.actor, source: ctx.source, action, detail });
  const done = (next: Partial<Upgrade>): Result<Transition> =>
    ok({ upgrade: { ...upgrade, ...next, updatedAt: at }, audit, notices });
  const freeze = contentFreezeApplies(ctx.release);
  const s = upgrade.state;

  switch (event.type) {
    case 'propose': {
      if (s !== 'requested' && s !== 'proposed') return refuse('Windows cannot be proposed', s);
      const checked = checkWindows(event.windows);
      if (!checked.ok) return checked;
      record('proposed', `Proposed ${countOf(event.windows.length, 'window')}: ${event.windows.map((w) => w.startsAt).join(', ')}`);
      notices.push({ kind: 'proposal' });
      return done({ state: 'proposed', proposedWindows: event.windows.map((w) => ({ ...w })) });
    }
    case 'decline_proposal': {
      if (s !== 'proposed') return refuse('The proposal cannot be declined', s);
      const comment = event.comment.trim();
      if (!comment) return fail('bad_input', 'Say why none of the windows suit, so the CSA can offer better ones.');
      record('proposal_declined', comment);
      notices.push({ kind: 'proposal_declined', comment });
      return done({});
    }
    case 'accept':
    case 'schedule_self_service': {
      if (s !== 'proposed' && s !== 'requested') return refuse('A window cannot be agreed', s);
      if (event.type === 'accept' && !upgrade.proposedWindows.some((w) => sameWindow(w, event.window)))
        return fail('window_invalid', 'That window was not one of the proposed windows; pick one from the latest proposal.');
      if (event.type === 'schedule_self_service' && upgrade.mode !== 'self_service')
        return fail('invalid_transition', 'Only a self-service upgrade can be scheduled at a time the client picks.');
      const picked = checkWindows([event.window]);
      if (!picked.ok) return picked;
      const booked: Upgrade = { ...upgrade, state: 'booked', window: { ...event.window }, proposedWindows: [], decision: undefined, lastCommunication: undefined };
      if (event.type === 'schedule_self_service' && event.standbyEngineerId) booked.standbyEngineerId = event.standbyEngineerId;
      record('booked', `Booked ${event.window.startsAt} to ${event.window.endsAt}`);
      notices.push({ kind: 'booking_confirmed' });
      if (freeze) notices.push({ kind: 'content_freeze_announced' });
      if (isReadyToStart(booked, ctx.release)) {
        record('ready', 'Ready to start');
        notices.push({ kind: 'ready' });
        return done({ ...booked, state: 'ready' });
      }
      return done(booked);
    }
    case 'tick_prerequisite': {
      if (s !== 'booked' && s !== 'ready') return refuse('Prerequisites cannot be ticked', s);
      if (!ctx.release.prerequisites.includes(event.prerequisite))
        return fail('bad_input', `"${event.prerequisite}" is not a prerequisite of this release.`);
      if (upgrade.prerequisitesDone.includes(event.prerequisite)) return done({});
      const next: Upgrade = { ...upgrade, prerequisitesDone: [...upgrade.prerequisitesDone, event.prerequisite] };
      record('prerequisite_done', event.prerequisite);
      return becomeReadyIfComplete(next);
    }
    case 'tick_runbook': {
      if (upgrade.mode !== 'self_service') return fail('invalid_transition', 'Only a self-service upgrade has a runbook checklist to tick.');
      if (s !== 'ready' && s !== 'in_progress') return refuse('Runbook steps cannot be ticked', s);
      const ticked = upgrade.runbookDone ?? [];
      if (!Number.isInteger(event.step) || event.step < 0) return fail('bad_input', 'That is not a step of the runbook.');
      if (ticked.some((d) => d.step === event.step)) return done({});
      record('runbook_step_done', `Runbook step ${event.step + 1} done`);
      return done({ runbookDone: [...ticked, { step: event.step, by: ctx.actor.name, at }] });
    }
    case 'record_cab': {
      if (s !== 'booked' && s !== 'ready') return refuse('CAB approval cannot be recorded', s);
      const approver = event.approver.trim();
      const reference = event.reference.trim();
      if (!approver || !reference) return fail('bad_input', 'CAB approval needs the approver and the change reference.');
      record('cab_approved', `Approved by ${approver}, reference ${reference}`);
      return becomeReadyIfComplete({ ...upgrade, cabApproval: { approver, reference, recordedBy: ctx.actor.id, recordedAt: at } });
    }
    case 'communicate': {
      const checked = checkCommunication(upgrade, event.communication);
      if (!checked.ok) return checked;
      const c = event.communication;
      let note = event.note;
      const timing = c === 'upgrade_start' ? startTiming(upgrade, ctx.now) : { kind: 'on_time' as const };
      if (timing.kind !== 'on_time') {
        const when = formatWindowInZoneAndUtc(upgrade.window!, ctx.timeZone);
        const early = formatDuration(timing.earlyByMs);
        if (timing.kind === 'too_early')
          return fail('start_too_early', `${upgrade.id} cannot start yet: its window is ${when}, ${early} from now. An upgrade can start at most 24 hours before its window; to run it sooner, reschedule it instead: the CSA types "reschedule ${upgrade.id}" and agrees a new window with the owners.`);
        const reason = event.earlyStartReason?.trim();
        if (!reason)
          return fail('early_start_needs_reason', `${upgrade.id}'s window is ${when}, ${early} from now. Starting now takes the environment offline before the time agreed with the owners: confirm the early start with a reason, which goes into the audit log and the ticket thread.`);
        record('early_start', `Started ${early} before the window ${when}: ${reason}`);
        const said = `Early start, ${early} before the window: ${reason}`;
        note = note ? `${said}. ${note}` : said;
      }
      record(c, note ? `${communicationTitles[c]}: ${note}` : communicationTitles[c]);
      notices.push({ kind: 'communication', communication: c });
      if (c === 'upgrade_start') {
        notices.push({ kind: 'environment_offline' }, { kind: 'outage_started' });
        return done({ state: 'in_progress', lastCommunication: c });
      }
      const run = upgrade.window ? { window: upgrade.window } : {};
      if (c === 'upgrade_complete') {
        notices.push({ kind: 'environment_online', ...run }, { kind: 'outage_ended', ...run });
        if (freeze) notices.push({ kind: 'content_freeze_lifted', window: upgrade.window });
        return done({ state: 'completed', lastCommunication: c });
      }
      if (c === 'rollback_complete') {
        notices.push({ kind: 'environment_online', ...run }, { kind: 'outage_ended', ...run }, { kind: 'rescheduled', ...run });
        // The freeze announced for the rolled-back window no longer applies, as on a reschedule.
        if (freeze) notices.push({ kind: 'content_freeze_lifted', window: upgrade.window });
        return done({ state: 'proposed', lastCommunication: undefined, window: undefined, proposedWindows: [] });
      }
      return done({ lastCommunication: c });
    }
    case 'overrun': {
      if (s !== 'in_progress') return refuse('An overrun cannot be reported', s);
      const reason = event.reason.trim();
      if (!reason) return fail('bad_input', 'Say why the upgrade will overrun; the owners decide on it.');
      let newEta: string | undefined;
      if (event.newEta !== undefined) {
        const eta = Date.parse(event.newEta);
        if (Number.isNaN(eta) || eta <= ctx.now.getTime())
          return fail('bad_input', 'The new estimated completion must be a date and time in the future.');
        newEta = new Date(eta).toISOString();
      }
      record('overrun', newEta ? `${reason} (new ETA ${newEta})` : `${reason} (no new ETA yet)`);
      notices.push({ kind: 'decision_opened' });
      return done({
        state: 'awaiting_decision',
        eta: newEta,
        decision: {
          id: `D${ctx.now.getTime().toString(36)}`,
          reason,
          newEta,
          openedAt: at,
          deadline: new Date(ctx.now.getTime() + ctx.decisionPolicy.deadlineInMinutes * 60_000).toISOString(),
        },
      });
    }
    case 'cast_vote': {
      const open = upgrade.decision;
      if (!open) return fail('decision_not_open', 'There is no open Go/No-Go decision on this upgrade.');
      if (open.id !== event.decisionId)
        return fail('decision_not_open', `This Go/No-Go question has been replaced; type "show ${upgrade.id}" for the latest card.`);
      // A double click, a replayed invoke or a vote after the outcome changes nothing: the first vote stands.
      const votes = open.votes ?? [];
      if (open.outcome || votes.some((v) => v.voterId === ctx.actor.id)) return ok({ upgrade, audit, notices });
      if (s !== 'awaiting_decision') return fail('decision_not_open', 'There is no open Go/No-Go decision on this upgrade.');
      if (!ctx.ownerIds.includes(ctx.actor.id)) return fail('not_a_voter', 'Only the client\'s owners can vote Go/No-Go; your vote was not recorded.');
      const ballots = [...votes, { voterId: ctx.actor.id, voterName: ctx.actor.name, vote: event.vote, at }];
      const decision: Decision = { ...open, votes: ballots };
      const tally = tallyVotes(ctx.decisionPolicy.goRule, ctx.ownerIds, new Map(ballots.map((v) => [v.voterId, v.vote])));
      if (!tally.outcome) {
        notices.push({ kind: 'decision_votes' });
        return done({ decision });
      }
      const counted = `${tally.go} Go, ${tally.noGo} No-Go of ${countOf(tally.eligible, 'owner')}: ${ballots.map((v) => `${v.voterName} ${v.vote === 'go' ? 'Go' : 'No-Go'}`).join(', ')}`;
      record('decision', tally.outcome === 'go' ? `Go: the upgrade continues (${counted})` : `No-Go: the environment will be rolled back (${counted})`);
      notices.push({ kind: 'decision_settled' });
      const settled: Decision = { ...decision, outcome: tally.outcome, decidedAt: at };
      if (tally.outcome === 'go') return done({ state: 'in_progress', decision: settled });
      return done({ state: 'rolling_back', decision: settled, lastCommunication: undefined });
    }
    case 'no_go': {
      if (s !== 'in_progress' && s !== 'awaiting_decision') return refuse('A No-Go cannot be given', s);
      const comment = event.comment?.trim();
      const decision = {
        id: `D${ctx.now.getTime().toString(36)}`,
        reason: comment || `No-Go in answer to: ${communicationTitles[event.inAnswerTo]}`,
        inAnswerTo: event.inAnswerTo,
        openedAt: upgrade.decision && s === 'awaiting_decision' ? upgrade.decision.openedAt : at,
        deadline: at,
        outcome: 'no_go' as const,
        decidedAt: at,
      };
      record('decision', `No-Go by ${ctx.actor.name} in answer to ${communicationTitles[event.inAnswerTo]}${comment ? `: ${comment}` : ''}`);
      notices.push({ kind: 'decision_settled' });
      return done({ state: 'rolling_back', decision, lastCommunication: undefined });
    }
    case 'reschedule': {
      if (s !== 'booked' && s !== 'ready') return refuse('The upgrade cannot be rescheduled', s);
      // The booking stands until new windows go out: a reschedule never leaves a proposal without windows.
      const checked = checkWindows(event.windows);
      if (!checked.ok) return checked;
      const booked = upgrade.window;
      if (booked && event.windows.some((w) => Date.parse(w.startsAt) === Date.parse(booked.startsAt)))
        return fail('window_invalid', 'One of those windows is the one already booked; propose other windows, or keep the booking.');
      record('proposed', `Proposed ${countOf(event.windows.length, 'window')} in place of ${booked?.startsAt ?? 'the booked window'}: ${event.windows.map((w) => w.startsAt).join(', ')}`);
      // Last, so the thread's reschedule reply and the ticket's last event give the reason.
      record('rescheduled', event.reason.trim() || 'Rescheduled');
      notices.push({ kind: 'rescheduled', ...(booked ? { window: booked } : {}) });
      if (freeze) notices.push({ kind: 'content_freeze_lifted', window: booked });
      notices.push({ kind: 'proposal' });
      return done({ state: 'proposed', window: undefined, proposedWindows: event.windows.map((w) => ({ ...w })) });
    }
    case 'cancel': {
      if (!cancellable.includes(s)) return refuse('The upgrade cannot be cancelled', s);
      const reason = event.reason.trim();
      if (!reason) return fail('bad_input', 'Give a reason for cancelling; it is recorded on the ticket.');
      record('cancelled', reason);
      const given = (s === 'booked' || s === 'ready') && upgrade.window ? { window: upgrade.window } : {};
      notices.push({ kind: 'cancelled', reason, ...given });
      if (freeze && (s === 'booked' || s === 'ready')) notices.push({ kind: 'content_freeze_lifted', window: upgrade.window });
      return done({ state: 'cancelled', cancelReason: reason });
    }
  }

  function becomeReadyIfComplete(next: Upgrade): Result<Transition> {
    if (next.state === 'booked' && isReadyToStart(next, ctx.release)) {
      record('ready', 'Prerequisites and CAB approval complete: ready to start');
      notices.push({ kind: 'ready' });
      return done({ ...next, state: 'ready' });
    }
    return done(next);
  }
}
