import assert from 'node:assert/strict';
import { createDeliveryRuntime } from '../../../bot/src/delivery/delivery-runtime';
import { systemClock } from '../../../bot/src/usecases/ports';
import { eventually, openDeliveryHarness, type DeliveryHarness } from './harness';

describe('heartbeats: each running incarnation keeps one, in a Table', function () {
  let h: DeliveryHarness;

  before(async () => {
    h = await openDeliveryHarness();
  });
  after(() => h.close());

  it('a runtime beats at start and every beat interval, and deletes its beat at a clean stop', async () => {
    const runtime = createDeliveryRuntime({ stores: h.storage, gateway: h.gateway, clock: systemClock, instance: 'slot-beat', heartbeat: { beatEveryInMs: 200, staleAfterInMs: 1_000 }, log: () => undefined });
    const incarnation = runtime.worker.owner.split('#')[1];
    runtime.start();
    try {
      await eventually(async () => (await h.storage.heartbeats.list('slot-beat')).length === 1, 5_000, 'the first beat');
      const [first] = await h.storage.heartbeats.list('slot-beat');
      assert.equal(first!.value.incarnation, incarnation);
      await eventually(async () => (await h.storage.heartbeats.list('slot-beat'))[0]!.value.beatAt > first!.value.beatAt, 5_000, 'a later beat');
    } finally {
      await runtime.stop();
    }
    assert.deepEqual(await h.storage.heartbeats.list('slot-beat'), [], 'deleted at the clean stop: what it left is free at once');
  });

  it('a stale beat is removed only if unchanged since it was read: an incarnation that beats again keeps its row', async () => {
    await h.storage.heartbeats.beat('slot-x', { incarnation: 'one', beatAt: '2026-11-25T10:00:00.000Z' });
    const [read] = await h.storage.heartbeats.list('slot-x');
    await h.storage.heartbeats.beat('slot-x', { incarnation: 'one', beatAt: '2026-11-25T10:00:05.000Z' });
    assert.equal(await h.storage.heartbeats.remove('slot-x', 'one', read!.etag), false);
    assert.deepEqual((await h.storage.heartbeats.list('slot-x')).map((b) => b.value.beatAt), ['2026-11-25T10:00:05.000Z']);
    assert.equal(await h.storage.heartbeats.remove('slot-x', 'one'), true);
    assert.equal(await h.storage.heartbeats.remove('slot-x', 'one'), false, 'gone already');
  });

  it('instances with names a Table key may not hold (host:port, slashes) keep their beats apart', async () => {
    await h.storage.heartbeats.beat('host/a:3978', { incarnation: 'one', beatAt: '2026-11-25T10:00:00.000Z' });
    await h.storage.heartbeats.beat('host/a:3979', { incarnation: 'two', beatAt: '2026-11-25T10:00:00.000Z' });
    assert.deepEqual((await h.storage.heartbeats.list('host/a:3978')).map((b) => b.value.incarnation), ['one']);
  });

  it('without an instance (a name never used again) a runtime keeps no heartbeat', async () => {
    const runtime = createDeliveryRuntime({ stores: h.storage, gateway: h.gateway, clock: systemClock, heartbeat: { beatEveryInMs: 100, staleAfterInMs: 500 }, log: () => undefined });
    runtime.start();
    await new Promise((r) => setTimeout(r, 300));
    await runtime.stop();
    assert.deepEqual(await h.storage.heartbeats.list(runtime.worker.owner.split('#')[0]!), []);
  });
});
