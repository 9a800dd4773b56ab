import assert from 'node:assert/strict';
import { cardsOf } from '../../support/card-validation';
import { startAppHarness, type AppHarness } from '../../support/app-harness';
import { call } from './schedule-client';

/** What a card's Action.OpenUrl buttons point at, by title. */
const openUrls = (card: any): [string, string][] => (card?.actions ?? []).filter((a: any) => a.type === 'Action.OpenUrl').map((a: any) => [a.title, a.url]);

describe("npm start's demo history and the ticket card's link to the schedule tab", function () {
  this.timeout(60_000);
  let app: AppHarness;
  let csa: string;

  before(async () => {
    app = await startAppHarness({ seed: { history: true } });
    const res = await call(app, '/api/dev/token', { method: 'POST', body: { role: 'csa' } });
    assert.equal(res.status, 200, res.text);
    csa = res.body.token;
  });
  after(async () => {
    await app?.close();
  });

  it('gives the Releases charts durations, overrun and No-Go rates for 4.2 and 4.3 (and Northwind\'s 5.0 run)', async () => {
    const res = await call(app, '/api/insights', { token: csa });
    assert.equal(res.status, 200, res.text);
    const byVersion = new Map<string, any>(res.body.releases.map((r: any) => [r.version, r]));
    assert.deepEqual([...byVersion.keys()], ['4.2', '4.3', '5.0', '5.1']);
    for (const version of ['4.2', '4.3', '5.0']) {
      const r = byVersion.get(version);
      assert.ok(r.durationP50Minutes > 0 && r.durationP90Minutes >= r.durationP50Minutes, `${version}: ${JSON.stringify(r)}`);
      if (version === '5.0') continue; // Northwind's run only
      assert.ok(r.upgrades >= 3, `${version}: ${JSON.stringify(r)}`);
      assert.ok(r.overrunRate > 0 && r.overrunRate < 1, `${version}: ${JSON.stringify(r)}`);
      assert.ok(r.noGoRate > 0 && r.noGoRate < 1, `${version}: ${JSON.stringify(r)}`);
    }
  });

  it('keeps the demo upgrades\' change ids, adds the history after them, and shows every client upgraded to 4.3', async () => {
    const past: any[] = [];
    for (const range of ['from=2026-03-01&to=2026-05-31', 'from=2026-07-01&to=2026-08-31']) {
      const res = await call(app, `/api/schedule?${range}`, { token: csa });
      assert.equal(res.status, 200, res.text);
      past.push(...res.body.upgrades.filter((u: any) => u.state === 'completed'));
    }
    assert.equal(past.length, 6);
    assert.ok(past.every((u: any) => u.id > 'CHG-2026-0004'), past.map((u: any) => u.id).join(', '));
    const rollout = await call(app, '/api/releases/4.3/rollout', { token: csa });
    assert.equal(rollout.status, 200, rollout.text);
    assert.deepEqual(rollout.body.clients.map((c: any) => c.state), ['upgraded', 'upgraded', 'upgraded']);
  });

  it('"show" answers with a ticket card whose "Open in schedule" opens the tab at that upgrade (no Teams app id: the tab\'s own URL)', async () => {
    const [reply] = await app.say('show CHG-2026-0001');
    const ticket = cardsOf(reply!.activity)[0];
    assert.deepEqual(openUrls(ticket), [['Open in schedule', `${app.server.url}/tab?upgrade=CHG-2026-0001`]]);
  });
});
