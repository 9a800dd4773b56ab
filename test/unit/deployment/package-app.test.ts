import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inRepo, runScript, sampleManifestEnv, tempDir } from './support/repo';
import { readZip } from './support/zip';

const script = 'bot/dev/package-app.mjs';

function packageWith(env: Record<string, string>) {
  const out = join(tempDir('package'), 'appPackage.zip');
  return { out, ...runScript(script, ['--out', out], env) };
}

describe('bot/dev/package-app.mjs', () => {
  it('writes a zip with manifest.json and both icons at its root, placeholders filled', () => {
    const run = packageWith({ ...sampleManifestEnv });
    assert.equal(run.status, 0, run.stderr);
    const files = readZip(readFileSync(run.out));
    assert.deepEqual([...files.keys()].sort(), ['color.png', 'manifest.json', 'outline.png']);
    const manifest = files.get('manifest.json')!.toString('utf8');
    assert.doesNotMatch(manifest, /\$\{\{/);
    assert.match(manifest, new RegExp(sampleManifestEnv.BOT_ID));
    assert.deepEqual(files.get('color.png'), readFileSync(inRepo('manifest', 'color.png')));
    assert.deepEqual(files.get('outline.png'), readFileSync(inRepo('manifest', 'outline.png')));
  });

  it('is reproducible: the same inputs give the same bytes', () => {
    const [a, b] = [packageWith({ ...sampleManifestEnv }), packageWith({ ...sampleManifestEnv })];
    assert.deepEqual(readFileSync(a.out), readFileSync(b.out));
  });

  it('fails naming the missing variable, and writes nothing', () => {
    const { BOT_ID: _omitted, ...rest } = sampleManifestEnv;
    const run = packageWith(rest);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /BOT_ID is missing/);
    assert.doesNotMatch(run.stderr, /TEAMS_APP_ID|TAB_ENDPOINT is|TAB_DOMAIN is|AAD_APP_CLIENT_ID is/);
    assert.equal(existsSync(run.out), false);
  });

  it('names every missing variable at once', () => {
    const run = packageWith({});
    assert.equal(run.status, 1);
    for (const name of Object.keys(sampleManifestEnv)) assert.match(run.stderr, new RegExp(`${name} is missing`));
  });

  it('treats an empty variable as missing', () => {
    const run = packageWith({ ...sampleManifestEnv, TEAMS_APP_ID: '  ' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /TEAMS_APP_ID is missing/);
  });

  it('rejects malformed values, saying what is expected', () => {
    const run = packageWith({ ...sampleManifestEnv, BOT_ID: 'my-bot', TAB_ENDPOINT: 'http://updesk-abc123.azurewebsites.net' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /BOT_ID="my-bot" must be a GUID/);
    assert.match(run.stderr, /TAB_ENDPOINT=.* must start with https:\/\//);
  });

  it('rejects a TAB_DOMAIN that is not the host of TAB_ENDPOINT', () => {
    const run = packageWith({ ...sampleManifestEnv, TAB_DOMAIN: 'elsewhere.example.com' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /TAB_DOMAIN=.* must be the host of TAB_ENDPOINT \(updesk-abc123\.azurewebsites\.net\)/);
  });
});
