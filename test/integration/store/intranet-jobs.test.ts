import assert from 'node:assert/strict';
import type { TableStores } from '../../../bot/src/store/table-stores';
import { freshStores, storesOver } from './fixtures';
import { uniquePrefix } from '../../support/azurite';

const at = (iso: string) => new Date(iso);
const t0 = at('2026-12-01T10:00:00.000Z');
const upgrade = { kind: 'upgrade', id: 'CHG-2026-0001' } as const;

describe('SharePoint publication jobs (Azurite)', () => {
  let stores: TableStores;
  beforeEach(async () => {
    stores = await freshStores();
  });

  it('keeps one job per subject however often it is asked for, with the first request\'s date', async () => {
    await stores.intranetJobs.request(upgrade, t0);
    await stores.intranetJobs.request(upgrade, at('2026-12-01T10:05:00.000Z'));
    const all = await stores.intranetJobs.list();
    assert.equal(all.length, 1);
    assert.equal(all[0]!.requestedAt, t0.toISOString());
  });

  it('a leased job is nobody else\'s until done; done, it is gone', async () => {
    await stores.intranetJobs.request(upgrade, t0);
    const [due] = await stores.intranetJobs.due(t0, 10);
    const leased = await stores.intranetJobs.lease(due!, at('2026-12-01T10:02:00.000Z'));
    assert.ok(leased);
    assert.equal(await stores.intranetJobs.lease(due!, at('2026-12-01T10:02:00.000Z')), undefined, 'the same row twice');
    assert.deepEqual(await stores.intranetJobs.due(at('2026-12-01T10:01:00.000Z'), 10), [], 'not due while leased');
    await stores.intranetJobs.complete(leased);
    assert.deepEqual(await stores.intranetJobs.list(), []);
  });

  it('a change asked for while its job runs is published again, not lost', async () => {
    await stores.intranetJobs.request(upgrade, t0);
    const [due] = await stores.intranetJobs.due(t0, 10);
    const leased = await stores.intranetJobs.lease(due!, at('2026-12-01T10:02:00.000Z'));
    await stores.intranetJobs.request(upgrade, at('2026-12-01T10:00:30.000Z'));
    await stores.intranetJobs.complete(leased!);
    const again = await stores.intranetJobs.due(at('2026-12-01T10:00:31.000Z'), 10);
    assert.equal(again.length, 1, 'still due after the older run completed');
  });

  it('a process whose lease ran out does not end the lease of the process that took the job over', async () => {
    await stores.intranetJobs.request(upgrade, t0);
    const [due] = await stores.intranetJobs.due(t0, 10);
    const first = await stores.intranetJobs.lease(due!, at('2026-12-01T10:02:00.000Z'));
    const [again] = await stores.intranetJobs.due(at('2026-12-01T10:03:00.000Z'), 10);
    const second = await stores.intranetJobs.lease(again!, at('2026-12-01T10:05:00.000Z'));
    assert.ok(second, 'taken over once the first lease ran out');
    await stores.intranetJobs.complete(first!); // late: the row changed under it
    assert.equal((await stores.intranetJobs.list()).length, 1, 'not removed by the late process');
    assert.deepEqual(await stores.intranetJobs.due(at('2026-12-01T10:04:00.000Z'), 10), [], 'the second lease still holds');
    await stores.intranetJobs.complete(second!);
    assert.deepEqual(await stores.intranetJobs.list(), []);
  });

  it('a failure backs off or parks with its reason; asking again unparks it', async () => {
    await stores.intranetJobs.request(upgrade, t0);
    let [due] = await stores.intranetJobs.due(t0, 10);
    let leased = await stores.intranetJobs.lease(due!, at('2026-12-01T10:02:00.000Z'));
    await stores.intranetJobs.fail(leased!, 'SharePoint asked to wait (429)', '2026-12-01T10:00:30.000Z', t0);
    assert.deepEqual(await stores.intranetJobs.due(at('2026-12-01T10:00:10.000Z'), 10), [], 'backing off');
    [due] = await stores.intranetJobs.due(at('2026-12-01T10:00:30.000Z'), 10);
    assert.equal(due!.value.attempts, 1);
    leased = await stores.intranetJobs.lease(due!, at('2026-12-01T10:03:00.000Z'));
    await stores.intranetJobs.fail(leased!, 'SharePoint refused (403): grant Sites.Selected', undefined, at('2026-12-01T10:00:31.000Z'));
    const [parked] = await stores.intranetJobs.list();
    assert.equal(parked!.attempts, 2);
    assert.match(parked!.lastError ?? '', /Sites\.Selected/);
    assert.ok(parked!.parkedAt);
    assert.deepEqual(await stores.intranetJobs.due(at('2026-12-02T00:00:00.000Z'), 10), [], 'parked is never due');
    await stores.intranetJobs.request(upgrade, at('2026-12-02T00:00:00.000Z'));
    const [retried] = await stores.intranetJobs.due(at('2026-12-02T00:00:00.000Z'), 10);
    assert.equal(retried!.value.attempts, 0);
    assert.equal(retried!.value.parkedAt, undefined);
  });

  it('two writers of a client\'s settings: the second, on a stale ETag, gets a conflict', async () => {
    const prefix = uniquePrefix('sp');
    const [a, b] = [await storesOver(prefix), await storesOver(prefix)];
    await a.intranetSettings.put({ clientId: 'contoso', publishing: false }, undefined);
    const [readA, readB] = [await a.intranetSettings.get('contoso'), await b.intranetSettings.get('contoso')];
    await a.intranetSettings.put({ clientId: 'contoso', publishing: true, siteUrl: 'https://contoso.sharepoint.com/sites/intranet' }, readA!.etag);
    await assert.rejects(b.intranetSettings.put({ clientId: 'contoso', publishing: false }, readB!.etag), (err: { code?: string }) => err.code === 'conflict');
    assert.equal((await a.intranetSettings.get('contoso'))!.value.publishing, true);
  });
});
