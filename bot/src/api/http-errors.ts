import type { Request, Response } from 'restify';
import { errorEntry, isUpgradeDeskError, UpgradeDeskError, type ErrorCode } from '../domain/errors';
import { ReleaseInvalidError } from '../domain/release-rules';
import { errorField, type Logger } from '../logging';
import { contextOf } from './request-context';

/**
 * A refusal that only the HTTP edge knows (a key, a body, a token): a code of the catalogue (which
 * gives its status), a message, headers to send, fields to add to the body, and the cause (logged,
 * never sent).
 */
export class HttpProblem extends UpgradeDeskError {
  readonly headers: Record<string, string>;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, extra: { headers?: Record<string, string>; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(code, message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'HttpProblem';
    this.headers = extra.headers ?? {};
    this.details = extra.details ?? {};
  }
}

export interface HttpAnswer {
  status: number;
  body: { error: ErrorCode; message: string; correlationId: string } & Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * How an error looks over HTTP: the catalogue's status and JSON `{error, message, correlationId}`.
 * Anything unexpected is a 500 whose message quotes the correlation id; its stack goes to the
 * log, never into the body.
 */
export function toHttpAnswer(err: unknown, correlationId: string): HttpAnswer {
  if (err instanceof ReleaseInvalidError)
    return { status: err.status, body: { error: err.code, message: errorEntry(err.code).message, fields: err.problems, correlationId }, headers: {} };
  if (err instanceof HttpProblem) return { status: err.status, body: { error: err.code, message: err.userMessage, ...err.details, correlationId }, headers: err.headers };
  if (isUpgradeDeskError(err)) return { status: err.status, body: { error: err.code, message: err.userMessage, correlationId }, headers: {} };
  return {
    status: 500,
    body: { error: 'internal', message: `Something went wrong on our side. Quote correlation id ${correlationId} when you report it.`, correlationId },
    headers: {},
  };
}

/**
 * The log line of an error answer: refusals as information (with what caused them, which the
 * answer does not say), failures as errors with the stack.
 */
export function logAnswer(log: Logger, answer: HttpAnswer, err: unknown): void {
  const fields = { status: answer.status, code: answer.body.error };
  const cause = err instanceof HttpProblem ? err.cause : undefined;
  if (answer.status >= 500) log.error('request failed', { ...fields, err: errorField(cause ?? err) });
  else log.info('request refused', { ...fields, reason: answer.body.message, ...(cause === undefined ? {} : { err: errorField(cause) }) });
}

/** Answers a request with the error's HTTP form and logs it under the request's correlation id. */
export function sendError(req: Request, res: Response, err: unknown, log: Logger): void {
  const context = contextOf(req, log);
  const answer = toHttpAnswer(err, context.correlationId);
  logAnswer(context.log, answer, err);
  res.send(answer.status, answer.body, { ...answer.headers, 'x-correlation-id': context.correlationId });
}

/** restify's own errors (malformed JSON, a body too large, 404, 405, 415) as our JSON answers. */
export function restifyErrorsAsJson(log: Logger) {
  return (req: Request, res: Response, err: Error & { statusCode?: unknown }, done: () => void): void => {
    if (!res.headersSent) sendError(req, res, asProblem(err), log);
    done();
  };
}

function asProblem(err: Error & { statusCode?: unknown }): unknown {
  if (isUpgradeDeskError(err)) return err;
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 500) return err;
  switch (err.name) {
    case 'InvalidContentError':
      return new HttpProblem('malformed_json', `The body is not valid JSON (${err.message.replace(/^Invalid JSON: /, '')}).`);
    case 'PayloadTooLargeError':
    case 'RequestEntityTooLargeError':
      return new HttpProblem('body_too_large', `The body is too large for this endpoint (${err.message}).`, { cause: err });
    case 'ResourceNotFoundError':
      return new HttpProblem('route_not_found', err.message);
    case 'MethodNotAllowedError':
      return new HttpProblem('method_not_allowed', err.message);
    case 'UnsupportedMediaTypeError':
      return new HttpProblem('unsupported_media_type');
    default:
      return new HttpProblem('bad_request', err.message);
  }
}
