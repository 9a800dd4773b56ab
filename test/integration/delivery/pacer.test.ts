import assert from 'node:assert/strict';
import { DeliveryPacer } from '../../../bot/src/delivery/delivery-pacer';
import { createDeliveryRuntime } from '../../../bot/src/delivery/delivery-runtime';
import { floorInMs, teamsConversationWindows } from '../../../bot/src/delivery/rate-windows';
import { systemClock } from '../../../bot/src/usecases/ports';
import { cardMessage, eventually, installChannels, openDeliveryHarness, type DeliveryHarness } from './harness';

describe('pacing below Teams\' limits', function () {
  this.timeout(30_000);
  let h: DeliveryHarness;
  beforeEach(async () => {
    h = await openDeliveryHarness();
  });
  afterEach(() => h.close());

  it('knows the floors the limits allow', () => {
    assert.equal(floorInMs(7, teamsConversationWindows), 0);
    assert.equal(floorInMs(8, teamsConversationWindows), 1_000);
    assert.equal(floorInMs(40, teamsConversationWindows), 9_000);
    assert.equal(floorInMs(1_000, [{ limit: 50, windowInMs: 1_000 }]), 19_000);
  });

  it('sends a burst to one thread close to the floor without a single 429, in order', async () => {
    const [channel] = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 1 });
    const thread = `${channel!.conversationId};messageid=1`;
    const target = { tenantId: channel!.tenantId, conversationId: thread, serviceUrl: h.standin.url };
    const pacer = new DeliveryPacer();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        pacer.inLane(thread, String(i).padStart(3, '0'), async () => {
          const release = await pacer.permit(target.tenantId, thread);
          try {
            await h.gateway.send(target, { type: 'message', text: `message ${i}` });
          } finally {
            release();
          }
        }),
      ),
    );
    const elapsed = Date.now() - started;
    const floor = floorInMs(16, teamsConversationWindows);
    assert.equal(h.standin.http429, 0);
    assert.ok(elapsed >= floor && elapsed < floor * 1.1 + 300, `${elapsed} ms against a floor of ${floor} ms`);
    assert.deepEqual(h.standin.received(thread).map((a) => a.activity.text), Array.from({ length: 16 }, (_, i) => `message ${i}`));
  });

  it('recovers when the budget is set above what Teams allows: 429s are honoured and nothing is lost or doubled', async () => {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 1, channels: 150 });
    const runtime = createDeliveryRuntime({ stores: h.storage, gateway: h.gateway, clock: systemClock, pacer: { tenantBudgetPerSecond: 100 }, worker: { idlePollInMs: 100 } });
    runtime.start();
    try {
      await runtime.outbox.enqueue({ id: 'over-budget', kind: 'townhall', clientId: 'c', activity: cardMessage('x'), targets });
      await eventually(async () => (await runtime.outbox.report('over-budget'))!.sent === 150, 20_000, 'every delivery');
    } finally {
      await runtime.stop();
    }
    assert.ok(h.standin.http429 > 0, 'Teams pushed back');
    assert.ok(runtime.worker.counts.throttled > 0);
    const posts = h.standin.received();
    assert.equal(posts.length, 150);
    assert.equal(new Set(posts.map((p) => p.conversationId)).size, 150);
  });
});
