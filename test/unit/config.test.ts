import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { ConfigError, loadConfig } from '../../bot/src/config';

describe('configuration', () => {
  const storage = { STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };

  it('starts locally on defaults with no authentication', () => {
    const config = loadConfig({ ...storage });
    assert.equal(config.port, 3978);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.credentials, undefined);
    assert.ok(Object.isFrozen(config));
  });

  it('refuses production without bot credentials, saying what to set', () => {
    assert.throws(
      () => loadConfig({ ...storage, NODE_ENV: 'production', VENDOR_TENANT_ID: 'v' }),
      (err: unknown) => err instanceof ConfigError && /MicrosoftAppId is missing and NODE_ENV=production/.test(err.message),
    );
  });

  it('lists every missing or bad variable at once', () => {
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'eighty', TABLE_PREFIX: '9bad' });
      assert.fail('expected a ConfigError');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      for (const name of ['PORT', 'STORAGE_CONNECTION_STRING', 'TABLE_PREFIX', 'MicrosoftAppId', 'VENDOR_TENANT_ID'])
        assert.ok(err.problems.some((p) => p.includes(name)), name);
    }
  });

  it('reads single-tenant credentials and needs their secret and tenant', () => {
    const config = loadConfig({ ...storage, MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: 'tenant' });
    assert.deepEqual(config.credentials, { appId: 'app', appPassword: 'secret', appType: 'SingleTenant', appTenantId: 'tenant' });
    assert.throws(() => loadConfig({ ...storage, MicrosoftAppId: 'app' }), /MicrosoftAppPassword is missing[\s\S]*MicrosoftAppTenantId is missing/);
  });

  it('reads LOG_LEVEL (info by default) and refuses a level pino does not know', () => {
    assert.equal(loadConfig({ ...storage }).logLevel, 'info');
    assert.equal(loadConfig({ ...storage, LOG_LEVEL: 'DEBUG' }).logLevel, 'debug');
    assert.throws(() => loadConfig({ ...storage, LOG_LEVEL: 'loud' }), (err: unknown) => err instanceof ConfigError && err.code === 'config_invalid' && /LOG_LEVEL="loud" must be one of trace, debug, info/.test(err.message));
  });

  it('reads TEAMS_APP_ID (the Teams app id, for the schedule tab deep link) and refuses one that is not a GUID', () => {
    assert.equal(loadConfig({ ...storage }).teamsAppId, undefined);
    assert.equal(loadConfig({ ...storage, TEAMS_APP_ID: ' 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b ' }).teamsAppId, '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b');
    assert.throws(() => loadConfig({ ...storage, TEAMS_APP_ID: 'upgrade-desk' }), (err: unknown) => err instanceof ConfigError && /TEAMS_APP_ID="upgrade-desk" must be a GUID/.test(err.message));
  });

  it('names the instance by App Service\'s WEBSITE_INSTANCE_ID, else by host and port; with port 0 by nothing (no place to restart in)', () => {
    assert.equal(loadConfig({ ...storage, WEBSITE_INSTANCE_ID: ' 7a3f0c ', PORT: '8080' }).instanceName, '7a3f0c');
    assert.equal(loadConfig({ ...storage, PORT: '8080' }).instanceName, `${hostname()}:8080`);
    assert.equal(loadConfig({ ...storage }).instanceName, `${hostname()}:3978`);
    assert.equal(loadConfig({ ...storage, PORT: '0' }).instanceName, undefined);
  });

  it('publishes to SharePoint only when set up: app-only with a certificate, or the local stand-in outside production', () => {
    assert.equal(loadConfig({ ...storage }).sharepoint, undefined, 'off by default');
    const app = loadConfig({ ...storage, SHAREPOINT_CLIENT_ID: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', SHAREPOINT_CERTIFICATE_PATH: '/certs/upgrade-desk.pem', SHAREPOINT_RELEASE_NOTES_SITE: 'https://vendor.sharepoint.com/sites/releases/' });
    assert.deepEqual(app.sharepoint, { auth: { kind: 'certificate', clientId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', certificatePath: '/certs/upgrade-desk.pem' }, releaseNotesSite: 'https://vendor.sharepoint.com/sites/releases' });
    assert.deepEqual(loadConfig({ ...storage, SHAREPOINT_DEV: 'true' }).sharepoint, { auth: { kind: 'development' } });
    const refused = (env: Record<string, string>, pattern: RegExp) => assert.throws(() => loadConfig({ ...storage, ...env }), (err: unknown) => err instanceof ConfigError && pattern.test(err.message));
    refused({ SHAREPOINT_CLIENT_ID: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' }, /without SHAREPOINT_CERTIFICATE_PATH/);
    refused({ SHAREPOINT_CERTIFICATE_PATH: '/certs/x.pem' }, /SHAREPOINT_CLIENT_ID is missing/);
    refused({ SHAREPOINT_DEV: 'true', NODE_ENV: 'production', VENDOR_TENANT_ID: 'v', MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' }, /SHAREPOINT_DEV is on and NODE_ENV=production/);
  });
});
