import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { commands as botCommands } from '../../../bot/src/teams/commands/catalogue';
import { searchCommandId, searchParameterName } from '../../../bot/src/teams/message-extension';
import { inRepo, runScript, sampleManifestEnv, tempDir } from './support/repo';
import { manifestProblems } from './support/teams-manifest-rules';
import { readZip } from './support/zip';

interface Command {
  title: string;
  description: string;
}
interface Manifest {
  manifestVersion: string;
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: Command[] }[] }[];
  staticTabs: { entityId: string; name?: string; contentUrl?: string; websiteUrl?: string; scopes: string[] }[];
  configurableTabs: { configurationUrl: string; scopes: string[] }[];
  validDomains: string[];
  composeExtensions?: {
    botId: string;
    commands: { id: string; type?: string; title: string; context?: string[]; initialRun?: boolean; parameters?: { name: string; title: string; description?: string }[] }[];
    messageHandlers?: { type: string; value: { domains: string[] } }[];
  }[];
  webApplicationInfo: { id: string; resource: string };
  [key: string]: unknown;
}

const templateText = readFileSync(inRepo('manifest', 'manifest.template.json'), 'utf8');

/** The manifest exactly as it goes to Teams: filled and zipped by bot/dev/package-app.mjs. */
function packagedManifest(): Manifest {
  const out = join(tempDir('manifest'), 'appPackage.zip');
  const run = runScript('bot/dev/package-app.mjs', ['--out', out], { ...sampleManifestEnv });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(readZip(readFileSync(out)).get('manifest.json')!.toString('utf8')) as Manifest;
}

const allCommands = (m: Manifest) => m.bots.flatMap((b) => b.commandLists.flatMap((l) => l.commands));

