import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { alexTheCsa, startAppHarness } from '../support/app-harness';
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

    for (let i = 0; i < 20; i++) await app.say('windows contoso');
    const chat: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      const replies = await app.say('windows contoso');
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
