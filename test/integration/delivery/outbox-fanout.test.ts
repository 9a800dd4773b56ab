import assert from 'node:assert/strict';
import { createDeliveryRuntime, type DeliveryRuntime } from '../../../bot/src/delivery/delivery-runtime';
import type { PointerQueue } from '../../../bot/src/delivery/outbox-ports';
import { systemClock } from '../../../bot/src/usecases/ports';
import { cardMessage, eventually, installChannels, openDeliveryHarness, type DeliveryHarness } from './harness';

describe('outbox: fan-out through the Teams stand-in with its limits on', function () {
  this.timeout(60_000);
  let h: DeliveryHarness;
  let runtime: DeliveryRuntime;

  before(async () => {
    h = await openDeliveryHarness();
    runtime = createDeliveryRuntime({ stores: h.storage, gateway: h.gateway, clock: systemClock, worker: { idlePollInMs: 100 } });
    runtime.start();
  });
  after(async () => {
    await runtime.stop();
    await h.close();
  });

  it('delivers a notice to every channel once: none lost, none twice, no 429', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 4, channels: 30 });
    const notice = { id: 'townhall:5.0', kind: 'townhall', clientId: 'vendor', activity: cardMessage('Release 5.0'), targets: [...targets, targets[0]!] };

    const enqueued = await runtime.outbox.enqueue(notice);
    assert.deepEqual(enqueued, { noticeId: 'townhall:5.0', deliveries: 120, created: true });
    await eventually(async () => (await runtime.outbox.report(notice.id))?.sent === 120, 20_000, 'every delivery sent');

    const posts = h.standin.received().filter((a) => a.method === 'POST');
    assert.equal(posts.length, 120);
    assert.deepEqual(new Set(posts.map((p) => p.conversationId)), new Set(targets.map((t) => t.conversationId)));
    assert.equal(h.standin.http429, 0);
    const report = (await runtime.outbox.report(notice.id))!;
    assert.deepEqual([report.sent, report.pending, report.failed], [120, 0, 0]);
    for (const d of report.deliveries) {
      const post = posts.find((p) => p.conversationId === d.conversationId)!;
      assert.equal(d.activityId, post.activityId);
      assert.equal(post.activity.attachments[0].content.body[0].text, 'Release 5.0');
      assert.equal(post.tenantId, d.tenantId);
    }

    // The same notice again (a retry after a crash, say) sends nothing more.
    const again = await runtime.outbox.enqueue(notice);
    assert.equal(again.created, false);
    await runtime.worker.drain();
    assert.equal(h.standin.received().filter((a) => a.method === 'POST').length, 120);
  });

  it('a notice larger than the worker holds: rows beyond its places wait leased in storage and are read back; a tenant beyond two seconds of its budget goes through the queue', async () => {
    // A worker of 100 places holds 200 rows in memory and takes at most 100 deliveries (two seconds at 50/s) of one tenant.
    // Its own storage and stand-in: the file's other worker would take from the same queue, with a pacer of its own.
    const own = await openDeliveryHarness();
    const pointerKeys: string[] = [];
    const queue = own.storage.pointers;
    const pointers: PointerQueue = {
      send: (p) => (pointerKeys.push(...p.keys), queue.send(p)),
      receive: (max, visibility) => queue.receive(max, visibility),
      delete: (message) => queue.delete(message),
    };
    const small = createDeliveryRuntime({ stores: { ...own.storage, pointers }, gateway: own.gateway, clock: systemClock, worker: { idlePollInMs: 100, maxInFlight: 100 } });
    small.start();
    try {
      // 460 deliveries leased at creation: at least 260 of them wait in storage and are read back (were
      // they not, they would wait for their 60 s leases). The 30 of one tenant beyond its 100 go through
      // the queue, their keys in the same chunks' ranges as rows read back.
      const many = await installChannels(own.storage.references, own.standin.url, { tenants: 4, channels: 90, firstTenant: 20 });
      const busy = await installChannels(own.storage.references, own.standin.url, { tenants: 1, channels: 130, firstTenant: 30 });
      const targets = [...many, ...busy];
      const id = 'townhall:read-back';
      await small.outbox.enqueue({ id, kind: 'townhall', clientId: 'vendor', activity: cardMessage(id), targets });
      assert.equal(pointerKeys.length, 30, 'deliveries on the queue');
      await eventually(async () => (await small.outbox.report(id))?.sent === targets.length, 30_000, 'every delivery sent');
      const posts = own.standin.received().filter((a) => a.method === 'POST' && a.activity.attachments[0].content.body[0].text === id);
      assert.equal(posts.length, targets.length, 'one post each');
      assert.equal(new Set(posts.map((p) => p.conversationId)).size, targets.length);
      assert.equal(own.standin.http429, 0);
    } finally {
      await small.stop();
      await own.close();
    }
  });

  it('posts into a thread of a channel through the channel\'s reference', async () => {
    const [channel] = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 1, firstTenant: 50 });
    const thread = `${channel!.conversationId};messageid=1700000000001`;
    await runtime.outbox.enqueue({ id: 'chg-1:start', kind: 'communication', clientId: 'c50', activity: cardMessage('Upgrade start'), targets: [{ tenantId: channel!.tenantId, conversationId: thread }] });
    const posted = await h.standin.waitFor((a) => a.conversationId === thread, 10_000);
    assert.equal(posted.method, 'POST');
  });

  it('fails a delivery to a conversation the bot was never installed in, and says why', async () => {
    await runtime.outbox.enqueue({ id: 'lost:1', kind: 'notice', clientId: 'c', activity: cardMessage('x'), targets: [{ tenantId: 'nobody', conversationId: '19:none@thread.tacv2' }] });
    await eventually(async () => (await runtime.outbox.report('lost:1'))?.failed === 1, 10_000, 'the delivery to fail');
    const report = (await runtime.outbox.report('lost:1'))!;
    assert.match(report.deliveries[0]!.reason!, /not installed/);
    assert.equal(h.standin.requests('19:none@thread.tacv2').length, 0);
  });
});
