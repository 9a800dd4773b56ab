import assert from 'node:assert/strict';
import { createDeliveryRuntime, type DeliveryRuntime } from '../../../bot/src/delivery/delivery-runtime';
import { systemClock } from '../../../bot/src/usecases/ports';
import { cardMessage, eventually, installChannels, openDeliveryHarness, tenantId, type DeliveryHarness } from './harness';

describe('outbox: what Teams answers', function () {
  this.timeout(60_000);
  let h: DeliveryHarness;
  let runtime: DeliveryRuntime;
  const sent = async (noticeId: string, count: number) =>
    eventually(async () => {
      const r = await runtime.outbox.report(noticeId);
      return !!r && r.sent + r.failed === count;
    }, 20_000, `${noticeId} to settle`);

  before(async () => {
    h = await openDeliveryHarness();
    runtime = createDeliveryRuntime({
      stores: h.storage,
      gateway: h.gateway,
      clock: systemClock,
      worker: { idlePollInMs: 100, backoff: { baseInMs: 100, capInMs: 1_000 }, targetCacheInMs: 200 },
    });
    runtime.start();
  });
  after(async () => {
    await runtime.stop();
    await h.close();
  });
  beforeEach(() => h.standin.reset());

  it('honours 429 and Retry-After: the tenant pauses, every delivery arrives once', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 3, firstTenant: 1 });
    const [first] = targets;
    h.standin.answer(first!.conversationId, 429, { retryAfterInSeconds: 1, times: 1 });
    const started = Date.now();
    await runtime.outbox.enqueue({ id: 'n429', kind: 'notice', clientId: 'c1', activity: cardMessage('x'), targets });
    await sent('n429', 3);

    const requests = h.standin.requests();
    const throttled = requests.find((r) => r.status === 429)!;
    assert.ok(throttled, 'the stand-in answered 429');
    assert.equal(h.standin.http429, 1);
    // Nothing went to the tenant during the second Retry-After asked for (in-flight requests aside).
    const during = requests.filter((r) => r.at > throttled.at + 100 && r.at < throttled.at + 950);
    assert.deepEqual(during, []);
    const retried = h.standin.received(first!.conversationId);
    assert.equal(retried.length, 1);
    assert.ok(retried[0]!.at >= throttled.at + 1_000, 'the retry waited for Retry-After');
    const report = (await runtime.outbox.report('n429'))!;
    assert.equal(report.sent, 3);
    const d = report.deliveries.find((x) => x.conversationId === first!.conversationId)!;
    assert.deepEqual([d.attempts, d.statusCodes], [2, [429]]);
    assert.ok(Date.now() - started < 5_000);
  });

  it('retries 412/502/503/504 with backoff and delivers once', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 4, firstTenant: 2 });
    [412, 502, 503, 504].forEach((status, i) => h.standin.answer(targets[i]!.conversationId, status, { times: 2 }));
    await runtime.outbox.enqueue({ id: 'n5xx', kind: 'notice', clientId: 'c2', activity: cardMessage('x'), targets });
    await sent('n5xx', 4);
    const report = (await runtime.outbox.report('n5xx'))!;
    assert.equal(report.sent, 4);
    for (const [i, status] of [412, 502, 503, 504].entries()) {
      const d = report.deliveries.find((x) => x.conversationId === targets[i]!.conversationId)!;
      assert.deepEqual([d.attempts, d.statusCodes], [3, [status, status]]);
      assert.equal(h.standin.received(targets[i]!.conversationId).length, 1);
    }
  });

  it('gives up on 400/401/413 at once, with the reason, and keeps the conversation', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 3, firstTenant: 3 });
    [400, 401, 413].forEach((status, i) => h.standin.answer(targets[i]!.conversationId, status, { times: 1 }));
    await runtime.outbox.enqueue({ id: 'n4xx', kind: 'notice', clientId: 'c3', activity: cardMessage('x'), targets });
    await sent('n4xx', 3);
    const report = (await runtime.outbox.report('n4xx'))!;
    assert.equal(report.failed, 3);
    for (const [i, status] of [400, 401, 413].entries()) {
      const d = report.deliveries.find((x) => x.conversationId === targets[i]!.conversationId)!;
      assert.deepEqual([d.attempts, d.statusCodes], [1, [status]]);
      assert.match(d.reason!, new RegExp(`Teams answered ${status}`));
      assert.equal(h.standin.requests(targets[i]!.conversationId).length, 1);
    }
    const refs = await h.storage.references.list(tenantId(3));
    assert.ok(refs.every((r) => r.active));
  });

  it('403 and 404 mark the conversation inactive: nothing is sent there again', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 3, firstTenant: 4 });
    const [removed, gone, fine] = targets;
    h.standin.answer(removed!.conversationId, 403);
    h.standin.answer(gone!.conversationId, 404);
    await runtime.outbox.enqueue({ id: 'n403-a', kind: 'notice', clientId: 'c4', activity: cardMessage('a'), targets });
    await sent('n403-a', 3);
    const refs = await h.storage.references.list(tenantId(4));
    const activeOf = (id: string) => refs.find((r) => r.conversationId === id)!.active;
    assert.deepEqual([activeOf(removed!.conversationId), activeOf(gone!.conversationId), activeOf(fine!.conversationId)], [false, false, true]);
    assert.match(refs.find((r) => r.conversationId === removed!.conversationId)!.inactiveReason!, /403/);

    // Later notices (and threads in those channels) skip them without a request.
    await runtime.outbox.enqueue({
      id: 'n403-b',
      kind: 'notice',
      clientId: 'c4',
      activity: cardMessage('b'),
      targets: [...targets, { tenantId: removed!.tenantId, conversationId: `${removed!.conversationId};messageid=7` }],
    });
    await sent('n403-b', 4);
    const report = (await runtime.outbox.report('n403-b'))!;
    assert.deepEqual([report.sent, report.failed], [1, 3]);
    assert.equal(h.standin.requests(removed!.conversationId).length, 1);
    assert.equal(h.standin.requests(gone!.conversationId).length, 1);
    assert.equal(h.standin.requests(`${removed!.conversationId};messageid=7`).length, 0);
    assert.match(report.deliveries.find((d) => d.conversationId === removed!.conversationId)!.reason!, /removed/);

    // Installing the bot again makes the conversation active again.
    await h.storage.references.upsert({ tenantId: removed!.tenantId, conversationId: removed!.conversationId, kind: 'channel', serviceUrl: h.standin.url, channelId: 'msteams', isGeneral: true });
    assert.equal((await h.storage.references.get(removed!.tenantId, removed!.conversationId))!.active, true);
  });
});
