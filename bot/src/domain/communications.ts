import { fail, ok, type Result } from './errors';
import { communicationTitles, type Communication, type Upgrade } from './upgrade';

/** What may follow each formal communication while the upgrade runs. */
const followers: Record<Communication | 'none', Communication[]> = {
  none: ['upgrade_start'],
  upgrade_start: ['instance_start'],
  instance_start: ['instance_complete', 'instance_failure'],
  instance_failure: ['instance_retry_start'],
  instance_retry_start: ['instance_complete', 'instance_failure'],
  instance_complete: ['validation_start'],
  validation_start: ['validation_complete', 'validation_failure'],
  validation_failure: ['validation_retry_start'],
  validation_retry_start: ['validation_complete', 'validation_failure'],
  validation_complete: ['upgrade_complete'],
  upgrade_complete: [],
  rollback_start: ['rollback_complete'],
  rollback_complete: [],
};

/** How far along the upgrade each communication is, to tell "not yet" from "already". */
const progress: Record<Communication, number> = {
  upgrade_start: 0,
  instance_start: 1,
  instance_failure: 2,
  instance_retry_start: 2,
  instance_complete: 3,
  validation_start: 4,
  validation_failure: 5,
  validation_retry_start: 5,
  validation_complete: 6,
  upgrade_complete: 7,
  rollback_start: 0,
  rollback_complete: 1,
};

const subject: Record<Communication, string> = {
  upgrade_start: 'The upgrade cannot start',
  instance_start: 'The instance upgrade cannot start',
  instance_complete: 'The instance upgrade cannot be marked complete',
  instance_failure: 'An instance upgrade failure cannot be reported',
  instance_retry_start: 'The instance upgrade retry cannot start',
  validation_start: 'Validation cannot start',
  validation_complete: 'Validation cannot be marked complete',
  validation_failure: 'A validation failure cannot be reported',
  validation_retry_start: 'The validation retry cannot start',
  upgrade_complete: 'The upgrade cannot be marked complete',
  rollback_start: 'The rollback cannot start',
  rollback_complete: 'The rollback cannot be marked complete',
};

const missing: Record<Communication, string> = {
  upgrade_start: 'it is not ready',
  instance_start: 'the upgrade has not started',
  instance_complete: 'the instance upgrade has not started',
  instance_failure: 'the instance upgrade has not started',
  instance_retry_start: 'no instance upgrade failure was reported',
  validation_start: 'the instance upgrade has not completed',
  validation_complete: 'validation testing has not started',
  validation_failure: 'validation testing has not started',
  validation_retry_start: 'no validation failure was reported',
  upgrade_complete: 'validation testing has not completed',
  rollback_start: 'no No-Go decision asked for a rollback',
  rollback_complete: 'the rollback has not started',
};

/** After a failure the next step is its retry; "has not started" would be wrong there. */
const failed = {
  instance_failure: 'the instance upgrade failed and no retry has started',
  validation_failure: 'validation testing failed and no retry has started',
} as const;

const rollbackSteps: Communication[] = ['rollback_start', 'rollback_complete'];

/** The communications that may be posted next, given the upgrade's state. */
export function nextCommunications(upgrade: Pick<Upgrade, 'state' | 'lastCommunication'>): Communication[] {
  switch (upgrade.state) {
    case 'ready':
      return ['upgrade_start'];
    case 'in_progress':
      return followers[upgrade.lastCommunication ?? 'none'];
    case 'rolling_back':
      return upgrade.lastCommunication === 'rollback_start' ? ['rollback_complete'] : ['rollback_start'];
    default:
      return [];
  }
}

const stateReason: Partial<Record<Upgrade['state'], string>> = {
  requested: 'no window has been proposed yet',
  proposed: 'no window has been agreed yet',
  booked: 'its prerequisites or CAB approval are still missing',
  awaiting_decision: 'a Go/No-Go decision is pending; the client owners must answer first',
  completed: 'the upgrade is already complete',
  cancelled: 'the upgrade was cancelled',
};

/** Accepts a communication if it is a valid next step, or says why not and what is next. */
export function checkCommunication(upgrade: Pick<Upgrade, 'state' | 'lastCommunication'>, c: Communication): Result<Communication> {
  const next = nextCommunications(upgrade);
  if (next.includes(c)) return ok(c);
  const nextText = next.length ? ` Next step: ${next.map((n) => communicationTitles[n]).join(' or ')}.` : '';
  const byState = stateReason[upgrade.state];
  if (byState) return fail('invalid_transition', `${subject[c]}: ${byState}.${nextText}`);
  const inRollback = upgrade.state === 'rolling_back';
  if (rollbackSteps.includes(c) !== inRollback) {
    const why = inRollback ? 'the environment is being rolled back' : missing[c];
    return fail('event_out_of_order', `${subject[c]}: ${why}.${nextText}`);
  }
  const last = upgrade.lastCommunication;
  if (last && progress[c] <= progress[last])
    return fail('event_out_of_order', `${subject[c]}: the upgrade is past that step (last: ${communicationTitles[last]}).${nextText}`);
  if (last && last in failed) return fail('event_out_of_order', `${subject[c]}: ${failed[last as keyof typeof failed]}.${nextText}`);
  return fail('event_out_of_order', `${subject[c]}: ${missing[c]}.${nextText}`);
}
