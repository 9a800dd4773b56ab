import assert from 'node:assert/strict';
import { demoTenants } from '../../../bot/dev/demo-data';
import { entraKeys, entraVerifier, tokenVerifier } from '../../../bot/src/api/tab-auth';
import { startServer, type RunningServer } from '../../../bot/src/server';
import { openCalendarFeedStore } from '../../../bot/src/store/calendar-feed-store';
import { alexTheCsa, adeleTheReleaseManager, pattiContosoOwner, isaiahFabrikamOwner, strangerInContoso, startAppHarness, type AppHarness, type TeamsUser } from '../../support/app-harness';
import { call, parseIcs, startFakeEntra, tabAppId, tabAppIdUri, type FakeEntra } from './schedule-client';

const asUser = (u: TeamsUser) => ({ tenantId: u.tenantId, objectId: u.aadObjectId, name: u.name });

describe('the schedule tab API: tokens, scoping, ICS (GET /api/schedule and friends)', function () {
  this.timeout(60_000);
  let app: AppHarness;
  let entra: FakeEntra;
  let csa: string;
  let patti: string;
  let isaiah: string;
  let member: string;
  let ids: { contoso: string; fabrikam: string; northwindDone: string; northwindRequested: string };

  before(async () => {
    entra = await startFakeEntra();
    app = await startAppHarness({
      env: { TAB_SSO_CLIENT_ID: tabAppId, TAB_SSO_APP_ID_URI: tabAppIdUri, TAB_SSO_JWKS_URL: entra.jwksUrl },
    });
    [csa, patti, isaiah, member] = (await Promise.all([alexTheCsa, pattiContosoOwner, isaiahFabrikamOwner, strangerInContoso].map((u) => entra.token(asUser(u))))) as [string, string, string, string];
    const all = (await call(app, '/api/schedule?from=2026-10-01&to=2027-01-08', { token: csa })).body.upgrades as any[];
    const find = (clientId: string, state: string) => all.find((u) => u.clientId === clientId && u.state === state)!.id as string;
    ids = { contoso: find('contoso', 'booked'), fabrikam: find('fabrikam', 'proposed'), northwindDone: find('northwind', 'completed'), northwindRequested: find('northwind', 'requested') };
  });
  after(async () => {
    await app?.close();
    await entra?.close();
  });

  const expectError = (res: { status: number; body: any; headers: Headers }, status: number, code: string) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error, code);
    assert.match(res.body.correlationId, /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.get('x-correlation-id'), res.body.correlationId);
  };

  describe('tokens', () => {
    it('a valid Teams SSO token (v2 issuer, app id URI audience) is accepted: /api/me names staff with roles', async () => {
      const res = await call(app, '/api/me', { token: csa });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { name: 'Alex Wilber', kind: 'staff', roles: ['csa', 'implementation_lead'] });
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
    });

    it('the v1 issuer form and the client id as audience are accepted too', async () => {
      const token = await entra.token(asUser(pattiContosoOwner), { issuer: `https://sts.windows.net/${demoTenants.contoso}/`, audience: tabAppId });
      const res = await call(app, '/api/me', { token });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { name: 'Patti Fernandez', kind: 'owner', roles: ['owner'], clientId: 'contoso', clientName: 'Contoso', timeZone: 'Europe/London' });
    });

    it('a known tenant\'s user who is neither staff nor owner is a member of the client', async () => {
      const res = await call(app, '/api/me', { token: member });
      assert.equal(res.status, 200);
      assert.equal(res.body.kind, 'member');
      assert.equal(res.body.clientId, 'contoso');
      assert.deepEqual(res.body.roles, []);
    });

    it('no token: 401 missing_token with a Bearer challenge', async () => {
      const res = await call(app, '/api/schedule?from=2026-11-01&to=2026-11-30');
      expectError(res, 401, 'missing_token');
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    });

    const refused: [string, () => Promise<string>][] = [
      ['garbage', async () => 'not.a.jwt'],
      ['an expired token', () => entra.token(asUser(alexTheCsa), { expiresIn: -3600 })],
      ['a token for another application (audience)', () => entra.token(asUser(alexTheCsa), { audience: 'api://elsewhere/0000' })],
      ['a token from an untrusted issuer', () => entra.token(asUser(alexTheCsa), { issuer: 'https://evil.example.com/' })],
      ['a token whose issuer is another tenant than its tid', () => entra.token(asUser(alexTheCsa), { issuer: `https://login.microsoftonline.com/${demoTenants.contoso}/v2.0` })],
      ['a token signed with a key Entra ID does not publish', () => entra.token(asUser(alexTheCsa), { foreignKey: true })],
      ['a token without a tenant', () => entra.token(asUser(alexTheCsa), { claims: { tid: undefined } })],
    ];
    for (const [name, make] of refused)
      it(`${name}: 401 invalid_token`, async () => {
        for (const path of ['/api/me', '/api/schedule?from=2026-11-01&to=2026-11-30', `/api/calendar.ics`]) {
          const res = await call(app, path, { token: await make() });
          expectError(res, 401, 'invalid_token');
          assert.doesNotMatch(res.text, /Contoso|Fabrikam|CHG-/);
        }
      });

    it('an expired token says so', async () => {
      const res = await call(app, '/api/me', { token: await entra.token(asUser(alexTheCsa), { expiresIn: -3600 }) });
      assert.match(res.body.message, /expired/);
    });

    it('a valid token of an unknown tenant: 403 unknown_tenant; a vendor-tenant user not on the staff: 403', async () => {
      const stranger = await entra.token({ tenantId: '99999999-9999-9999-9999-999999999999', objectId: 'aaaaaaaa-0000-0000-0000-000000000001' });
      expectError(await call(app, '/api/schedule?from=2026-11-01&to=2026-11-30', { token: stranger }), 403, 'unknown_tenant');
      expectError(await call(app, '/api/me', { token: stranger }), 403, 'unknown_tenant');
      const vendorNobody = await entra.token({ tenantId: demoTenants.vendor, objectId: 'aaaaaaaa-0000-0000-0000-000000000002' });
      expectError(await call(app, '/api/me', { token: vendorNobody }), 403, 'unknown_tenant');
    });
  });

  describe('scoping', () => {
    it('staff see every client\'s upgrades, with the client\'s zone, kind, label and what needs attention', async () => {
      const res = await call(app, '/api/schedule?from=2026-10-01&to=2027-01-08', { token: csa });
      assert.equal(res.status, 200);
      assert.equal(res.body.from, '2026-10-01');
      assert.equal(res.body.to, '2027-01-08');
      const byId = new Map((res.body.upgrades as any[]).map((u) => [u.id, u]));
      assert.deepEqual(new Set([...byId.values()].map((u) => u.clientId)), new Set(['contoso', 'fabrikam', 'northwind']));
      const fab = byId.get(ids.fabrikam);
      assert.equal(fab.clientTimeZone, 'America/New_York');
      assert.equal(fab.kind, 'major');
      assert.equal(fab.stateLabel, 'Windows proposed');
      assert.equal(fab.proposedWindows.length, 3);
      assert.match(fab.needsAttention, /not answered/);
      assert.ok(byId.get(ids.contoso).window.startsAt);
      assert.equal(byId.get(ids.northwindRequested).needsAttention, 'Requested: no windows proposed yet');
    });

    it('a Contoso owner sees only Contoso, even when asking for Fabrikam', async () => {
      const mine = await call(app, '/api/schedule?from=2026-10-01&to=2027-01-08', { token: patti });
      assert.deepEqual([...new Set((mine.body.upgrades as any[]).map((u) => u.clientId))], ['contoso']);
      const theirs = await call(app, '/api/schedule?from=2026-10-01&to=2027-01-08&client=fabrikam', { token: patti });
      assert.equal(theirs.status, 200);
      assert.deepEqual(theirs.body.upgrades, []);
      assert.doesNotMatch(mine.text + theirs.text, /Fabrikam|Northwind|fabrikam|northwind/);
      const memberView = await call(app, '/api/schedule?from=2026-10-01&to=2027-01-08', { token: member });
      assert.deepEqual([...new Set((memberView.body.upgrades as any[]).map((u) => u.clientId))], ['contoso']);
    });

    it('filters: client, state, release, kind, mode and search narrow the list', async () => {
      const q = (query: string) => call(app, `/api/schedule?from=2026-10-01&to=2027-01-08&${query}`, { token: csa }).then((r) => (r.body.upgrades as any[]).map((u) => u.id).sort());
      assert.deepEqual(await q('client=fabrikam'), [ids.fabrikam]);
      assert.deepEqual(await q('state=booked,completed'), [ids.contoso, ids.northwindDone].sort());
      assert.deepEqual(await q('release=5.1'), [ids.northwindRequested]);
      assert.deepEqual(await q('kind=minor'), [ids.northwindRequested]);
      assert.deepEqual(await q('mode=self_service'), [ids.northwindRequested]);
      assert.deepEqual(await q('q=fabri'), [ids.fabrikam]);
      assert.deepEqual(await q(`q=${ids.contoso}`), [ids.contoso]);
    });

    it('an upgrade\'s detail: the client\'s own, with prerequisites and timeline; another client\'s is 404 like an unknown one', async () => {
      const own = await call(app, `/api/upgrades/${ids.contoso}`, { token: patti });
      assert.equal(own.status, 200, JSON.stringify(own.body));
      assert.equal(own.body.id, ids.contoso);
      assert.deepEqual(own.body.prerequisites.map((p: any) => p.done), [false, false, true]);
      assert.ok(own.body.timeline.length >= 1);
      assert.deepEqual(Object.keys(own.body.timeline[0]).sort(), ['action', 'actorName', 'at', 'detail', 'role', 'source']);
      assert.ok(Array.isArray(own.body.deliveries));
      const other = await call(app, `/api/upgrades/${ids.fabrikam}`, { token: patti });
      const unknown = await call(app, '/api/upgrades/CHG-2099-9999', { token: patti });
      expectError(other, 404, 'not_found');
      expectError(unknown, 404, 'not_found');
      assert.equal(other.body.message.replace(ids.fabrikam, 'X'), unknown.body.message.replace('CHG-2099-9999', 'X'));
      expectError(await call(app, `/api/upgrades/${ids.contoso}`, { token: isaiah }), 404, 'not_found');
      assert.equal((await call(app, `/api/upgrades/${ids.fabrikam}`, { token: csa })).status, 200);
      expectError(await call(app, '/api/upgrades/nonsense', { token: csa }), 400, 'change_id_invalid');
    });

    it('rollout and insights are for staff: 403 for a client\'s owner', async () => {
      const rollout = await call(app, '/api/releases/5.0/rollout', { token: await entra.token(asUser(adeleTheReleaseManager)) });
      assert.equal(rollout.status, 200, JSON.stringify(rollout.body));
      assert.equal(rollout.body.kind, 'major');
      assert.deepEqual(rollout.body.counts, { upgraded: 1, booked: 1, proposed: 1, requested: 0, notStarted: 0 });
      const contoso = rollout.body.clients.find((c: any) => c.clientId === 'contoso');
      assert.deepEqual([contoso.state, contoso.behind, contoso.flagged], ['booked', 2, true]);
      const northwind = rollout.body.clients.find((c: any) => c.clientId === 'northwind');
      assert.deepEqual([northwind.state, northwind.behind, northwind.flagged], ['upgraded', 1, false]);
      expectError(await call(app, '/api/releases/5.0/rollout', { token: patti }), 403, 'forbidden');
      expectError(await call(app, '/api/releases/9.9/rollout', { token: csa }), 404, 'not_found');
      const insights = await call(app, '/api/insights', { token: csa });
      assert.equal(insights.status, 200);
      assert.deepEqual(insights.body.releases.map((r: any) => r.version), ['5.0', '5.1']);
      expectError(await call(app, '/api/insights', { token: patti }), 403, 'forbidden');
    });

    it('capacity: one slot per hour from the buckets, Contoso\'s booked window using a place', async () => {
      const detail = (await call(app, `/api/upgrades/${ids.contoso}`, { token: csa })).body;
      const day = detail.window.startsAt.slice(0, 10);
      const res = await call(app, `/api/capacity?from=${day}&to=${day}`, { token: patti });
      assert.equal(res.status, 200);
      assert.equal(res.body.capacityPerSlot, 2);
      assert.equal(res.body.slots.length, 24);
      const slot = res.body.slots.find((s: any) => s.startsAt === new Date(Date.parse(detail.window.startsAt) - (Date.parse(detail.window.startsAt) % 3_600_000)).toISOString());
      assert.deepEqual([slot.used, slot.free], [1, 1]);
    });

    it('400 names the bad parameter', async () => {
      const bad = async (query: string, field: string) => {
        const res = await call(app, `/api/schedule?${query}`, { token: csa });
        expectError(res, 400, 'invalid_query');
        assert.ok(res.body.fields.some((f: any) => f.field === field), JSON.stringify(res.body));
      };
      await bad('to=2026-12-01', 'from');
      await bad('from=2026-13-01&to=2026-12-01', 'from');
      await bad('from=2026-01-01&to=2026-12-01', 'to');
      await bad('from=2026-12-02&to=2026-12-01', 'to');
      await bad('from=2026-12-01&to=2026-12-31&state=done', 'state');
      await bad('from=2026-12-01&to=2026-12-31&kind=huge', 'kind');
      await bad('from=2026-12-01&to=2026-12-31&mode=auto', 'mode');
      await bad('from=2026-12-01&to=2026-12-31&release=five', 'release');
      expectError(await call(app, '/api/capacity?from=2026-12-01', { token: csa }), 400, 'invalid_query');
    });
  });

  describe('ICS', () => {
    it('staff: one event per dated upgrade, stable UIDs, TENTATIVE while proposed, CONFIRMED when booked, UTC times', async () => {
      const res = await call(app, '/api/calendar.ics?from=2026-10-01&to=2027-01-08', { token: csa });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/calendar/);
      const events = parseIcs(res.text);
      const byUid = new Map(events.map((e) => [e.uid, e]));
      assert.equal(byUid.get(`${ids.fabrikam}@upgrade-desk`)?.status, 'TENTATIVE');
      assert.equal(byUid.get(`${ids.contoso}@upgrade-desk`)?.status, 'CONFIRMED');
      assert.equal(byUid.get(`${ids.northwindDone}@upgrade-desk`)?.status, 'CONFIRMED');
      assert.equal(byUid.has(`${ids.northwindRequested}@upgrade-desk`), false, 'no event without a date');
      const contoso = (await call(app, `/api/upgrades/${ids.contoso}`, { token: csa })).body;
      assert.equal(byUid.get(`${ids.contoso}@upgrade-desk`)?.start, new Date(contoso.window.startsAt).toISOString());
      assert.match(res.text, /DTSTART:\d{8}T\d{6}Z/);
      assert.doesNotMatch(res.text, /DTSTART;TZID/);
    });

    it('a Contoso owner\'s ICS holds Contoso only', async () => {
      const res = await call(app, '/api/calendar.ics', { token: patti });
      assert.equal(res.status, 200);
      assert.deepEqual(parseIcs(res.text).map((e) => e.uid), [`${ids.contoso}@upgrade-desk`]);
      assert.doesNotMatch(res.text, /Fabrikam|Northwind/);
    });

    it('SEQUENCE rises and STATUS turns CANCELLED when the upgrade changes; the UID stays', async () => {
      const before = parseIcs((await call(app, '/api/calendar.ics?from=2026-10-01&to=2027-01-08', { token: csa })).text).find((e) => e.uid === `${ids.fabrikam}@upgrade-desk`)!;
      const stored = (await app.stores.upgrades.get(ids.fabrikam))!;
      const later = new Date(Date.parse(stored.value.updatedAt) + 90_000).toISOString();
      const actor = { id: alexTheCsa.aadObjectId, name: alexTheCsa.name, role: 'csa' as const };
      await app.stores.upgrades.update({ ...stored.value, state: 'cancelled', cancelReason: 'test', updatedAt: later }, stored.etag, [{ at: later, actor, source: 'tab', action: 'cancelled', detail: 'test' }]);
      await app.stores.schedule.project({ id: ids.fabrikam });
      const after = parseIcs((await call(app, '/api/calendar.ics?from=2026-10-01&to=2027-01-08', { token: csa })).text).find((e) => e.uid === `${ids.fabrikam}@upgrade-desk`)!;
      assert.equal(after.status, 'CANCELLED');
      assert.ok(after.sequence > before.sequence, `${after.sequence} > ${before.sequence}`);
    });

    it('subscription: a secret feed URL without Authorization, the same URL again, revoked: 404', async () => {
      const created = await call(app, '/api/calendar/subscription', { token: patti, method: 'POST' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const url = created.body.url as string;
      assert.match(url, /\/api\/calendar\/feed\/udc_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
      const feed = await call(app, url);
      assert.equal(feed.status, 200);
      assert.match(feed.headers.get('content-type') ?? '', /^text\/calendar/);
      assert.deepEqual(parseIcs(feed.text).map((e) => e.uid), [`${ids.contoso}@upgrade-desk`]);
      assert.doesNotMatch(feed.text, /Fabrikam|Northwind/);
      const again = await call(app, '/api/calendar/subscription', { token: patti, method: 'POST' });
      assert.equal(again.status, 200);
      assert.equal(again.body.url, url);
      const isaiahFeed = await call(app, '/api/calendar/subscription', { token: isaiah, method: 'POST' });
      assert.notEqual(isaiahFeed.body.url, url);
      const tampered = url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      expectError(await call(app, tampered), 404, 'not_found');
      assert.equal((await call(app, '/api/calendar/subscription', { token: patti, method: 'DELETE' })).status, 204);
      expectError(await call(app, url), 404, 'not_found');
      assert.equal((await call(app, isaiahFeed.body.url)).status, 200, 'another person\'s feed stays');
      const renewed = await call(app, '/api/calendar/subscription', { token: patti, method: 'POST' });
      assert.equal(renewed.status, 201);
      assert.notEqual(renewed.body.url, url);
      expectError(await call(app, '/api/calendar/subscription', { method: 'POST' }), 401, 'missing_token');
    });
  });

  describe('dev sign-in', () => {
    it('lists the demo people and signs a token the API accepts', async () => {
      const users = await call(app, '/api/dev/users');
      assert.equal(users.status, 200);
      assert.deepEqual(users.body.users.map((u: any) => u.role), ['csa', 'engineer', 'release-manager', 'contoso-owner', 'fabrikam-owner', 'northwind-owner']);
      const issued = await call(app, '/api/dev/token', { method: 'POST', body: { role: 'fabrikam-owner' } });
      assert.equal(issued.status, 200);
      assert.ok(Date.parse(issued.body.expiresAt) > Date.now());
      const me = await call(app, '/api/me', { token: issued.body.token });
      assert.deepEqual([me.body.kind, me.body.clientId, me.body.name], ['owner', 'fabrikam', 'Isaiah Langer']);
      const schedule = await call(app, '/api/schedule?from=2026-10-01&to=2027-01-08', { token: issued.body.token });
      assert.deepEqual([...new Set((schedule.body.upgrades as any[]).map((u) => u.clientId))], ['fabrikam']);
      const bad = await call(app, '/api/dev/token', { method: 'POST', body: { role: 'ceo' } });
      expectError(bad, 400, 'bad_input');
    });

    it('without the dev sign-in (production): /api/dev/* answer 404 and dev tokens 401', async () => {
      const devToken = (await call(app, '/api/dev/token', { method: 'POST', body: { role: 'csa' } })).body.token;
      const storage = app.storage;
      let server: RunningServer | undefined;
      try {
        server = await startServer({
          config: { port: 0, credentials: undefined, serviceUrlHosts: [] },
          deps: app.app.deps,
          pingStorage: async () => undefined,
          log: () => undefined,
          schedule: {
            verifier: tokenVerifier({ entra: entraVerifier({ clientId: tabAppId, appIdUri: tabAppIdUri, keys: entraKeys(entra.jwksUrl) }) }),
            feeds: await openCalendarFeedStore(storage),
          },
        });
        expectError(await call(app, `${server.url}/api/dev/users`), 404, 'route_not_found');
        expectError(await call(app, `${server.url}/api/dev/token`, { method: 'POST', body: { role: 'csa' } }), 404, 'route_not_found');
        expectError(await call(app, `${server.url}/api/me`, { token: devToken }), 401, 'invalid_token');
        assert.equal((await call(app, `${server.url}/api/me`, { token: csa })).status, 200);
      } finally {
        await server?.close();
      }
    });
  });
});
