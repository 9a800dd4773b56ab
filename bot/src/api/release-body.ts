import { Ajv, type ErrorObject } from 'ajv';
import { isCalendarDate, releaseProblems, type FieldProblem, type ReleaseDraft } from '../domain/release-rules';
import { deeperThan, maxJsonDepth, oversizedFields } from './json-body';
import { releaseBodySchema } from './schemas/release-body';

export type ParsedRelease = { ok: true; draft: ReleaseDraft } | { ok: false; problems: FieldProblem[] };

function isHttpsUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

const ajv = new Ajv({
  allErrors: true,
  useDefaults: true,
  verbose: true,
  formats: { date: isCalendarDate, 'https-url': isHttpsUrl },
});
const validate = ajv.compile<ReleaseDraft>(releaseBodySchema);
const releaseFields = Object.keys(releaseBodySchema.properties);

/**
 * Parses an untrusted release body: the schema first, then the domain's rules and the stored size
 * (one Table property per field) over every field the schema accepted, so one answer names every
 * field to fix. Does not touch its input.
 */
export function parseReleaseBody(body: unknown): ParsedRelease {
  const deep = deeperThan(body, maxJsonDepth);
  if (deep !== undefined) return { ok: false, problems: [{ field: /^[^.[]*/.exec(deep)![0] || '(body)', message: `nests deeper than ${maxJsonDepth} levels` }] };
  const copy: unknown = structuredClone(body);
  if (validate(copy)) {
    const problems = [...releaseProblems(copy), ...oversizedFields(copy, releaseFields)];
    return problems.length ? { ok: false, problems: onePerField(problems) } : { ok: true, draft: copy };
  }
  const problems = onePerField((validate.errors ?? []).map(toProblem));
  if (copy === null || typeof copy !== 'object' || Array.isArray(copy)) return { ok: false, problems };
  const badFields = new Set(problems.map((p) => topField(p.field)));
  // Fields the schema did not complain about have the shape the draft type says.
  const accepted = Object.fromEntries(Object.entries(copy).filter(([k]) => releaseFields.includes(k) && !badFields.has(k))) as Partial<ReleaseDraft>;
  const ruleProblems = releaseProblems(accepted).filter((p) => !badFields.has(topField(p.field)));
  const sizeProblems = oversizedFields(accepted, releaseFields);
  return { ok: false, problems: onePerField([...problems, ...ruleProblems, ...sizeProblems]) };
}

function onePerField(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.field) && seen.add(p.field));
}

function topField(field: string): string {
  return /^[^.[]*/.exec(field)![0];
}

/** "/runbook/0/title" -> "runbook[0].title"; the whole body is "(body)". */
function toField(err: ErrorObject): string {
  const segments = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
  const named = err.keyword === 'required' ? err.params.missingProperty : err.keyword === 'additionalProperties' ? err.params.additionalProperty : undefined;
  if (typeof named === 'string') path = path ? `${path}.${named}` : named;
  return path || '(body)';
}

const typeNames: Record<string, string> = {
  string: 'text',
  array: 'a list',
  object: 'an object',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

function toProblem(err: ErrorObject): FieldProblem {
  const field = toField(err);
  const p = err.params as Record<string, unknown>;
  const message = (() => {
    switch (err.keyword) {
      case 'required':
        return 'is required';
      case 'additionalProperties': {
        const allowed = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        return `is not a field here; the fields are ${allowed.join(', ')}`;
      }
      case 'type':
        return field === '(body)' ? 'must be a JSON object describing the release' : `must be ${typeNames[String(p.type)] ?? String(p.type)}`;
      case 'enum':
        return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
      case 'format':
        return p.format === 'date' ? 'must be a date written yyyy-MM-dd, e.g. 2026-11-02' : 'must be an https:// URL';
      case 'pattern':
        return field === 'version' ? 'must be a version number such as 5.0 or 5.0.1' : 'must not be blank';
      case 'minLength':
        return 'must not be empty';
      case 'maxLength':
        return `must be at most ${String(p.limit)} characters`;
      case 'minItems':
        return `must list at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
      case 'maxItems':
        return `must list at most ${String(p.limit)} items`;
      case 'minimum':
        return `must be at least ${String(p.limit)}`;
      case 'maximum':
        return `must be at most ${String(p.limit)}`;
      default:
        return err.message ?? 'is not valid';
    }
  })();
  return { field, message };
}
