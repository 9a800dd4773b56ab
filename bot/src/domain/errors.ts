/** Every error the domain can raise, with a message a person can act on. Codes never repeat. */
export const errorCodes = [
  'invalid_transition',
  'event_out_of_order',
  'window_unavailable',
  'window_invalid',
  'policy_invalid',
  'decision_not_open',
  'not_a_voter',
  'prerequisites_incomplete',
  'start_too_early',
  'early_start_needs_reason',
  'release_invalid',
  'change_id_invalid',
  'not_found',
  'forbidden',
  'conflict',
  'bad_input',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** A refusal with a stable code and a sentence that says what to do next. */
export class UpgradeDeskError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;

  constructor(code: ErrorCode, userMessage: string, options?: { cause?: unknown }) {
    super(userMessage, options);
    this.name = 'UpgradeDeskError';
    this.code = code;
    this.userMessage = userMessage;
  }
}

export function isUpgradeDeskError(value: unknown): value is UpgradeDeskError {
  return value instanceof UpgradeDeskError;
}

/** The result of a pure rule: a value, or a typed refusal. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: UpgradeDeskError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, userMessage: string): Result<T> => ({
  ok: false,
  error: new UpgradeDeskError(code, userMessage),
});
