import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { appSettings, outputs, params, property, resources, stripComments, type BicepParam, type BicepResource } from './support/bicep-text';
import { inRepo } from './support/repo';

// No Bicep compiler can be installed here, so these tests read the template as text.
const source = readFileSync(inRepo('infra', 'main.bicep'), 'utf8');
let code = '';
let declared: BicepResource[] = [];
let parameters: BicepParam[] = [];

function resource(type: string): BicepResource {
  const found = declared.filter((r) => r.type === type);
  assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
  return found[0]!;
}

/** Every environment variable bot/src/config.ts reads, from its source. */
const configEnvVars = [...new Set([...readFileSync(inRepo('bot', 'src', 'config.ts'), 'utf8').matchAll(/\benv\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))];

/** Read-only variables App Service sets itself, differently on each instance. */
const setByAppService = ['WEBSITE_INSTANCE_ID'];

describe('infra/main.bicep', () => {
  before(() => {
    try {
      code = stripComments(source);
    } catch {
      return; // the first test reports it
    }
    declared = resources(code);
    parameters = params(code);
  });

  it('has balanced brackets and strings', () => {
    assert.doesNotThrow(() => stripComments(source));
  });

  it('declares a storage account with its table and queue services', () => {
    const storage = resource('Microsoft.Storage/storageAccounts');
    assert.equal(property(storage.body, 'kind'), "'StorageV2'");
    assert.equal(property(storage.body, 'supportsHttpsTrafficOnly'), 'true');
    assert.equal(property(storage.body, 'minimumTlsVersion'), "'TLS1_2'");
    assert.equal(property(storage.body, 'allowBlobPublicAccess'), 'false');
    for (const child of ['tableServices', 'queueServices']) {
      const service = resource(`Microsoft.Storage/storageAccounts/${child}`);
      assert.equal(property(service.body, 'parent'), storage.symbol);
    }
  });

  it('declares a Linux plan and a Node 20 web app, HTTPS only, with the health check path', () => {
    const plan = resource('Microsoft.Web/serverfarms');
    assert.equal(property(plan.body, 'reserved'), 'true');
    const web = resource('Microsoft.Web/sites');
    assert.equal(property(web.body, 'kind'), "'app,linux'");
    assert.equal(property(web.body, 'serverFarmId'), `${plan.symbol}.id`);
    assert.equal(property(web.body, 'httpsOnly'), 'true');
    assert.equal(property(web.body, 'linuxFxVersion'), "'NODE|20-lts'");
    assert.equal(property(web.body, 'healthCheckPath'), "'/api/health'");
    assert.equal(property(web.body, 'ftpsState'), "'Disabled'");
  });

  it('finds the env vars config.ts reads', () => {
    for (const name of ['PORT', 'HOST', 'NODE_ENV', 'STORAGE_CONNECTION_STRING', 'TABLE_PREFIX', 'VENDOR_TENANT_ID', 'MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'SERVICE_URL_HOSTS'])
      assert.ok(configEnvVars.includes(name), name);
  });

  it('sets every env var config.ts reads as an app setting, but those App Service sets on each instance', () => {
    const settings = appSettings(resource('Microsoft.Web/sites').body);
    const missing = configEnvVars.filter((name) => !settings.has(name) && !setByAppService.includes(name));
    assert.deepEqual(missing, [], `app settings missing for: ${missing.join(', ')}`);
    // An app setting would give every instance the same value.
    assert.deepEqual(setByAppService.filter((name) => settings.has(name)), [], 'set by App Service itself, never as an app setting');
    assert.equal(settings.get('NODE_ENV'), "'production'");
    assert.equal(settings.get('MicrosoftAppType'), "'SingleTenant'");
  });

  it('builds STORAGE_CONNECTION_STRING from the storage account it creates', () => {
    const storage = resource('Microsoft.Storage/storageAccounts');
    const value = appSettings(resource('Microsoft.Web/sites').body).get('STORAGE_CONNECTION_STRING') ?? '';
    assert.match(value, new RegExp(`AccountName=\\$\\{${storage.symbol}\\.name\\}`));
    assert.match(value, new RegExp(`AccountKey=\\$\\{${storage.symbol}\\.listKeys\\(\\)\\.keys\\[0\\]\\.value\\}`));
    assert.match(value, /DefaultEndpointsProtocol=https/);
  });

  it('feeds the bot credentials and tenant settings from parameters, the password a secure one', () => {
    const settings = appSettings(resource('Microsoft.Web/sites').body);
    const byName = new Map(parameters.map((p) => [p.name, p]));
    for (const setting of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'VENDOR_TENANT_ID', 'TABLE_PREFIX', 'SERVICE_URL_HOSTS'])
      assert.ok(byName.has(settings.get(setting) ?? ''), `${setting} should come straight from a parameter, not ${settings.get(setting)}`);
    assert.equal(byName.get(settings.get('MicrosoftAppPassword')!)?.secure, true);
    assert.equal(byName.get(settings.get('VENDOR_TENANT_ID')!)?.hasDefault, false, 'the vendor tenant must be given explicitly');
  });

  it('registers a single-tenant Azure Bot on the web app\'s /api/messages with the Teams channel', () => {
    const web = resource('Microsoft.Web/sites');
    const bot = resource('Microsoft.BotService/botServices');
    assert.equal(property(bot.body, 'endpoint'), `'https://\${${web.symbol}.properties.defaultHostName}/api/messages'`);
    assert.equal(property(bot.body, 'msaAppType'), "'SingleTenant'");
    assert.ok(property(bot.body, 'msaAppTenantId'));
    const channel = resource('Microsoft.BotService/botServices/channels');
    assert.equal(property(channel.body, 'parent'), bot.symbol);
    assert.equal(property(channel.body, 'name'), "'MsTeamsChannel'");
  });

  it('main.parameters.json gives every parameter without a default, and only declared ones', () => {
    const file = JSON.parse(readFileSync(inRepo('infra', 'main.parameters.json'), 'utf8')) as { parameters: Record<string, unknown> };
    const given = Object.keys(file.parameters);
    const names = parameters.map((p) => p.name);
    assert.deepEqual(given.filter((g) => !names.includes(g)), [], 'parameters the template does not declare');
    assert.deepEqual(parameters.filter((p) => !p.hasDefault && !given.includes(p.name)).map((p) => p.name), [], 'required parameters not given');
  });

  it('outputs what the manifest and teamsapp.yml deploy step need', () => {
    const out = outputs(code);
    for (const name of ['BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_DOMAIN', 'TAB_DOMAIN', 'TAB_ENDPOINT']) assert.ok(out.has(name), name);
    assert.match(out.get('TAB_ENDPOINT')!, /^'https:\/\/\$\{\w+\.properties\.defaultHostName\}'$/);
    assert.doesNotMatch([...out.values()].join('\n'), /listKeys|Password/i, 'no secrets in outputs');
  });
});
