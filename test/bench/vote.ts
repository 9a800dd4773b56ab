import { performance } from 'node:perf_hooks';
import { odata, TableClient } from '@azure/data-tables';
import { startAppHarness, type TeamsUser } from '../support/app-harness';
import { sharedAzurite, uniquePrefix } from '../support/azurite';
import { cardProblems } from '../support/card-validation';
import { addClient, addUpgrade } from '../support/fixtures';
import { percentile, round, type Figure } from './figure';

const engineer: TeamsUser = { tenantId: '00000000-0000-0000-0000-0000000000001', aadObjectId: '00000000-0000-0000-0000-0000000000021', name: 'Megan Bowen' };

/**
 * An Action.Execute vote's round trip over HTTP (activity in, card out), against the p50 of the
 * raw Table operations a vote was specified to need (read the upgrade, read its votes, write the
 * vote), measured in the same run. (A vote now writes the upgrade once, from the version this
 * process last saw.) Decisions of 12 owners each, as clients have; votes come from the channel
 * thread. The raw operations' own p99 is printed beside, to show how noisy the machine is.
 */
export async function voteFigures(decisions = 40, votesEach = 11): Promise<Figure[]> {
  const app = await startAppHarness({ delivery: {} });
  try {
    const ballots: { owner: TeamsUser; upgradeId: string; decisionId: string }[] = [];
    for (let d = 0; d < decisions; d++) {
      const { owners } = await addClient(app.stores, `benchvote${d}`, { owners: votesEach + 1, goRule: 'all' });
      const window = { startsAt: '2026-11-25T06:00:00.000Z', endsAt: '2026-11-25T12:00:00.000Z' };
      const upgradeId = await addUpgrade(app.stores, `benchvote${d}`, { state: 'in_progress', window, lastCommunication: 'validation_start' });
      await app.say(`event ${upgradeId} overrun Index rebuild is slow`, engineer);
      const decisionId = (await app.stores.upgrades.get(upgradeId))!.value.decision!.id;
      for (const owner of owners.slice(0, votesEach)) ballots.push({ owner, upgradeId, decisionId });
    }

    const azurite = await sharedAzurite();
    const raw = (name: string) => TableClient.fromConnectionString(azurite.connectionString, `${uniquePrefix('raw')}${name}`, { allowInsecureConnection: true });
    const upgrades = raw('upgrades');
    const voteTable = raw('votes');
    await Promise.all([upgrades.createTable(), voteTable.createTable()]);
    for (const id of new Set(ballots.map((b) => b.upgradeId))) await upgrades.createEntity({ partitionKey: id, rowKey: 'upgrade', state: 'awaiting_decision' });

    const warmUp = 50;

    const trips: number[] = [];
    const floors: number[] = [];
    for (const [i, b] of ballots.entries()) {
      let t = performance.now();
      const card = await app.invoke({ verb: 'decision.vote', upgradeId: b.upgradeId, decisionId: b.decisionId, vote: 'go' }, b.owner, {}, {
        conversationId: `19:bench@thread.tacv2;messageid=${b.upgradeId}`,
        conversationType: 'channel',
      });
      if (i >= warmUp) trips.push(performance.now() - t);
      // Checking the answered card is the harness's work, not the vote's: it stays outside the clock.
      const problems = cardProblems(card);
      if (problems.length) throw new Error(`a vote answered an invalid card: ${problems.join('; ')}`);
      t = performance.now();
      await upgrades.getEntity(b.upgradeId, 'upgrade');
      for await (const row of voteTable.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${b.upgradeId}` } })) void row;
      await voteTable.createEntity({ partitionKey: b.upgradeId, rowKey: `${b.decisionId}-${b.owner.aadObjectId}`, vote: 'go' });
      if (i >= warmUp) floors.push(performance.now() - t);
    }
    const floor = round(percentile(floors, 50));
    const p50 = round(percentile(trips, 50));
    const p99 = round(percentile(trips, 99));
    const floorP99 = round(percentile(floors, 99));
    return [
      { name: 'vote_round_trip_p50', value: p50, unit: 'ms', baseline: floor, ratio: round(p50 / floor, 2), target: 'informative (the p99 has the target)' },
      { name: 'vote_round_trip_p99', value: p99, unit: 'ms', baseline: floor, ratio: round(p99 / floor, 2), target: 'ratio < 3 (p99 vote vs p50 of its raw table operations)', goal: { of: 'ratio', op: '<', limit: 3 } },
      { name: 'vote_raw_operations_p99', value: floorP99, unit: 'ms', baseline: floor, ratio: round(floorP99 / floor, 2), target: 'informative (the raw operations\' own tail on this machine)' },
    ];
  } finally {
    await app.close();
  }
}
