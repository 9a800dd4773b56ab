import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'restify';
import { isUpgradeDeskError, type ErrorCode } from '../domain/errors';
import { ReleaseInvalidError } from '../domain/release-rules';

/** A refusal that only the HTTP edge knows (401, 415, 503): a status, a stable code, a message. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Every domain code has its status here; a new code does not compile until it gets one. */
const statusOfCode: Record<ErrorCode, number> = {
  bad_input: 400,
  release_invalid: 400,
  window_invalid: 400,
  policy_invalid: 400,
  change_id_invalid: 400,
  forbidden: 403,
  not_a_voter: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  event_out_of_order: 409,
  window_unavailable: 409,
  decision_not_open: 409,
  prerequisites_incomplete: 409,
  start_too_early: 409,
  early_start_needs_reason: 409,
};

/**
 * How an error looks over HTTP: a status and JSON `{error, message}`. Anything unexpected is a
 * 500 with a correlation id; its stack goes to the log, never into the body.
 */
export function toHttpAnswer(err: unknown, log: (line: string) => void): HttpAnswer {
  if (err instanceof HttpProblem) return { status: err.status, body: { error: err.code, message: err.message }, headers: err.headers };
  if (err instanceof ReleaseInvalidError)
    return {
      status: 400,
      body: { error: 'invalid_release', message: 'The release was not saved; fix the fields listed.', fields: err.problems },
      headers: {},
    };
  if (isUpgradeDeskError(err)) return { status: statusOfCode[err.code], body: { error: err.code, message: err.userMessage }, headers: {} };
  const correlationId = randomUUID();
  log(`[api error ${correlationId}] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return {
    status: 500,
    body: {
      error: 'internal',
      message: `Something went wrong on our side. Quote correlation id ${correlationId} when you report it.`,
      correlationId,
    },
    headers: {},
  };
}

/** Answers a request with the error's HTTP form. */
export function sendError(res: Response, err: unknown, log: (line: string) => void): void {
  const answer = toHttpAnswer(err, log);
  res.send(answer.status, answer.body, answer.headers);
}

/** restify's own errors (malformed JSON, 404, 405, 415) as `{error, message}` JSON like ours. */
export function restifyErrorsAsJson(log: (line: string) => void) {
  return (_req: Request, res: Response, err: Error & { statusCode?: unknown }, done: () => void): void => {
    if (!res.headersSent) {
      const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
      if (status >= 500) sendError(res, err, log);
      else if (err.name === 'InvalidContentError')
        res.send(400, { error: 'malformed_json', message: `The body is not valid JSON (${err.message.replace(/^Invalid JSON: /, '')}).` });
      else res.send(status, { error: snakeCase(err.name.replace(/Error$/, '')), message: err.message });
    }
    done();
  };
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() || 'error';
}
