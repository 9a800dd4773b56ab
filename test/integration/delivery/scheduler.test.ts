import assert from 'node:assert/strict';
import { Scheduler, type Timer } from '../../../bot/src/delivery/scheduler';
import { timerKinds } from '../../../bot/src/delivery/timer-ports';
import { TimerPoller } from '../../../bot/src/delivery/timer-poller';
import { openDeliveryStorage } from '../../../bot/src/store/delivery-storage';
import { DrivenClock, eventually, openDeliveryHarness, type DeliveryHarness } from './harness';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe('scheduler: due timers in a Table, fired by a poller on a driven clock', function () {
  this.timeout(30_000);
  let h: DeliveryHarness;
  let clock: DrivenClock;
  let scheduler: Scheduler;
  let fired: { id: string; kind: string; at: string }[];
  /** Named `instance#incarnation`, it looks at the heartbeats for earlier incarnations of its instance. */
  const poller = (options: { owner?: string; fail?: (t: Timer) => boolean } = {}) =>
    new TimerPoller({
      store: h.storage.timers,
      clock,
      owner: options.owner,
      heartbeats: h.storage.heartbeats,
      log: () => undefined,
      backoff: { baseInMs: 60_000, capInMs: 60_000 },
      maxAttempts: 3,
      handle: async (t) => {
        if (options.fail?.(t)) throw new Error(`handler for ${t.id} failed`);
        fired.push({ id: t.id, kind: t.kind, at: clock.now().toISOString() });
      },
    });

  beforeEach(async () => {
    h = await openDeliveryHarness();
    clock = new DrivenClock(t0);
    scheduler = new Scheduler(h.storage.timers, clock);
    fired = [];
  });
  afterEach(() => h.close());

  it('fires every kind of timer at its time, once', async () => {
    const kinds = [...timerKinds, 'ics_refresh'];
    for (const [i, kind] of kinds.entries()) await scheduler.schedule({ id: `CHG-2026-0042:${kind}`, kind, dueAt: minutes(10 * (i + 1)), payload: { upgradeId: 'CHG-2026-0042' } });
    const p = poller();
    assert.equal(await p.pollOnce(), 0);
    for (const [i, kind] of kinds.entries()) {
      clock.set(new Date(minutes(10 * (i + 1)).getTime() - 1));
      assert.equal(await p.pollOnce(), 0, `${kind} not before its time`);
      clock.set(minutes(10 * (i + 1)));
      assert.equal(await p.pollOnce(), 1, `${kind} at its time`);
      assert.deepEqual(fired.at(-1), { id: `CHG-2026-0042:${kind}`, kind, at: minutes(10 * (i + 1)).toISOString() });
      assert.equal(await p.pollOnce(), 0, `${kind} only once`);
    }
    assert.equal(fired.length, kinds.length);
    const t = (await scheduler.get('CHG-2026-0042:decision_deadline'))!;
    assert.deepEqual([t.state, t.attempts, t.payload], ['fired', 1, { upgradeId: 'CHG-2026-0042' }]);
  });

  it('cancels and reschedules by id', async () => {
    await scheduler.schedule({ id: 'a', kind: 'reminder', dueAt: minutes(5) });
    await scheduler.schedule({ id: 'b', kind: 'window_end', dueAt: minutes(5) });
    await scheduler.schedule({ id: 'c', kind: 'decision_deadline', dueAt: minutes(30) });
    assert.equal(await scheduler.cancel('a'), true);
    assert.equal(await scheduler.cancel('a'), false);
    assert.equal(await scheduler.reschedule('b', minutes(20)), true);
    assert.equal(await scheduler.reschedule('c', minutes(10)), true);
    assert.equal(await scheduler.reschedule('missing', minutes(10)), false);
    const p = poller();
    clock.set(minutes(5));
    await p.pollOnce();
    assert.equal(fired.length, 0);
    clock.set(minutes(10));
    await p.pollOnce();
    clock.set(minutes(20));
    await p.pollOnce();
    assert.deepEqual(fired.map((f) => [f.id, f.at]), [['c', minutes(10).toISOString()], ['b', minutes(20).toISOString()]]);
    assert.equal(await scheduler.cancel('b'), false, 'a fired timer cannot be cancelled');
  });

  it('is idempotent: scheduling a fired timer again at the same time does not fire it again; a new time re-arms it', async () => {
    await scheduler.schedule({ id: 'r', kind: 'freeze_reminder', dueAt: minutes(1) });
    const p = poller();
    clock.set(minutes(1));
    await p.pollOnce();
    await scheduler.schedule({ id: 'r', kind: 'freeze_reminder', dueAt: minutes(1) });
    clock.set(minutes(2));
    await p.pollOnce();
    assert.equal(fired.length, 1);
    await scheduler.schedule({ id: 'r', kind: 'freeze_reminder', dueAt: minutes(3) });
    clock.set(minutes(3));
    await p.pollOnce();
    assert.equal(fired.length, 2);
  });

  it('fires at start a timer that fell due while the app was down', async () => {
    await scheduler.schedule({ id: 'overdue', kind: 'decision_half_time', dueAt: minutes(1) });
    clock.set(minutes(45)); // the app was down from before minute 1 until now
    const p = poller();
    p.start();
    try {
      await eventually(() => fired.length === 1, 5_000, 'the overdue timer');
    } finally {
      await p.stop();
    }
    assert.deepEqual(fired[0], { id: 'overdue', kind: 'decision_half_time', at: minutes(45).toISOString() });
  });

  it('retries a failing handler later, and gives up after the last attempt', async () => {
    await scheduler.schedule({ id: 'flaky', kind: 'reminder', dueAt: minutes(1) });
    await scheduler.schedule({ id: 'broken', kind: 'reminder', dueAt: minutes(1) });
    let flakyCalls = 0;
    const p = poller({ fail: (t) => t.id === 'broken' || (t.id === 'flaky' && ++flakyCalls === 1) });
    clock.set(minutes(1));
    await p.pollOnce();
    assert.equal(fired.length, 0);
    assert.equal((await scheduler.get('flaky'))!.state, 'scheduled');
    assert.match((await scheduler.get('flaky'))!.lastError ?? '', /failed/);
    for (let m = 2; m <= 5; m++) {
      clock.set(minutes(m));
      await p.pollOnce();
    }
    assert.deepEqual(fired.map((f) => f.id), ['flaky']);
    const broken = (await scheduler.get('broken'))!;
    assert.deepEqual([broken.state, broken.attempts], ['failed', 3]);
  });

  it('a timer claimed by a poller that died fires once its lease runs out', async () => {
    await scheduler.schedule({ id: 'orphan', kind: 'window_end', dueAt: minutes(1) });
    clock.set(minutes(1));
    const dying = new TimerPoller({ store: h.storage.timers, clock, owner: 'dying', leaseInMs: 60_000, log: () => undefined, handle: () => new Promise(() => undefined) });
    void dying.pollOnce(); // claims it, then never finishes: the process "died"
    await eventually(async () => (await scheduler.get('orphan'))!.state === 'firing', 5_000, 'the claim');
    const p = poller({ owner: 'survivor' });
    clock.set(new Date(minutes(1).getTime() + 59_000));
    assert.equal(await p.pollOnce(), 0, 'not while the lease holds');
    clock.set(minutes(2));
    assert.equal(await p.pollOnce(), 1);
    assert.deepEqual(fired.map((f) => f.id), ['orphan']);
  });

  it('a timer an earlier life of this instance (no heartbeat: gone) was firing fires again at its restart; another instance waits for the lease', async () => {
    await scheduler.schedule({ id: 'orphan', kind: 'window_end', dueAt: minutes(1) });
    clock.set(minutes(1));
    const dying = new TimerPoller({ store: h.storage.timers, clock, owner: 'slot-a#first', leaseInMs: 60_000, log: () => undefined, handle: () => new Promise(() => undefined) });
    void dying.pollOnce(); // claims it, then never finishes: the process "died"
    await eventually(async () => (await scheduler.get('orphan'))!.state === 'firing', 5_000, 'the claim');

    const elsewhere = poller({ owner: 'slot-b#first' });
    assert.equal(await elsewhere.reclaimOnce(), 0, 'another instance may be alive: its lease stands');
    assert.equal(await elsewhere.pollOnce(), 0);

    const restarted = poller({ owner: 'slot-a#second' });
    restarted.start(); // takes its earlier life's timer back, then polls: well within the lease
    try {
      await eventually(() => fired.length > 0, 5_000, 'the timer fired by the restarted process');
    } finally {
      await restarted.stop();
    }
    assert.deepEqual(fired.map((f) => f.id), ['orphan']);
    assert.equal((await scheduler.get('orphan'))!.state, 'fired');
  });

  it('a timer an earlier life still beating is firing stays its own; it is taken back once its heartbeat is stale', async () => {
    await scheduler.schedule({ id: 'held', kind: 'window_end', dueAt: minutes(1) });
    clock.set(minutes(1));
    const beat = () => h.storage.heartbeats.beat('slot-a', { incarnation: 'first', beatAt: clock.now().toISOString() });
    await beat();
    const slow = new TimerPoller({ store: h.storage.timers, clock, owner: 'slot-a#first', leaseInMs: 60_000, log: () => undefined, handle: () => new Promise(() => undefined) });
    void slow.pollOnce(); // claims it and is still at it: alive, beating
    await eventually(async () => (await scheduler.get('held'))!.state === 'firing', 5_000, 'the claim');

    const restarted = poller({ owner: 'slot-a#second' });
    assert.equal(await restarted.reclaimOnce(), 0, 'at start: its predecessor beats, the timer is its own');
    for (let s = 0; s < 3; s++) {
      clock.advance(5_000);
      await beat();
      assert.equal(await restarted.reclaimOnce(), 0, `still beating after ${5 * (s + 1)} s`);
      assert.equal(await restarted.pollOnce(), 0);
    }
    clock.advance(15_000);
    assert.equal(await restarted.reclaimOnce(), 0, 'a beat 15 s old is not stale yet');
    clock.advance(1);
    assert.equal(await restarted.reclaimOnce(), 1, 'three beats missed: gone');
    assert.deepEqual(await h.storage.heartbeats.list('slot-a'), [], 'its stale heartbeat is removed once reclaimed');
    assert.equal(await restarted.pollOnce(), 1);
    assert.deepEqual(fired.map((f) => f.id), ['held']);
  });

  it('a timer an earlier life left firing when it stopped cleanly (its heartbeat deleted) is taken back at once', async () => {
    await scheduler.schedule({ id: 'left', kind: 'reminder', dueAt: minutes(1) });
    clock.set(minutes(1));
    await h.storage.heartbeats.beat('slot-a', { incarnation: 'first', beatAt: clock.now().toISOString() });
    const stopping = new TimerPoller({ store: h.storage.timers, clock, owner: 'slot-a#first', leaseInMs: 60_000, log: () => undefined, handle: () => new Promise(() => undefined) });
    void stopping.pollOnce();
    await eventually(async () => (await scheduler.get('left'))!.state === 'firing', 5_000, 'the claim');
    const restarted = poller({ owner: 'slot-a#second' });
    assert.equal(await restarted.reclaimOnce(), 0, 'alive at start');
    assert.equal(await h.storage.heartbeats.remove('slot-a', 'first'), true, 'it stops cleanly');
    assert.equal(await restarted.reclaimOnce(), 1, 'gone: taken back at the next look, not when the lease runs out');
    assert.equal(await restarted.pollOnce(), 1);
    assert.equal(await restarted.reclaimOnce(), 0, 'nothing left to watch');
  });

  it('two pollers with their own clients fire each of many timers exactly once', async () => {
    const other = await openDeliveryStorage({ connectionString: h.connectionString, tablePrefix: h.tablePrefix });
    for (let i = 0; i < 40; i++) await scheduler.schedule({ id: `t${i}`, kind: timerKinds[i % timerKinds.length]!, dueAt: minutes(i % 4) });
    const a = poller({ owner: 'a' });
    const b = new TimerPoller({ store: other.timers, clock, owner: 'b', log: () => undefined, handle: async (t) => void fired.push({ id: t.id, kind: t.kind, at: 'b' }) });
    for (let m = 0; m < 4; m++) {
      clock.set(minutes(m));
      await Promise.all([a.pollOnce(), b.pollOnce(), a.pollOnce(), b.pollOnce()]);
    }
    assert.equal(fired.length, 40);
    assert.equal(new Set(fired.map((f) => f.id)).size, 40);
  });
});
