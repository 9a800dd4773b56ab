import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { demoClients, demoOwners, demoStaff, demoTenants } from '../../../bot/dev/demo-data';
import { calendarIcs, sequenceOf } from '../../../bot/src/api/calendar-ics';
import { devUsers } from '../../../bot/src/api/dev-users';
import { HttpProblem } from '../../../bot/src/api/http-errors';
import { entraKeys, entraVerifier } from '../../../bot/src/api/tab-auth';
import { ConfigError, loadConfig } from '../../../bot/src/config';
import type { CalendarItem } from '../../../bot/src/usecases/schedule-tab';
import { parseIcs } from '../../integration/api/schedule-client';

describe('the schedule tab API: dev users, config, key set outages, ICS', () => {
  it('the dev sign-in\'s people are the demo data\'s (same tenants, ids and names)', () => {
    const staff = (name: string) => demoStaff.find((s) => s.name === name)!;
    for (const u of devUsers) {
      if (u.tenantId === demoTenants.vendor) assert.equal(staff(u.name).aadObjectId, u.objectId, u.role);
      else {
        const client = demoClients.find((c) => c.tenantId === u.tenantId)!;
        assert.ok(client.ownerIds.includes(u.objectId), u.role);
        assert.equal(u.role, `${client.id}-owner`);
        assert.ok(Object.values(demoOwners).flat().some((o) => o.aadObjectId === u.objectId && o.name === u.name), u.role);
      }
    }
  });

  it('config: the dev sign-in is on by default locally, off in production, and refused there', () => {
    const storage = { STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };
    assert.equal(loadConfig(storage).devSignIn, true);
    assert.equal(loadConfig({ ...storage, DEV_SIGN_IN: 'false' }).devSignIn, false);
    const prod = { ...storage, NODE_ENV: 'production', VENDOR_TENANT_ID: 'v', MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' };
    assert.equal(loadConfig(prod).devSignIn, false);
    assert.throws(() => loadConfig({ ...prod, DEV_SIGN_IN: 'true' }), (err: unknown) => err instanceof ConfigError && /DEV_SIGN_IN/.test(err.message));
    const sso = loadConfig({ ...storage, TAB_SSO_CLIENT_ID: 'abc', TAB_SSO_APP_ID_URI: 'api://host/abc' }).tabSso;
    assert.deepEqual(sso, { clientId: 'abc', appIdUri: 'api://host/abc', jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys' });
    assert.throws(() => loadConfig({ ...storage, TAB_SSO_APP_ID_URI: 'api://host/abc' }), /TAB_SSO_CLIENT_ID/);
  });

  it('a key set that cannot be fetched is 503 sign_in_unavailable, not 401', async () => {
    const server = createServer((_req, res) => { res.writeHead(500); res.end(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const { privateKey } = await generateKeyPair('RS256');
    const tid = demoTenants.contoso;
    const token = await new SignJWT({ tid, oid: 'x' }).setProtectedHeader({ alg: 'RS256', kid: 'k' }).setIssuer(`https://login.microsoftonline.com/${tid}/v2.0`)
      .setAudience('app').setExpirationTime('1h').sign(privateKey);
    try {
      for (const url of [`http://127.0.0.1:${port}/keys`, 'http://127.0.0.1:1/keys']) {
        const verifier = entraVerifier({ clientId: 'app', keys: entraKeys(url) });
        await assert.rejects(verifier.verify(token), (err: unknown) => err instanceof HttpProblem && err.code === 'sign_in_unavailable' && err.status === 503);
      }
    } finally {
      server.close();
    }
  });

  it('ICS: UTC times, UID per change, TENTATIVE/CONFIRMED/CANCELLED, SEQUENCE from the last change', () => {
    const base: CalendarItem = {
      id: 'CHG-2026-0001', clientId: 'contoso', clientName: 'Contoso', clientTimeZone: 'Europe/London', fromVersion: '4.3', toVersion: '5.0', kind: 'major',
      mode: 'managed', state: 'proposed', stateLabel: 'Windows proposed', proposedWindows: [{ startsAt: '2026-12-04T18:00:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' }, { startsAt: '2026-12-08T18:00:00.000Z', endsAt: '2026-12-09T00:00:00.000Z' }],
      createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z',
    };
    const booked: CalendarItem = { ...base, id: 'CHG-2026-0002', state: 'booked', stateLabel: 'Booked', window: base.proposedWindows[1]!, proposedWindows: [], updatedAt: '2026-11-26T10:00:00.000Z' };
    const cancelled: CalendarItem = { ...booked, id: 'CHG-2026-0003', state: 'cancelled', stateLabel: 'Cancelled' };
    const requested: CalendarItem = { ...base, id: 'CHG-2026-0004', state: 'requested', stateLabel: 'Requested', proposedWindows: [] };
    const events = parseIcs(calendarIcs([base, booked, cancelled, requested], { name: 'test' }));
    assert.deepEqual(events.map((e) => [e.uid, e.status, e.start, e.sequence]), [
      ['CHG-2026-0001@upgrade-desk', 'TENTATIVE', '2026-12-04T18:00:00.000Z', 0],
      ['CHG-2026-0002@upgrade-desk', 'CONFIRMED', '2026-12-08T18:00:00.000Z', 86_400],
      ['CHG-2026-0003@upgrade-desk', 'CANCELLED', '2026-12-08T18:00:00.000Z', 86_400],
    ]);
    assert.equal(sequenceOf({ createdAt: 'x', updatedAt: 'y' }), 0);
  });
});