describe('Teams app manifest', () => {
  let manifest: Manifest;
  before(() => {
    manifest = packagedManifest();
  });

  it('the template is JSON whose placeholders are the ones provisioning provides', () => {
    JSON.parse(templateText);
    const placeholders = new Set([...templateText.matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]));
    assert.deepEqual([...placeholders].sort(), ['AAD_APP_CLIENT_ID', 'BOT_ID', 'TAB_DOMAIN', 'TAB_ENDPOINT', 'TEAMS_APP_ID']);
  });

  it('the filled manifest passes the structural v1.19 checks', () => {
    assert.deepEqual(manifestProblems(manifest), []);
    assert.equal(manifest.id, sampleManifestEnv.TEAMS_APP_ID);
  });

  it('the structural checks catch what the schema would reject', () => {
    const broken = structuredClone(manifest);
    delete broken.developer;
    broken.bots[0]!.commandLists[0]!.commands.push({ title: 'x'.repeat(33), description: '' });
    broken.bots[0]!.scopes.push('groupchat');
    broken.composeExtensions![0]!.messageHandlers![0]!.value.domains.push('https://updesk.example.com/tab');
    const problems = manifestProblems(broken).join('\n');
    assert.match(problems, /\$\.developer: is required/);
    assert.match(problems, /title: is 33 characters; at most 32/);
    assert.match(problems, /description: must be a non-empty string/);
    assert.match(problems, /commands: has 11 items; at most 10/);
    assert.match(problems, /"groupchat" is not one of team, personal, groupChat/);
    assert.match(problems, /messageHandlers\[0\]\.value\.domains\[1\]: "https:\/\/updesk\.example\.com\/tab" does not match/);
  });

  it('validates against the Teams JSON schema from @microsoft/app-manifest with ajv-draft-04', async () => {
    const require = createRequire(import.meta.url);
    const schemaPath = join(require.resolve('@microsoft/app-manifest/package.json'), '..', 'build', 'json-schemas', 'teams', `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json');
    assert.ok(existsSync(schemaPath), `the Teams manifest schema v${manifest.manifestVersion} is missing at ${schemaPath}`);
    const { default: Ajv04 } = (await import(require.resolve('ajv-draft-04'))) as { default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } };
    // Formats ("uri") are not checked: ajv would only log that it does not know them.
    const validate = new Ajv04({ strict: false, allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    assert.ok(validate(manifest), JSON.stringify(validate.errors, null, 2));
  });

  it('offers the bot in personal chat, teams and group chats, with a command list for each', () => {
    const [bot] = manifest.bots;
    assert.equal(bot?.botId, sampleManifestEnv.BOT_ID);
    assert.deepEqual([...bot!.scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.deepEqual(bot!.commandLists.flatMap((l) => l.scopes).sort(), ['groupChat', 'personal', 'team']);
  });

  it('every command has a title and a description', () => {
    for (const command of allCommands(manifest)) {
      assert.ok(command.title.trim(), JSON.stringify(command));
      assert.ok(command.description.trim().length >= 10, `"${command.title}" needs a real description`);
    }
  });

  it('lists every Upgrade Desk command, with its arguments in the description', () => {
    const expected: Record<string, string> = {
      help: '',
      windows: 'windows {client} [version]',
      upgrades: 'upgrades [client]',
      book: 'book {client} {version}',
      'request upgrade': 'request upgrade {version}',
      reschedule: 'reschedule {CHG-id}',
      cancel: 'cancel {CHG-id} {reason}',
      event: 'event {CHG-id} {event}',
      deliveries: 'deliveries {notice | CHG-id}',
      'notices here': 'notices here',
      'publish release': 'publish release',
    };
    const byTitle = new Map(allCommands(manifest).map((c) => [c.title, c]));
    for (const [title, usage] of Object.entries(expected)) {
      assert.ok(byTitle.has(title), `missing command "${title}"`);
      assert.ok(byTitle.get(title)!.description.startsWith(usage), `"${title}" should start with its usage "${usage}"`);
    }
  });

  it('lists every command the bot itself answers to, described by the bot\'s own usage line', () => {
    const byTitle = new Map(allCommands(manifest).map((c) => [c.title, c]));
    for (const { usage } of botCommands) {
      const title = usage.split(/\s+[{[]/)[0]!; // "request upgrade {version} [self-service]" -> "request upgrade"
      assert.ok(byTitle.has(title), `the bot answers "${usage}" but the manifest does not list "${title}"`);
      assert.ok(byTitle.get(title)!.description.startsWith(usage), `"${title}" should start with "${usage}"`);
    }
  });

  it('offers the bot\'s upgrade search in compose boxes and the command box, and unfurls links on the tab\'s domain', () => {
    const [extension, ...others] = manifest.composeExtensions ?? [];
    assert.ok(extension, 'no composeExtensions');
    assert.equal(others.length, 0);
    assert.equal(extension.botId, sampleManifestEnv.BOT_ID);
    const [search] = extension.commands;
    // The ids the bot reads (bot/src/teams/message-extension.ts).
    assert.equal(search?.id, searchCommandId);
    assert.equal(search.type, 'query');
    assert.deepEqual(search.context, ['compose', 'commandBox']);
    assert.equal(search.initialRun, true);
    assert.deepEqual(search.parameters?.map((p) => p.name), [searchParameterName]);
    assert.ok(search.parameters![0]!.title.trim() && search.parameters![0]!.description?.trim());
    assert.deepEqual(extension.messageHandlers, [{ type: 'link', value: { domains: [sampleManifestEnv.TAB_DOMAIN] } }]);
  });

  it('has the Schedule static tab and a channel tab on the tab endpoint, SSO, and the tab domain as valid domain', () => {
    const endpoint = sampleManifestEnv.TAB_ENDPOINT;
    const schedule = manifest.staticTabs.find((t) => t.name === 'Schedule');
    assert.ok(schedule, 'no static tab named Schedule');
    assert.ok(schedule.contentUrl?.startsWith(`${endpoint}/`), schedule.contentUrl);
    assert.deepEqual(schedule.scopes, ['personal']);
    const [channelTab] = manifest.configurableTabs;
    assert.ok(channelTab, 'no configurable tab');
    assert.ok(channelTab.configurationUrl.startsWith(`${endpoint}/`), channelTab.configurationUrl);
    assert.deepEqual(channelTab.scopes, ['team', 'groupChat']);
    assert.deepEqual(manifest.validDomains, [sampleManifestEnv.TAB_DOMAIN]);
    assert.deepEqual(manifest.webApplicationInfo, {
      id: sampleManifestEnv.AAD_APP_CLIENT_ID,
      resource: `api://${sampleManifestEnv.TAB_DOMAIN}/${sampleManifestEnv.AAD_APP_CLIENT_ID}`,
    });
  });
});
