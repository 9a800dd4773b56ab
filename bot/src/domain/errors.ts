/**
 * The one catalogue of errors, for every layer: the domain's refusals, the HTTP edge's (keys,
 * bodies, Bot Framework tokens), delivery's, SharePoint publishing's and the configuration's. Each code has the HTTP status
 * it answers with (an API body, an Adaptive Card invoke error) and a message a person can act on
 * when the error carries no more specific one. Codes never repeat (a unit test checks).
 */
export type ErrorLayer = 'domain' | 'http' | 'delivery' | 'intranet' | 'config';

export interface ErrorEntry {
  readonly code: string;
  readonly layer: ErrorLayer;
  readonly status: number;
  readonly message: string;
}

export const errorCatalogue = [
  // The upgrade process refuses.
  { code: 'invalid_transition', layer: 'domain', status: 409, message: 'That step is not possible in the upgrade\'s current state.' },
  { code: 'event_out_of_order', layer: 'domain', status: 409, message: 'That step is out of order; post the steps before it first.' },
  { code: 'window_unavailable', layer: 'domain', status: 409, message: 'That window is no longer available; pick another one.' },
  { code: 'window_invalid', layer: 'domain', status: 400, message: 'That window does not fit the rules for upgrade windows.' },
  { code: 'policy_invalid', layer: 'domain', status: 400, message: 'The client\'s upgrade policy is not valid.' },
  { code: 'decision_not_open', layer: 'domain', status: 409, message: 'That decision is not open any more.' },
  { code: 'not_a_voter', layer: 'domain', status: 403, message: 'You do not vote on this decision.' },
  { code: 'prerequisites_incomplete', layer: 'domain', status: 409, message: 'The prerequisites of this upgrade are not all done yet.' },
  { code: 'start_too_early', layer: 'domain', status: 409, message: 'The window is more than a day away; reschedule instead of starting now.' },
  { code: 'early_start_needs_reason', layer: 'domain', status: 409, message: 'Starting before the window needs a reason.' },
  { code: 'release_invalid', layer: 'domain', status: 400, message: 'The release was not saved; fix the fields listed.' },
  { code: 'change_id_invalid', layer: 'domain', status: 400, message: 'That is not a change id; they look like CHG-2026-0042.' },
  { code: 'not_found', layer: 'domain', status: 404, message: 'There is nothing by that name that you can see.' },
  { code: 'forbidden', layer: 'domain', status: 403, message: 'You may not do that.' },
  { code: 'conflict', layer: 'domain', status: 409, message: 'Someone else changed this just now; look again and retry.' },
  { code: 'bad_input', layer: 'domain', status: 400, message: 'Some of what was sent is not valid.' },
  // The HTTP edge refuses.
  { code: 'missing_key', layer: 'http', status: 401, message: 'This endpoint needs an automation key.' },
  { code: 'malformed_key', layer: 'http', status: 401, message: 'That is not an Upgrade Desk automation key.' },
  { code: 'invalid_key', layer: 'http', status: 401, message: 'That automation key is not valid.' },
  { code: 'revoked_key', layer: 'http', status: 401, message: 'That automation key was revoked.' },
  { code: 'missing_token', layer: 'http', status: 401, message: 'Sign in first: this endpoint needs `Authorization: Bearer <token>`.' },
  { code: 'invalid_token', layer: 'http', status: 401, message: 'The sign-in token was not accepted; sign in again.' },
  { code: 'unknown_tenant', layer: 'http', status: 403, message: 'Your organisation is not a client of this vendor.' },
  { code: 'sign_in_unavailable', layer: 'http', status: 503, message: 'Sign-in tokens cannot be checked right now; try again shortly.' },
  { code: 'invalid_query', layer: 'http', status: 400, message: 'The query is not valid; fix the parameters listed.' },
  { code: 'automation_unavailable', layer: 'http', status: 503, message: 'Automation requests cannot be checked on this server.' },
  { code: 'unauthorized', layer: 'http', status: 401, message: 'The Bot Framework token was not accepted.' },
  { code: 'auth_unavailable', layer: 'http', status: 503, message: 'The Bot Framework token cannot be checked right now; try again shortly.' },
  { code: 'invalid_activity', layer: 'http', status: 400, message: 'The body must be a Bot Framework activity.' },
  { code: 'invoke_not_supported', layer: 'http', status: 501, message: 'The bot does not handle that kind of invoke.' },
  { code: 'invalid_event', layer: 'http', status: 400, message: 'The event was not applied; fix the fields listed.' },
  { code: 'malformed_json', layer: 'http', status: 400, message: 'The body is not valid JSON.' },
  { code: 'body_too_deep', layer: 'http', status: 400, message: 'The body nests too deeply.' },
  { code: 'body_too_large', layer: 'http', status: 413, message: 'The body is too large.' },
  { code: 'unsupported_media_type', layer: 'http', status: 415, message: 'Send JSON with `Content-Type: application/json`.' },
  { code: 'route_not_found', layer: 'http', status: 404, message: 'There is no such endpoint.' },
  { code: 'method_not_allowed', layer: 'http', status: 405, message: 'That method is not allowed on this endpoint.' },
  { code: 'bad_request', layer: 'http', status: 400, message: 'The request is not valid.' },
  { code: 'storage_unavailable', layer: 'http', status: 503, message: 'Storage does not answer.' },
  { code: 'internal', layer: 'http', status: 500, message: 'Something went wrong on our side; nothing was changed.' },
  // Delivering to Teams fails (the outcome of a notice in one conversation).
  { code: 'delivery_throttled', layer: 'delivery', status: 429, message: 'Teams asked us to slow down; the message is sent later.' },
  { code: 'delivery_retrying', layer: 'delivery', status: 502, message: 'Teams did not take the message; it is tried again.' },
  { code: 'delivery_failed', layer: 'delivery', status: 502, message: 'Teams refused the message; it is not tried again.' },
  { code: 'conversation_gone', layer: 'delivery', status: 410, message: 'The bot is not installed in this conversation any more; nothing is sent there.' },
  // Publishing to SharePoint (the intranets): asked for by changes, made by the intranet worker.
  { code: 'intranet_not_set_up', layer: 'intranet', status: 503, message: 'SharePoint publishing is not set up on this Upgrade Desk; ask its administrator (see the README).' },
  // The configuration stops the start.
  { code: 'config_invalid', layer: 'config', status: 500, message: 'Upgrade Desk cannot start; fix its configuration.' },
] as const satisfies readonly ErrorEntry[];

export type ErrorCode = (typeof errorCatalogue)[number]['code'];
/** The codes the upgrade process itself raises. */
export type DomainErrorCode = Extract<(typeof errorCatalogue)[number], { layer: 'domain' }>['code'];

export const errorCodes: readonly ErrorCode[] = errorCatalogue.map((e) => e.code);

const entries = new Map<string, ErrorEntry>(errorCatalogue.map((e) => [e.code, e]));

/** The catalogue entry of a code. */
export function errorEntry(code: ErrorCode): ErrorEntry {
  return entries.get(code)!;
}

/** A refusal with a stable code and a sentence that says what to do next (the catalogue's when none is given). */
export class UpgradeDeskError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;

  constructor(code: ErrorCode, userMessage?: string, options?: { cause?: unknown }) {
    const message = userMessage ?? errorEntry(code).message;
    super(message, options);
    this.name = 'UpgradeDeskError';
    this.code = code;
    this.userMessage = message;
  }

  /** The HTTP status of the code, from the catalogue. */
  get status(): number {
    return errorEntry(this.code).status;
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
