import assert from 'node:assert/strict';
import { Outbox } from '../../../bot/src/delivery/outbox';
import { Scheduler } from '../../../bot/src/delivery/scheduler';
import { timerKinds } from '../../../bot/src/delivery/timer-ports';
import { systemClock } from '../../../bot/src/usecases/ports';
import { cardMessage, eventually, installChannels, openDeliveryHarness, type DeliveryHarness } from './harness';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

describe('outbox and scheduler: two bot processes sharing one storage account', function () {
  this.timeout(60_000);
  let h: DeliveryHarness;
  const workers: WorkerProcess[] = [];

  before(async () => {
    h = await openDeliveryHarness();
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await h.close();
  });

  it('drain one outbox and fire one set of timers, each delivery and timer exactly once', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 6, channels: 25, firstTenant: 300 });
    const config = {
      connectionString: h.connectionString,
      tablePrefix: h.tablePrefix,
      leaseInMs: 30_000,
      repointAfterInMs: 2_000,
      sweepIntervalInMs: 500,
      // Teams' 50 a second per tenant, shared by the two processes.
      tenantBudgetPerSecond: 25,
      fireTimers: true,
    };
    workers.push(...(await Promise.all(['one', 'two'].map((instance) => startWorkerProcess({ ...config, instance })))));

    const outbox = new Outbox({ ...h.storage, clock: systemClock });
    const scheduler = new Scheduler(h.storage.timers, systemClock);
    const soon = (ms: number) => new Date(Date.now() + ms);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => scheduler.schedule({ id: `timer-${i}`, kind: timerKinds[i % timerKinds.length]!, dueAt: soon((i % 5) * 200) })),
    );
    const notices = ['townhall:5.0', 'freeze:CHG-1', 'outage:CHG-1'];
    for (const id of notices) await outbox.enqueue({ id, kind: id.split(':')[0]!, clientId: 'c', activity: cardMessage(id), targets });

    await eventually(async () => {
      const reports = await Promise.all(notices.map((id) => outbox.report(id)));
      return reports.every((r) => r!.sent === targets.length);
    }, 40_000, 'every delivery of the three notices');
    const fired = () => workers.flatMap((w) => w.events.filter((e) => e.fired));
    await eventually(() => fired().length >= 30, 10_000, 'every timer');
    await new Promise((r) => setTimeout(r, 500)); // time for a late duplicate to show

    const posts = h.standin.received().filter((a) => a.method === 'POST');
    assert.equal(posts.length, notices.length * targets.length, 'no delivery sent twice');
    const pairs = new Set(posts.map((p) => `${p.conversationId} ${p.activity.attachments[0].content.body[0].text}`));
    assert.equal(pairs.size, notices.length * targets.length, 'every (notice, conversation) once');
    assert.equal(h.standin.http429, 0);

    const ids = fired().map((e) => e.fired);
    assert.equal(ids.length, 30, 'no timer fired twice');
    assert.equal(new Set(ids).size, 30);
    const owners = new Set(fired().map((e) => e.owner));
    console.log(`      timers fired by: ${[...owners].join(', ')}; deliveries: ${posts.length}`);
  });
});
