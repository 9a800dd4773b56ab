import assert from 'node:assert/strict';
import { Outbox, type NoticeTarget } from '../../../bot/src/delivery/outbox';
import type { DeliveryRecord } from '../../../bot/src/delivery/outbox-ports';
import { systemClock } from '../../../bot/src/usecases/ports';
import type { WorkerProcessConfig } from '../../support/outbox-worker-process';
import { cardMessage, eventually, installChannels, openDeliveryHarness, type DeliveryHarness } from './harness';
import { startWorkerProcess, type WorkerProcess } from './worker-process';

/** The deliveries' rows a killed worker held, and the sends it had in flight (Teams had the message, the row did not say so). */
interface KillScene {
  noticeId: string;
  targets: NoticeTarget[];
  conversations: Set<string>;
  /** From the worker's start (and its enqueue) to the kill. */
  killedAfterInMs: number;
  leasedByDead: DeliveryRecord[];
  /** Rows nobody had leased yet: the dead worker may have held their pointers (hidden on the queue for minutes). */
  pending: number;
  inFlight: number;
}

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

  /** Short leases: another instance takes over once they run out. */
  const config = (instance: string): WorkerProcessConfig => ({
    connectionString: h.connectionString,
    tablePrefix: h.tablePrefix,
    instance,
    leaseInMs: 3_000,
    repointAfterInMs: 1_000,
    sweepIntervalInMs: 250,
    tenantBudgetPerSecond: 50,
    fireTimers: false,
  });
  /**
   * Leases and repointing as long as in production (60 s), heartbeats too (a beat every 5 s, stale
   * after 15 s): only the reclaim of a gone earlier incarnation can be quick.
   * Fewer places than deliveries by default: the worker also holds pointers to rows it has not leased yet.
   */
  const longLeases = (instance: string, maxInFlight = 100): WorkerProcessConfig => ({ ...config(instance), leaseInMs: 60_000, repointAfterInMs: 60_000, sweepIntervalInMs: 30_000, maxInFlight });

  /** The messages Teams accepted in these conversations. */
  const posts = (ours: Set<string>) => h.standin.received().filter((a) => a.method === 'POST' && ours.has(a.conversationId));
  const rowsOf = async (noticeId: string) => (await h.storage.deliveries.list(noticeId)).map((r) => r.value);

  /** Starts a worker that fans the notice out (from the queue, or enqueued by itself) and kills it with kill -9 mid fan-out. */
  async function fanOutAndKill(worker: WorkerProcessConfig, noticeId: string, enqueuedBy: 'another process' | 'the worker', firstTenant: number): Promise<KillScene> {
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 2, channels: 150, firstTenant });
    const conversations = new Set(targets.map((t) => t.conversationId));
    const started = Date.now();
    const enqueue = enqueuedBy === 'the worker' ? { id: noticeId, text: noticeId, targets } : undefined;
    const first = await startWorkerProcess({ ...worker, enqueue });
    workers.push(first);
    // Enqueued by another process (the API, say): the deliveries reach the worker through the queue.
    if (!enqueue) await enqueueElsewhere(noticeId, targets);
    // Killed the moment Teams accepts the 101st message, before its answer gets back: sends are in flight.
    await h.standin.waitFor(() => posts(conversations).length > 100, 20_000);
    return kill9(first, { noticeId, targets, conversations, started });
  }

  const enqueueElsewhere = (noticeId: string, targets: NoticeTarget[]) =>
    new Outbox({ ...h.storage, clock: systemClock }).enqueue({ id: noticeId, kind: 'townhall', clientId: 'vendor', activity: cardMessage(noticeId), targets });

  /** Kills the worker mid fan-out with kill -9 and takes stock: what it held, what it had in flight. */
  async function kill9(worker: WorkerProcess, fanOut: { noticeId: string; targets: NoticeTarget[]; conversations: Set<string>; started: number }): Promise<KillScene> {
    const { noticeId, targets, conversations } = fanOut;
    await worker.kill9();
    const killedAfterInMs = Date.now() - fanOut.started;
    await new Promise((r) => setTimeout(r, 200)); // anything the dead process wrote to a socket has arrived

    const postedAtKill = new Set(posts(conversations).map((p) => p.conversationId));
    const rowsAtKill = await rowsOf(noticeId);
    const leasedByDead = rowsAtKill.filter((r) => r.state === 'sending' && r.leaseOwner === worker.owner);
    assert.ok(rowsAtKill.filter((r) => r.state === 'sent').length < targets.length, 'the kill came in the middle of the fan-out');
    assert.ok(leasedByDead.length > 0, 'the dead worker held leases');
    const pending = rowsAtKill.filter((r) => r.state === 'pending').length;
    return { noticeId, targets, conversations, killedAfterInMs, leasedByDead, pending, inFlight: leasedByDead.filter((r) => postedAtKill.has(r.conversationId)).length };
  }

  /** Starts `next` and waits for every delivery; checks the duplicates against the sends in flight; the time it took. */
  async function recover(scene: KillScene, next: WorkerProcessConfig, timeoutInMs: number): Promise<number> {
    const started = Date.now();
    workers.push(await startWorkerProcess(next));
    return allDelivered(scene, started, timeoutInMs, 'the restart');
  }

  /** Waits for every delivery (`since`: when the recovery began); checks the duplicates against the sends in flight; the time it took. */
  async function allDelivered(scene: KillScene, since: number, timeoutInMs: number, what: string): Promise<number> {
    const outbox = new Outbox({ ...h.storage, clock: systemClock });
    await eventually(async () => (await outbox.report(scene.noticeId))!.sent === scene.targets.length, timeoutInMs, `every delivery within ${timeoutInMs} ms of ${what}`);
    const tookInMs = Date.now() - since;

    const perConversation = new Map<string, number>();
    for (const p of posts(scene.conversations)) perConversation.set(p.conversationId, (perConversation.get(p.conversationId) ?? 0) + 1);
    assert.equal(perConversation.size, scene.targets.length, 'every channel got the notice');
    const duplicates = [...perConversation.values()].reduce((sum, n) => sum + n - 1, 0);
    console.log(`      killed ${scene.killedAfterInMs} ms after the start: ${scene.leasedByDead.length} rows leased by the dead worker, ${scene.pending} not leased yet, ${scene.inFlight} sends in flight, ${duplicates} duplicates; all delivered ${tookInMs} ms after ${what}`);
    assert.ok(duplicates <= scene.inFlight, `${duplicates} duplicates, more than the ${scene.inFlight} sends in flight`);
    return tookInMs;
  }

  it('another instance completes every delivery once the leases run out, repeating no more than the sends in flight', async () => {
    const scene = await fanOutAndKill(config('queued'), 'crash:queued', 'another process', 200);
    await recover(scene, config('queued-elsewhere'), 40_000);
  });

  it('also when the dead process had enqueued the notice itself (its deliveries leased at creation, but for those of a tenant beyond two seconds of its budget)', async () => {
    const scene = await fanOutAndKill(config('local'), 'crash:local', 'the worker', 210);
    await recover(scene, config('local-elsewhere'), 40_000);
  });

  for (const [enqueuedBy, firstTenant] of [['another process', 220], ['the worker', 230]] as const) {
    it(`the same instance restarted takes its deliveries back once the dead one's heartbeat is stale, long before its 60 s leases run out (enqueued by ${enqueuedBy})`, async () => {
      const instance = `slot-${firstTenant}`;
      const scene = await fanOutAndKill(longLeases(instance), `crash:restart:${firstTenant}`, enqueuedBy, firstTenant);
      assert.ok(scene.pending > 0, 'some rows were not leased yet: the dead worker may have taken their pointers with it');
      // Stale 15 s after its last beat, taken back at the next look (1 s), then a few seconds of sending.
      await recover(scene, longLeases(instance), 25_000);
    });
  }

  it('another instance leaves the dead worker\'s unexpired leases alone; its own restart takes them back', async () => {
    // Places for every delivery: the dead worker holds many leases.
    const scene = await fanOutAndKill(longLeases('slot-a', 250), 'crash:elsewhere', 'another process', 240);
    const posted = posts(scene.conversations).length;
    // Another instance may be alive, so its leases are not another's to end: they stand until they run out.
    workers.push(await startWorkerProcess(longLeases('slot-b')));
    await new Promise((r) => setTimeout(r, 3_000));
    const byKey = new Map((await rowsOf(scene.noticeId)).map((r) => [r.key, r]));
    for (const held of scene.leasedByDead) {
      const now = byKey.get(held.key)!;
      assert.deepEqual([now.state, now.leaseOwner, now.leaseExpiresAt], [held.state, held.leaseOwner, held.leaseExpiresAt], `${held.conversationId} still leased by the dead worker`);
    }
    const held = new Set(scene.leasedByDead.map((r) => r.conversationId));
    const repeated = posts(scene.conversations).slice(posted).filter((p) => held.has(p.conversationId));
    assert.equal(repeated.length, 0, 'nothing the dead worker held was sent again by the other instance');

    await recover(scene, longLeases('slot-a', 250), 25_000);
  });

  it('an earlier life still running at the restart (a deploy overlap) keeps its leased rows while it beats; they are taken once it stops beating', async () => {
    const instance = 'slot-overlap';
    const quickBeats = { beatEveryInMs: 500, staleAfterInMs: 3_000 };
    const noticeId = 'crash:overlap';
    const targets = await installChannels(h.storage.references, h.standin.url, { tenants: 2, channels: 150, firstTenant: 250 });
    const conversations = new Set(targets.map((t) => t.conversationId));
    const started = Date.now();
    // The old process is slow (4 sends a second per tenant) and leases up to 250 deliveries: it is still at them throughout.
    const old = await startWorkerProcess({ ...longLeases(instance, 250), tenantBudgetPerSecond: 4, heartbeat: quickBeats });
    workers.push(old);
    await enqueueElsewhere(noticeId, targets);
    await h.standin.waitFor(() => posts(conversations).length > 10, 20_000);
    const heldByOld = new Set((await rowsOf(noticeId)).filter((r) => r.state === 'sending' && r.leaseOwner === old.owner).map((r) => r.key));
    assert.ok(heldByOld.size > 100, `the old process holds many leases (${heldByOld.size})`);

    // The new process starts beside it; for twice the stale-after the old one beats, and keeps what it leased.
    const next = await startWorkerProcess({ ...longLeases(instance), heartbeat: quickBeats });
    workers.push(next);
    for (const overlapEnds = Date.now() + 2 * quickBeats.staleAfterInMs; Date.now() < overlapEnds; await new Promise((r) => setTimeout(r, 250))) {
      const taken = (await rowsOf(noticeId)).filter((r) => heldByOld.has(r.key) && r.state === 'sending' && r.leaseOwner !== old.owner);
      assert.deepEqual(taken.map((r) => r.conversationId), [], 'no row the old process leased is taken while it beats');
    }
    const perConversation = new Map<string, number>();
    for (const p of posts(conversations)) perConversation.set(p.conversationId, (perConversation.get(p.conversationId) ?? 0) + 1);
    assert.deepEqual([...perConversation].filter(([, n]) => n > 1), [], 'nothing was sent twice while both ran');
    assert.ok((await rowsOf(noticeId)).some((r) => r.state === 'sending' && r.leaseOwner === old.owner), 'the old process still holds leases');

    // It stops beating (killed: a hung process looks the same): its rows are taken once its beat is stale.
    const scene = await kill9(old, { noticeId, targets, conversations, started });
    const tookInMs = await allDelivered(scene, Date.now(), quickBeats.staleAfterInMs + 10_000, 'the old process stopped beating');
    assert.ok(tookInMs >= quickBeats.staleAfterInMs - 1_500, `not before its heartbeat went stale (${tookInMs} ms)`);
  });
});
