import type { Activity, TurnContext } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { LogFields, Logger } from '../logging';

/** The correlation id of the request a turn answers, and a logger bound to it (and to the tenant and change id). */
export interface TurnLog {
  correlationId: string;
  log: Logger;
}

const turnLogKey = Symbol('upgrade-desk.turn-log');

export function setTurnLog(context: TurnContext, turnLog: TurnLog): void {
  context.turnState.set(turnLogKey, turnLog);
}

/** The turn's log; a new correlation id when the turn did not come through the messages route. */
export function turnLogOf(context: TurnContext, fallback: Logger): TurnLog {
  const known = context.turnState.get(turnLogKey) as TurnLog | undefined;
  if (known) return known;
  const correlationId = randomUUID();
  const made = { correlationId, log: fallback.child({ correlationId, ...activityFields(context.activity) }) };
  setTurnLog(context, made);
  return made;
}

const changeIdPattern = /\bCHG-\d{4}-\d{4,}\b/i;

/**
 * What the log says of an activity: its id and type, the tenant, and the change id it is about
 * when its text or its card data names one (so one upgrade's requests can be followed).
 */
export function activityFields(activity: Partial<Activity>): LogFields {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenantId = activity.conversation?.tenantId ?? (typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : undefined);
  const fields: LogFields = { activityId: activity.id, activityType: activity.type, tenantId };
  const changeId = changeIdIn(activity);
  if (changeId) fields.changeId = changeId.toUpperCase();
  return fields;
}

function changeIdIn(activity: Partial<Activity>): string | undefined {
  const inText = typeof activity.text === 'string' ? changeIdPattern.exec(activity.text)?.[0] : undefined;
  if (inText) return inText;
  const data = (activity.value as { action?: { data?: Record<string, unknown> } } | undefined)?.action?.data;
  if (!data || typeof data !== 'object') return undefined;
  for (const value of Object.values(data)) if (typeof value === 'string' && changeIdPattern.test(value)) return changeIdPattern.exec(value)![0];
  return undefined;
}
