import assert from 'node:assert/strict';
import { createDeliveryRuntime, type DeliveryRuntime } from '../../../bot/src/delivery/delivery-runtime';
import { OutboxSweeper } from '../../../bot/src/delivery/outbox-sweeper';
import { systemClock } from '../../../bot/src/usecases/ports';
import { cardMessage, DrivenClock, eventually, installChannels, openDeliveryHarness, type DeliveryHarness } from './harness';

const textOf = (activity: Record<string, any>) => activity.attachments[0].content.body[0].text as string;

describe('outbox: updates of a posted card go through the same path and coalesce', function () {
  this.timeout(30_000);
  let h: DeliveryHarness;
  let runtime: DeliveryRuntime;

  beforeEach(async () => {
    h = await openDeliveryHarness();
    runtime = createDeliveryRuntime({ stores: h.storage, gateway: h.gateway, clock: systemClock, worker: { idlePollInMs: 100 } });
  });
  afterEach(async () => {
    await runtime.stop();
    await h.close();
  });

  it('sends only the newest of several updates, in place, once per conversation', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 3 });
    await runtime.outbox.enqueue({ id: 'freeze:1', kind: 'content_freeze', clientId: 'c0', activity: cardMessage('Freeze on Friday'), targets });
    await runtime.worker.drain();
    const posts = h.standin.received().filter((a) => a.method === 'POST');
    assert.equal(posts.length, 3);

    for (const day of ['Saturday', 'Sunday', 'Monday']) await runtime.outbox.enqueueUpdate('freeze:1', cardMessage(`Freeze on ${day}`));
    const pending = (await runtime.outbox.report('freeze:1'))!;
    assert.deepEqual([pending.version, pending.sent, pending.pending], [4, 0, 3]);
    await runtime.worker.drain();

    const puts = h.standin.received().filter((a) => a.method === 'PUT');
    assert.equal(puts.length, 3, 'one update per conversation');
    for (const put of puts) {
      assert.equal(textOf(put.activity), 'Freeze on Monday');
      assert.equal(put.activityId, posts.find((p) => p.conversationId === put.conversationId)!.activityId);
    }
    const report = (await runtime.outbox.report('freeze:1'))!;
    assert.deepEqual([report.sent, report.pending], [3, 0]);
    assert.ok(report.deliveries.every((d) => d.sentVersion === 4));
    assert.equal(h.standin.received().filter((a) => a.method === 'POST').length, 3, 'never posted twice');
  });

  it('posts the newest version when the updates came before the first send', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 2 });
    await runtime.outbox.enqueue({ id: 'outage:1', kind: 'outage', clientId: 'c0', activity: cardMessage('v1'), targets });
    await runtime.outbox.enqueueUpdate('outage:1', cardMessage('v2'));
    await runtime.outbox.enqueueUpdate('outage:1', cardMessage('v3'));
    await runtime.worker.drain();
    const received = h.standin.received();
    assert.deepEqual(received.map((a) => [a.method, textOf(a.activity)]), [['POST', 'v3'], ['POST', 'v3']]);
  });

  it('ends with the newest version everywhere when updates race the sends', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 2, channels: 10 });
    runtime.start();
    await runtime.outbox.enqueue({ id: 'race:1', kind: 'notice', clientId: 'c0', activity: cardMessage('v1'), targets });
    await new Promise((r) => setTimeout(r, 30));
    await runtime.outbox.enqueueUpdate('race:1', cardMessage('v2'));
    await runtime.outbox.enqueueUpdate('race:1', cardMessage('v3'));
    await eventually(async () => (await runtime.outbox.report('race:1'))!.sent === 20, 15_000, 'v3 everywhere');
    for (const t of targets) {
      const seen = h.standin.received(t.conversationId);
      assert.equal(seen.filter((a) => a.method === 'POST').length, 1);
      assert.equal(textOf(seen.at(-1)!.activity), 'v3');
      assert.ok(seen.length <= 3, 'at most the post, one stale update in flight, and the newest');
    }
  });

  it('keeps up with a stream of updates while it sends: the newest always arrives', async () => {
    // Slow answers: every update lands while the previous one is on its way (the row is leased).
    const slow = await openDeliveryHarness({ standin: { limits: true, latencyInMs: 200 } });
    const busy = createDeliveryRuntime({ stores: slow.storage, gateway: slow.gateway, clock: systemClock, worker: { idlePollInMs: 50 } });
    try {
      const [channel] = await installChannels(slow.storage.references, slow.standin.url, { tenants: 1, channels: 1 });
      busy.start();
      await busy.outbox.enqueue({ id: 'ticket:1', kind: 'ticket', clientId: 'c0', activity: cardMessage('step 0'), targets: [channel!] });
      for (let step = 1; step <= 12; step++) {
        await new Promise((r) => setTimeout(r, 150));
        await busy.outbox.enqueueUpdate('ticket:1', cardMessage(`step ${step}`));
      }
      const last = await slow.standin.waitFor((a) => textOf(a.activity) === 'step 12', 10_000);
      assert.equal(last.method, 'PUT');
      assert.ok(slow.standin.received().length < 13, 'updates coalesced');
    } finally {
      await busy.stop();
      await slow.close();
    }
  });

  it('a card updated many times still gets its retries: a transient failure after ten updates is retried, not final', async () => {
    await runtime.stop();
    runtime = createDeliveryRuntime({ stores: h.storage, gateway: h.gateway, clock: systemClock, worker: { idlePollInMs: 100, maxAttempts: 3, backoff: { baseInMs: 10, capInMs: 50 } } });
    const [target] = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 1 });
    await runtime.outbox.enqueue({ id: 'ticket:1', kind: 'ticket', clientId: 'c0', activity: cardMessage('v1'), targets: [target!] });
    await runtime.worker.drain();
    for (let v = 2; v <= 11; v++) {
      await runtime.outbox.enqueueUpdate('ticket:1', cardMessage(`v${v}`));
      await runtime.worker.drain();
    }
    h.standin.answer(target!.conversationId, 503, { times: 1 });
    await runtime.outbox.enqueueUpdate('ticket:1', cardMessage('v12'));
    await runtime.worker.drain();
    const report = (await runtime.outbox.report('ticket:1'))!;
    assert.deepEqual([report.sent, report.failed], [1, 0]);
    assert.equal(report.deliveries[0]!.sentVersion, 12);
    assert.equal(textOf(h.standin.received(target!.conversationId).at(-1)!.activity), 'v12');
  });

  it('does not update where the first send failed for good', async () => {
    const [ok, removed] = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 2 });
    h.standin.answer(removed!.conversationId, 403);
    await runtime.outbox.enqueue({ id: 'n:1', kind: 'notice', clientId: 'c0', activity: cardMessage('v1'), targets: [ok!, removed!] });
    await runtime.worker.drain();
    await runtime.outbox.enqueueUpdate('n:1', cardMessage('v2'));
    await runtime.worker.drain();
    assert.equal(h.standin.requests(removed!.conversationId).length, 1);
    assert.deepEqual(h.standin.received(ok!.conversationId).map((a) => a.method), ['POST', 'PUT']);
    const report = (await runtime.outbox.report('n:1'))!;
    assert.deepEqual([report.sent, report.failed], [1, 1]);
  });

  it('the sweeper re-points deliveries whose pointers were lost, and closes finished notices', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 2 });
    await runtime.outbox.enqueue({ id: 'lost:1', kind: 'notice', clientId: 'c0', activity: cardMessage('v1'), targets });
    await h.storage.pointers.clear(); // the queue lost every pointer
    const clock = new DrivenClock(new Date());
    const sweeper = new OutboxSweeper({ ...h.storage, clock, repointAfterInMs: 60_000 });
    assert.deepEqual(await sweeper.sweepOnce(), { repointed: 0, closed: 0 }, 'nothing is stale yet');
    clock.advance(61_000);
    assert.deepEqual(await sweeper.sweepOnce(), { repointed: 2, closed: 0 });
    await runtime.worker.drain();
    assert.equal(h.standin.received().length, 2);

    await runtime.outbox.enqueueUpdate('lost:1', cardMessage('v2'));
    await h.storage.pointers.clear();
    clock.advance(61_000);
    assert.deepEqual(await sweeper.sweepOnce(), { repointed: 2, closed: 0 });
    await runtime.worker.drain();
    assert.deepEqual(h.standin.received().map((a) => a.method), ['POST', 'POST', 'PUT', 'PUT']);
    clock.advance(61_000);
    assert.deepEqual(await sweeper.sweepOnce(), { repointed: 0, closed: 1 });
    assert.deepEqual(await h.storage.notices.listOpen(), []);
  });
});
