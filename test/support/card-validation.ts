import Ajv from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';

/** The Adaptive Card 1.5 schema kept among the test fixtures (source and licence in its README). */
export const adaptiveCardSchemaPath = fileURLToPath(new URL('../fixtures/schemas/adaptive-card-1.5.0.json', import.meta.url));
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js');

let validateSchema: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (validateSchema) return validateSchema;
  if (!existsSync(adaptiveCardSchemaPath))
    throw new Error(`The Adaptive Card 1.5 schema is missing at ${adaptiveCardSchemaPath}: cards cannot be checked without it.`);
  const schema = JSON.parse(readFileSync(adaptiveCardSchemaPath, 'utf8'));
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addMetaSchema(draft06);
  return (validateSchema = ajv.compile(schema));
}

/** Problems with a card: against the Adaptive Card 1.5 JSON schema and the adaptivecards parser. Empty when valid. */
export function cardProblems(cardJson: unknown): string[] {
  const problems: string[] = [];
  const validate = schemaValidator();
  if (!validate(cardJson)) {
    problems.push(...(validate.errors ?? []).map((e) => `schema: ${e.instancePath || '/'} ${e.message ?? ''}`));
  }
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(cardJson, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parser: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) problems.push(`parser: ${event.message}`);
  const { version, refresh } = cardJson as { version?: string; refresh?: unknown };
  if (version === '1.3') {
    // Teams renders no more in a link's unfurling: nothing of 1.4 (Action.Execute, refresh) or 1.5 may be in it.
    const text = JSON.stringify(cardJson);
    if (refresh !== undefined || /"Action\.Execute"|"Table"/.test(text))
      problems.push('a 1.3 card uses something newer than 1.3');
  } else if (version !== '1.5') problems.push('card version is not 1.5 (or 1.3)');
  return problems;
}

/** Fails with every problem listed when the card is not a valid Adaptive Card 1.5 (or a 1.3 one using nothing newer). */
export function assertValidCard(cardJson: unknown): void {
  const problems = cardProblems(cardJson);
  if (problems.length) throw new Error(`Invalid Adaptive Card:\n  ${problems.join('\n  ')}\n${JSON.stringify(cardJson, null, 2).slice(0, 2000)}`);
}

/** Every Adaptive Card attached to an activity. */
export function cardsOf(activity: { attachments?: { contentType?: string; content?: unknown }[] }): unknown[] {
  return (activity.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content);
}
