import { isCardVerb, type CardVerb } from '../../cards/verbs';
import { UpgradeDeskError } from '../../domain/errors';

/** The verb and data (ids plus the card's input values) of an Action.Execute invoke, checked. */
export interface ActionInput {
  verb: CardVerb;
  data: Record<string, unknown>;
  /** 'automatic' for a refresh Teams asked for, 'manual' for a click. */
  trigger: 'manual' | 'automatic';
}

const bad = (what: string) => new UpgradeDeskError('bad_input', `This card sent ${what}; reopen it with "show {CHG-id}" and try again.`);

/** Reads an adaptiveCard/action invoke value; anything malformed is refused before a use case sees it. */
export function parseActionInput(value: unknown): ActionInput {
  const action = (value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined)?.action;
  if (!action || action.type !== 'Action.Execute') throw bad('no Action.Execute');
  if (!isCardVerb(action.verb)) throw bad(`an unknown action "${String(action.verb)}"`);
  const data = action.data && typeof action.data === 'object' && !Array.isArray(action.data) ? (action.data as Record<string, unknown>) : {};
  const trigger = (value as { trigger?: unknown }).trigger === 'automatic' ? 'automatic' : 'manual';
  return { verb: action.verb, data, trigger };
}

/** A required text field of the data, trimmed; refused with the field's name when missing. */
export function field(data: Record<string, unknown>, name: string, label = name): string {
  const v = data[name];
  if (typeof v !== 'string' || !v.trim()) throw new UpgradeDeskError('bad_input', `Fill in ${label} and try again.`);
  if (v.length > 2000) throw new UpgradeDeskError('bad_input', `${label} is too long (2,000 characters at most).`);
  return v.trim();
}

export function optionalField(data: Record<string, unknown>, name: string): string | undefined {
  const v = data[name];
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, 2000) : undefined;
}

export function oneOf<T extends string>(data: Record<string, unknown>, name: string, allowed: readonly T[]): T {
  const v = data[name];
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw bad(`a bad ${name}`);
  return v as T;
}
