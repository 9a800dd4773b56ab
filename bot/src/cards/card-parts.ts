import type { UpgradeWindow } from '../domain/window';
import { text, type ActionSet, type AdaptiveCard, type CardAction, type CardElement, type TextBlock } from './adaptive-card';
import { formatInZone, formatSpan } from './format';
import { execute, type CardActionData } from './verbs';

export type { ViewerRole } from '../usecases/views/viewer-role';
export { formatCalendarDate, instantInZoneAndUtc } from '../domain/time-format';

/** Teams refreshes a card automatically for at most 60 listed users. */
export const maxRefreshUsers = 60;

/** A window as two facts: in the client's zone and in UTC. */
export function windowFacts(window: UpgradeWindow, timeZone: string, label = 'Window'): [string, string][] {
  return [
    [`${label} (${timeZone})`, formatSpan(window.startsAt, window.endsAt, timeZone)],
    [`${label} (UTC)`, formatSpan(window.startsAt, window.endsAt, 'UTC')],
  ];
}


export const subtle = (value: string): TextBlock => text(value, { isSubtle: true, size: 'Small', spacing: 'None' });

export const heading = (value: string): TextBlock => text(value, { weight: 'Bolder', spacing: 'Medium' });

/** One line per item, each with a bullet, so long items wrap cleanly. */
export function bullets(items: readonly string[], mark = '•'): TextBlock[] {
  return items.map((item) => text(`${mark} ${item}`, { spacing: 'None' }));
}

export function actionSet(actions: CardAction[]): ActionSet {
  return { type: 'ActionSet', actions };
}

/** Nothing when the condition is false: for optional parts of a card body. */
export function when<T>(condition: unknown, ...items: T[]): T[] {
  return condition ? items : [];
}

/** A fact only when there is a value; `show` formats it. */
export function factIf(label: string, value: string | undefined, show: (value: string) => string = (v) => v): [string, string][] {
  return value === undefined || value === '' ? [] : [[label, show(value)]];
}

/** A refresh that rebuilds the card for the listed users (deduplicated, at most 60). */
export function withRefresh(target: AdaptiveCard, data: CardActionData<'card.refresh'>, userIds: readonly string[]): AdaptiveCard {
  return {
    ...target,
    refresh: { action: execute('Refresh', data), userIds: [...new Set(userIds)].slice(0, maxRefreshUsers) },
  };
}

/** A sub-card for an Action.ShowCard: its own body and actions. */
export function subCard(body: CardElement[], actions: CardAction[]): AdaptiveCard {
  return { type: 'AdaptiveCard', version: '1.5', body, actions };
}
