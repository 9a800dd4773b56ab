import assert from 'node:assert/strict';
import { Outbox, type NoticeTarget } from '../../../bot/src/delivery/outbox';
import { systemClock } from '../../../bot/src/usecases/ports';
import type { WorkerProcessConfig } from '../../support/outbox-worker-process';
import { cardMessage, eventually, installChannels, openDeliveryHarness, type DeliveryHarness } from './harness';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

describe('outbox: a worker killed with kill -9 in the middle of a fan-out', function () {
  this.timeout(90_000);
  let h: DeliveryHarness;
  const workers: WorkerProcess[] = [];

  before(async () => {
    h = await openDeliveryHarness();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  after(() => h.close());

  const config = (owner: string): WorkerProcessConfig => ({
    connectionString: h.connectionString,
    tablePrefix: h.tablePrefix,
    owner,
    leaseInMs: 3_000,
    repointAfterInMs: 1_000,
    sweepIntervalInMs: 250,
    tenantBudgetPerSecond: 50,
    fireTimers: false,
  });

  /** Kills the worker during the fan-out, starts another, and checks the outcome against the sends in flight. */
  async function killAndRecover(first: WorkerProcess, noticeId: string, targets: NoticeTarget[], owner: string): Promise<void> {
    const ours = new Set(targets.map((t) => t.conversationId));
    const posts = () => h.standin.received().filter((a) => a.method === 'POST' && ours.has(a.conversationId));
    // Killed the moment Teams accepts the 101st message, before its answer gets back: sends are in flight.
    await h.standin.waitFor(() => posts().length > 100, 20_000);
    await first.kill9();
    await new Promise((r) => setTimeout(r, 200)); // anything the dead process wrote to a socket has arrived

    // Sends in flight: rows the dead worker still holds whose message Teams had already accepted.
    const postedAtKill = new Set(posts().map((p) => p.conversationId));
    const rowsAtKill = (await h.storage.deliveries.list(noticeId)).map((r) => r.value);
    const leasedByDead = rowsAtKill.filter((r) => r.state === 'sending' && r.leaseOwner === owner);
    const inFlight = leasedByDead.filter((r) => postedAtKill.has(r.conversationId)).length;
    assert.ok(rowsAtKill.filter((r) => r.state === 'sent').length < targets.length, 'the kill came in the middle of the fan-out');

    workers.push(await startWorkerProcess(config(`${owner}-restarted`)));
    const outbox = new Outbox({ ...h.storage, clock: systemClock });
    await eventually(async () => (await outbox.report(noticeId))!.sent === targets.length, 40_000, 'every delivery after the restart');

    const perConversation = new Map<string, number>();
    for (const p of posts()) perConversation.set(p.conversationId, (perConversation.get(p.conversationId) ?? 0) + 1);
    assert.equal(perConversation.size, targets.length, 'every channel got the notice');
    const duplicates = [...perConversation.values()].reduce((sum, n) => sum + n - 1, 0);
    console.log(`      kill -9 after ${postedAtKill.size} posts: ${leasedByDead.length} rows leased by the dead worker, ${inFlight} sends in flight, ${duplicates} duplicates`);
    assert.ok(duplicates <= inFlight, `${duplicates} duplicates, more than the ${inFlight} sends in flight`);
  }

  it('completes every delivery after a restart, repeating no more than the sends in flight', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 2, channels: 150, firstTenant: 200 });
    const first = await startWorkerProcess(config('queued'));
    workers.push(first);
    // Enqueued by another process (the API, say): the deliveries reach the worker through the queue.
    await new Outbox({ ...h.storage, clock: systemClock }).enqueue({ id: 'crash:queued', kind: 'townhall', clientId: 'vendor', activity: cardMessage('5.0'), targets });
    await killAndRecover(first, 'crash:queued', targets, 'queued');
  });

  it('also when the dead process had enqueued the notice itself (its deliveries leased at creation, no pointers)', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 2, channels: 150, firstTenant: 210 });
    const first = await startWorkerProcess({ ...config('local'), enqueue: { id: 'crash:local', text: '5.1', targets } });
    workers.push(first);
    await killAndRecover(first, 'crash:local', targets, 'local');
  });
});
