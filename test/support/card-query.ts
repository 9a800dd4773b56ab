/** Finds things on a card as a person would: its actions by verb, its text. */
type Json = Record<string, any>;

function* walk(node: unknown): Generator<Json> {
  if (Array.isArray(node)) for (const n of node) yield* walk(n);
  else if (node && typeof node === 'object') {
    yield node as Json;
    for (const v of Object.values(node)) yield* walk(v);
  }
}

/** Every Action.Execute on the card (including inside ShowCards) with this verb. */
export function actionsWithVerb(card: unknown, verb: string): Json[] {
  return [...walk(card)].filter((n) => n.type === 'Action.Execute' && n.verb === verb);
}

/** The data of the one action with this verb (and matching fields), failing loudly when absent. */
export function actionData(card: unknown, verb: string, match: Json = {}): Json {
  const found = actionsWithVerb(card, verb).filter((a) => Object.entries(match).every(([k, v]) => a.data?.[k] === v));
  if (found.length === 0) throw new Error(`no ${verb} action${Object.keys(match).length ? ` with ${JSON.stringify(match)}` : ''} on the card:\n${cardText(card)}`);
  return found[0]!.data;
}

/** All the text a person reads on the card, one piece per line. */
export function cardText(card: unknown): string {
  return [...walk(card)]
    .flatMap((n) => [n.text, n.title, n.value, ...(n.type === 'FactSet' ? n.facts.map((f: Json) => `${f.title}: ${f.value}`) : [])])
    .filter((t) => typeof t === 'string')
    .join('\n');
}

/** The values of an Input.ChoiceSet. */
export function choiceValues(card: unknown, id: string): string[] {
  const input = [...walk(card)].find((n) => n.type === 'Input.ChoiceSet' && n.id === id);
  if (!input) throw new Error(`no choice set ${id} on the card`);
  return input.choices.map((c: Json) => c.value);
}
