import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'restify';
import type { LogFields, Logger } from '../logging';

/**
 * What the server knows of one request: its correlation id (in the `x-correlation-id` header of
 * the answer, in every error body and error card, and in every log line about the request) and its
 * logger, which gains the change id and tenant once a route knows them.
 */
export interface RequestContext {
  readonly correlationId: string;
  log: Logger;
  readonly startedAt: number;
}

const contexts = new WeakMap<Request, RequestContext>();

/** The first handler of every request: gives it a correlation id and a logger bound to it. */
export function beginRequest(log: Logger) {
  return (req: Request, res: Response, next: () => void): void => {
    res.header('x-correlation-id', contextOf(req, log).correlationId);
    next();
  };
}

/** The request's context; made here (with `log`) when `beginRequest` did not run. */
export function contextOf(req: Request, log: Logger): RequestContext {
  let context = contexts.get(req);
  if (!context) {
    const correlationId = randomUUID();
    context = { correlationId, log: log.child({ correlationId }), startedAt: Date.now() };
    contexts.set(req, context);
  }
  return context;
}

/** Adds what a route learnt (the change id, the tenant) to every later log line of the request. */
export function annotateRequest(req: Request, log: Logger, fields: LogFields): RequestContext {
  const context = contextOf(req, log);
  const known = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== ''));
  if (Object.keys(known).length) context.log = context.log.child(known);
  return context;
}

/** One line per answered request: method, route, status and duration, under its correlation id. */
export function logAnswered(log: Logger) {
  return (req: Request, res: Response): void => {
    const context = contextOf(req, log);
    context.log.info('request answered', {
      method: req.method,
      path: req.getPath(),
      status: res.statusCode,
      durationInMs: Date.now() - context.startedAt,
    });
  };
}
