import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { demoTenants } from '../../bot/dev/demo-data';
import { startAppHarness, type TeamsUser } from '../support/app-harness';
import { sharedAzurite } from '../support/azurite';
import { percentile, round, type Figure } from './figure';

/** A chat command's round trip over HTTP (activity in, reply at the loopback Teams stand-in), against one table read. */
export async function chatFigures(rounds = 200): Promise<Figure[]> {
  const app = await startAppHarness();
  try {
    const azurite = await sharedAzurite();
    const prefix = randomUUID().replace(/-/g, '').slice(0, 8);
    const table = TableClient.fromConnectionString(azurite.connectionString, `bench${prefix}`, { allowInsecureConnection: true });
    await table.createTable();
    await table.createEntity({ partitionKey: 'client', rowKey: 'contoso', name: 'Contoso', timeZone: 'Europe/London' });

    // Sixty people of the three demo clients take turns, as a client's people do: one person's chat
    // stays under Teams' per-conversation limits (the bot paces its replies by them, as Teams would).
    const people = (['contoso', 'fabrikam', 'northwind'] as const).flatMap((client) =>
      Array.from({ length: 20 }, (_, i): [TeamsUser, string] => [
        { tenantId: demoTenants[client], aadObjectId: `${client}-bench-${i}`, name: `${client} person ${i}` },
        `windows ${client}`,
      ]),
    );
    const say = (i: number) => app.say(people[i % people.length]![1], people[i % people.length]![0]);
    for (let i = 0; i < people.length; i++) await say(i);
    const chat: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      const replies = await say(i);
      if (replies.length !== 1) throw new Error('the bench command got no reply');
      chat.push(performance.now() - t);
      t = performance.now();
      await table.getEntity('client', 'contoso');
      reads.push(performance.now() - t);
    }
    const read50 = round(percentile(reads, 50));
    const p50 = round(percentile(chat, 50));
    const p99 = round(percentile(chat, 99));
    return [
      { name: 'chat_round_trip_p50', value: p50, unit: 'ms', baseline: read50, ratio: round(p50 / read50, 2), target: 'ratio <= 15 (a command costs a handful of table reads)', goal: { of: 'ratio', op: '<=', limit: 15 } },
      { name: 'chat_round_trip_p99', value: p99, unit: 'ms', baseline: read50, ratio: round(p99 / read50, 2), target: 'ratio <= 40', goal: { of: 'ratio', op: '<=', limit: 40 } },
      { name: 'table_read_p50', value: read50, unit: 'ms', target: 'informative: the baseline (Azurite on loopback)' },
    ];
  } finally {
    await app.close();
  }
}
