import { Ajv, type ErrorObject } from 'ajv';

/**
 * The shape an incoming Bot Framework activity must have before botbuilder sees it. botbuilder
 * trusts what it is given: a `serviceUrl` that is not a string throws inside it (a 500), an empty
 * one sends the reply to a public host, a missing `conversation` throws inside the turn. Only
 * what the bot reads is checked; other fields pass as they are.
 */
const id = { type: 'string', minLength: 1, maxLength: 1024 } as const;
const optionalText = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const account = {
  type: 'object',
  required: ['id'],
  properties: { id, name: optionalText(1024), aadObjectId: optionalText(128), role: optionalText(64) },
} as const;
const idAndName = { type: 'object', properties: { id: optionalText(1024), name: optionalText(1024) } } as const;

/** Chat text the bot parses as a command: far more than any command needs, far less than a Table property. */
export const maxActivityText = 10_000;

/**
 * A message extension search (composeExtension/query), as Teams sends it: the command, its
 * parameters (name and text; `initialRun` when the command opens) and the page asked for. What is
 * missing or too long for a search is answered in the results pane, so only the types are checked.
 */
const searchQueryValue = {
  type: 'object',
  properties: {
    commandId: optionalText(64),
    parameters: {
      type: 'array',
      maxItems: 5,
      items: { type: 'object', properties: { name: optionalText(64), value: optionalText(maxActivityText) } },
    },
    queryOptions: { type: 'object', properties: { skip: { type: 'integer', minimum: 0 }, count: { type: 'integer', minimum: 0 } } },
  },
} as const;

/** A link pasted in the compose box (composeExtension/queryLink): its URL. */
const linkQueryValue = { type: 'object', required: ['url'], properties: { url: { type: 'string', minLength: 1, maxLength: 8192 } } } as const;

/** The `value` an invoke of this name must have. */
function invokeValue<S extends object>(name: string, value: S) {
  return {
    if: { properties: { type: { const: 'invoke' }, name: { const: name } }, required: ['type', 'name'] },
    then: { properties: { value } },
  } as const;
}

export const activitySchema = {
  $id: 'upgrade-desk/activity',
  type: 'object',
  required: ['type', 'id', 'serviceUrl', 'conversation', 'from'],
  properties: {
    type: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z/]*$' },
    id,
    serviceUrl: { type: 'string', minLength: 1, maxLength: 2048, format: 'http-url' },
    channelId: { type: 'string', minLength: 1, maxLength: 64 },
    timestamp: optionalText(64),
    localTimestamp: optionalText(64),
    locale: optionalText(64),
    from: account,
    recipient: account,
    conversation: {
      type: 'object',
      required: ['id'],
      properties: { id, tenantId: optionalText(128), conversationType: optionalText(64), name: optionalText(1024), isGroup: { type: 'boolean' } },
    },
    text: optionalText(maxActivityText),
    textFormat: optionalText(64),
    replyToId: optionalText(1024),
    name: optionalText(256),
    action: optionalText(64),
    channelData: {
      type: 'object',
      properties: { tenant: idAndName, team: idAndName, channel: idAndName, eventType: optionalText(128) },
    },
    membersAdded: { type: 'array', maxItems: 1000, items: account },
    membersRemoved: { type: 'array', maxItems: 1000, items: account },
    attachments: { type: 'array', maxItems: 50, items: { type: 'object' } },
    entities: { type: 'array', maxItems: 100, items: { type: 'object' } },
  },
  allOf: [
    // An invoke (a card's Action.Execute, a message extension's search) names what it invokes and carries its data as an object.
    {
      if: { properties: { type: { const: 'invoke' } }, required: ['type'] },
      then: { required: ['name', 'value'], properties: { name: { type: 'string', minLength: 1 }, value: { type: 'object' } } },
    },
    invokeValue('composeExtension/query', searchQueryValue),
    invokeValue('composeExtension/queryLink', linkQueryValue),
  ],
} as const;

/** An http(s) URL with a host, nothing else: no spaces, no other scheme. */
function isHttpUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const validate = new Ajv({ allErrors: true, formats: { 'http-url': isHttpUrl } }).compile(activitySchema);

export interface ActivityProblem {
  field: string;
  message: string;
}

/** What is wrong with the body as an activity, one problem per field; empty when it is one. */
export function activityProblems(body: unknown): ActivityProblem[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [{ field: '(body)', message: 'must be a JSON object: a Bot Framework activity' }];
  if (validate(body)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map(toProblem)
    .filter((p) => !seen.has(p.field) && seen.add(p.field));
}

const typeNames: Record<string, string> = { string: 'text', object: 'an object', array: 'a list', boolean: 'true or false', integer: 'a whole number' };

function toProblem(err: ErrorObject): ActivityProblem {
  const path = err.instancePath
    .split('/')
    .slice(1)
    .reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
  const missing = err.keyword === 'required' ? String(err.params.missingProperty) : undefined;
  const field = missing ? (path ? `${path}.${missing}` : missing) : path || '(body)';
  const p = err.params as Record<string, unknown>;
  const message = (() => {
    switch (err.keyword) {
      case 'required':
        return 'is required';
      case 'type':
        return `must be ${typeNames[String(p.type)] ?? String(p.type)}`;
      case 'format':
        return 'must be an http(s) URL';
      case 'minLength':
        return 'must not be empty';
      case 'maxLength':
        return `must be at most ${String(p.limit)} characters`;
      case 'maxItems':
        return `must list at most ${String(p.limit)} items`;
      case 'minimum':
        return `must be at least ${String(p.limit)}`;
      case 'pattern':
        return 'is not an activity type';
      default:
        return err.message ?? 'is not valid';
    }
  })();
  return { field, message };
}
