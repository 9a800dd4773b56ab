import '../restify-warning-filter';
import restify from 'restify';
import type { Request, RequestHandler, Response } from 'restify';
import { HttpProblem } from './http-errors';

/**
 * Untrusted JSON bodies, bounded before anything recursive touches them: a size per route
 * (restify answers 413 beyond it) and a nesting depth (400 beyond it). JSON.parse copes with
 * any depth; structuredClone, ajv, the Bot Framework and the loggers recurse and would overflow the
 * stack on 100,000 levels.
 */
export const maxJsonDepth = 64;

/** Azure Tables keeps at most 64 KiB in a string property: 32,768 UTF-16 code units, less a margin. */
export const maxStoredChars = 32_000;

/** The handlers that read and parse a JSON body of at most `maxBytes`, then refuse one nested too deeply. */
export function jsonBody(maxBytes: number): RequestHandler[] {
  return [...restify.plugins.bodyParser({ mapParams: false, maxBodySize: maxBytes }), refuseDeepBodies];
}

function refuseDeepBodies(req: Request, _res: Response, next: (err?: Error) => void): void {
  const at = deeperThan(req.body, maxJsonDepth);
  if (at === undefined) return next();
  const field = /^[^.[]*/.exec(at)![0] || '(body)';
  next(new HttpProblem('body_too_deep', `The body nests deeper than ${maxJsonDepth} levels (at ${at}); nothing was read.`, { details: { field } }));
}

interface Node {
  value: unknown;
  depth: number;
  key: string | number;
  parent: Node | undefined;
}

/**
 * Where `value` nests deeper than `max` levels of arrays and objects, as a field path
 * (`highlights[0][0]...`, shortened), or undefined when it does not. Iterative: any depth is safe.
 */
export function deeperThan(value: unknown, max: number): string | undefined {
  const stack: Node[] = [{ value, depth: 0, key: '', parent: undefined }];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.value === null || typeof node.value !== 'object') continue;
    const depth = node.depth + 1;
    if (depth > max) return pathOf(node);
    if (Array.isArray(node.value)) node.value.forEach((v, i) => stack.push({ value: v, depth, key: i, parent: node }));
    else for (const [k, v] of Object.entries(node.value)) stack.push({ value: v, depth, key: k, parent: node });
  }
  return undefined;
}

function pathOf(node: Node): string {
  const keys: (string | number)[] = [];
  for (let n: Node | undefined = node; n?.parent; n = n.parent) keys.unshift(n.key);
  const shown = keys.slice(0, 6).reduce<string>((path, k) => (typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k), '');
  return `${shown || '(body)'}${keys.length > 6 ? '...' : ''}`;
}

/**
 * The fields whose stored text would not fit `max` characters (one Table property by default),
 * measured as JSON text, as the stores and the outbox write them: escapes count (a control
 * character takes six).
 */
export function oversizedFields(record: object, fields: readonly string[], max = maxStoredChars): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const field of fields) {
    const value = (record as Record<string, unknown>)[field];
    if (value === undefined) continue;
    const stored = JSON.stringify(value);
    if (stored.length > max)
      problems.push({ field, message: `is too large to store: ${stored.length.toLocaleString('en-US')} characters once written as JSON, at most ${max.toLocaleString('en-US')}; shorten it` });
  }
  return problems;
}
