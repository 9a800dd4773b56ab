import type { UpgradeEvent } from '../domain/lifecycle';
import type { Principal } from '../domain/permissions';
import type { UpgradeWindow } from '../domain/window';

/** How the executor runs a command: what each kind of change declares instead of per-call flags. */
export interface CommandPolicy {
  /** A lost race: re-read and try again (nobody is waiting on a card to decide), or report it. */
  onConflict: 'retry' | 'report';
  /**
   * Start from the version this process last saw instead of reading it (a vote's round trip): the
   * ETag-guarded write catches a stale one, and a refusal is checked again on a fresh read.
   */
  startFrom: 'recent' | 'fresh';
  /** A change that leaves the state as it was is announced after the answer (a burst of votes coalesces). */
  announce: 'before_answer' | 'after_answer_if_state_unchanged';
  /** The vendor's capacity the change books: claimed (tentatively) before the write, held by its effects. */
  reserves?: (event: UpgradeEvent) => UpgradeWindow | undefined;
}

const byPerson: CommandPolicy = { onConflict: 'report', startFrom: 'fresh', announce: 'before_answer' };
const retrying: CommandPolicy = { ...byPerson, onConflict: 'retry' };

const policies: Record<UpgradeEvent['type'], CommandPolicy> = {
  propose: byPerson,
  decline_proposal: byPerson,
  accept: { ...byPerson, reserves: (e) => (e.type === 'accept' ? e.window : undefined) },
  schedule_self_service: byPerson,
  // Ticks from several owners at once are independent: none should be refused for another's.
  tick_runbook: retrying,
  tick_prerequisite: byPerson,
  record_cab: byPerson,
  communicate: byPerson,
  overrun: byPerson,
  // Twenty owners may vote at once; every vote counts, and the cards follow after the answer.
  cast_vote: { onConflict: 'retry', startFrom: 'recent', announce: 'after_answer_if_state_unchanged' },
  no_go: byPerson,
  reschedule: byPerson,
  cancel: byPerson,
};

/** The policy of a command; Upgrade Desk acting by itself (timers, follow-ups) retries a lost race. */
export function policyOf(event: UpgradeEvent, principal: Principal): CommandPolicy {
  const policy = policies[event.type];
  return principal.kind === 'system' || principal.kind === 'automation' ? { ...policy, onConflict: 'retry' } : policy;
}
