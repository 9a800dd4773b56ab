import type { GoRule } from './client';
import type { Vote } from './upgrade';

export interface Tally {
  go: number;
  noGo: number;
  eligible: number;
  outcome?: Vote;
}

/** Counts the owners' votes under the client's rule. One No-Go is enough; Go needs any, a majority, or all. */
export function tallyVotes(rule: GoRule, ownerIds: readonly string[], votes: ReadonlyMap<string, Vote>): Tally {
  let go = 0;
  let noGo = 0;
  for (const owner of new Set(ownerIds)) {
    const v = votes.get(owner);
    if (v === 'go') go++;
    else if (v === 'no_go') noGo++;
  }
  const eligible = new Set(ownerIds).size;
  const needed = rule === 'any' ? 1 : rule === 'majority' ? Math.floor(eligible / 2) + 1 : eligible;
  const outcome: Vote | undefined = noGo > 0 ? 'no_go' : eligible > 0 && go >= needed ? 'go' : undefined;
  return { go, noGo, eligible, outcome };
}
