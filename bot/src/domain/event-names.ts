import { fail, ok, type Result } from './errors';
import type { Communication } from './upgrade';

/** The short names people and scripts use for the formal communications ("event CHG-2026-0042 instance-start"). */
export const communicationNames: Record<string, Communication> = {
  start: 'upgrade_start',
  'instance-start': 'instance_start',
  'instance-complete': 'instance_complete',
  'instance-failure': 'instance_failure',
  'instance-retry': 'instance_retry_start',
  'validation-start': 'validation_start',
  'validation-complete': 'validation_complete',
  'validation-failure': 'validation_failure',
  'validation-retry': 'validation_retry_start',
  complete: 'upgrade_complete',
  'rollback-start': 'rollback_start',
  'rollback-complete': 'rollback_complete',
};

/** Reads an event name: the short form above, or the communication's own name (upgrade_start). */
export function parseCommunication(name: string): Result<Communication> {
  const key = name.trim().toLowerCase();
  // Own keys only: "constructor" or "__proto__" must not read as an event through Object.prototype.
  const byShort = Object.hasOwn(communicationNames, key) ? communicationNames[key] : undefined;
  if (byShort) return ok(byShort);
  const own = Object.values(communicationNames).find((c) => c === key.replace(/-/g, '_'));
  if (own) return ok(own);
  return fail('bad_input', `"${name}" is not an upgrade event. Events: ${Object.keys(communicationNames).join(', ')}, overrun.`);
}

/** The short name of a communication, for help text and cards. */
export function shortName(c: Communication): string {
  return Object.entries(communicationNames).find(([, v]) => v === c)?.[0] ?? c;
}
