import assert from 'node:assert/strict';
import { assertValidCard, cardsOf } from './card-validation';
import { cardText } from './card-query';
import type { ReceivedActivity, TeamsStandin } from './teams-standin';

/** The text of every card an activity carries. */
export const textOf = (r: ReceivedActivity): string => cardsOf(r.activity).map(cardText).join('\n');

/**
 * Waits for a message at the Teams stand-in and checks its cards against Adaptive Card 1.5. One
 * channel takes at most 8 messages in 2 s (Teams' limit, which the outbox paces below): the
 * default wait allows for a busy channel.
 */
export async function arrives(teams: TeamsStandin, what: string, predicate: (r: ReceivedActivity) => boolean, timeoutInMs = 30_000): Promise<ReceivedActivity> {
  const found = await teams.waitFor(predicate, timeoutInMs).catch(() => undefined);
  if (!found) {
    const seen = teams.received().map((r) => `${r.method} ${r.conversationId}: ${textOf(r).split('\n')[0]}`);
    assert.fail(`nothing arrived: ${what}\nreceived:\n${seen.join('\n')}`);
  }
  cardsOf(found.activity).forEach(assertValidCard);
  return found;
}
