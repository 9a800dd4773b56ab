import type { AdaptiveCard, CardAction, CardElement, ExecuteAction, ShowCardAction } from '../../../../bot/src/cards/adaptive-card';

function elementsOf(items: readonly CardElement[]): CardElement[] {
  return items.flatMap((e): CardElement[] => {
    if (e.type === 'Container') return [e, ...elementsOf(e.items)];
    if (e.type === 'ColumnSet') return [e, ...e.columns.flatMap((c) => elementsOf(c.items))];
    return [e];
  });
}

/** Every action on a card: its own, those in action sets, and those inside Action.ShowCard sub-cards. */
export function actionsOf(target: AdaptiveCard): CardAction[] {
  const own = [
    ...(target.actions ?? []),
    ...elementsOf(target.body).flatMap((e) => (e.type === 'ActionSet' ? e.actions : [])),
  ];
  return own.flatMap((a) => (a.type === 'Action.ShowCard' ? [a, ...actionsOf(a.card)] : [a]));
}

export function executes(target: AdaptiveCard, verb?: string): ExecuteAction[] {
  return actionsOf(target).filter((a): a is ExecuteAction => a.type === 'Action.Execute' && (!verb || a.verb === verb));
}

export function showCards(target: AdaptiveCard): ShowCardAction[] {
  return actionsOf(target).filter((a): a is ShowCardAction => a.type === 'Action.ShowCard');
}

export function titles(target: AdaptiveCard): string[] {
  return actionsOf(target).map((a) => a.title);
}

/** Every input's id, sub-cards included. */
export function inputIdsOf(target: AdaptiveCard): string[] {
  const own = elementsOf(target.body).flatMap((e) => ('id' in e && e.type.startsWith('Input.') ? [e.id] : []));
  return [...own, ...showCards(target).flatMap((s) => inputIdsOf(s.card))];
}

/** What a person reads on the card (texts, facts, choices, labels, button titles), sub-cards included, one item a line. */
export function readable(target: AdaptiveCard): string {
  const lines: string[] = [];
  for (const e of elementsOf(target.body)) {
    if (e.type === 'TextBlock') lines.push(e.text);
    if (e.type === 'FactSet') lines.push(...e.facts.map((f) => `${f.title}: ${f.value}`));
    if (e.type === 'Input.ChoiceSet') lines.push(e.label ?? '', ...e.choices.map((c) => c.title));
    if (e.type === 'Input.Toggle') lines.push(e.title);
    if (e.type === 'Input.Text' || e.type === 'Input.Date' || e.type === 'Input.Time') lines.push(e.label ?? '');
  }
  for (const a of actionsOf(target)) lines.push(`[${a.title}]`);
  for (const s of showCards(target)) lines.push(readable(s.card));
  return lines.join('\n');
}
