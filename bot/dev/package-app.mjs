// Builds the Teams app package: fills manifest/manifest.template.json's ${{VAR}} placeholders from the
// environment and zips manifest.json with its two icons into dist/appPackage.zip.
// Usage: node [--env-file=env/.env.dev] bot/dev/package-app.mjs [--template FILE] [--out FILE]
// Exits 1, naming every missing or malformed variable, before writing anything.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { crc32, deflateRawSync } from 'node:zlib';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What each placeholder is, for error messages, and how to check its value. */
const known = {
  TEAMS_APP_ID: { what: 'the Teams app id (teamsApp/create writes it)', check: (v) => guid.test(v) || 'must be a GUID' },
  BOT_ID: { what: "the bot's Microsoft Entra app (client) id, the bot's MicrosoftAppId", check: (v) => guid.test(v) || 'must be a GUID' },
  AAD_APP_CLIENT_ID: { what: "the tab's SSO Microsoft Entra app (client) id", check: (v) => guid.test(v) || 'must be a GUID' },
  TAB_ENDPOINT: { what: 'the https origin that serves the tab, e.g. https://upgradedesk.azurewebsites.net', check: checkEndpoint },
  TAB_DOMAIN: { what: "the tab's host name, e.g. upgradedesk.azurewebsites.net", check: checkDomain },
};

function checkEndpoint(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:') return 'must start with https:// (Teams loads tabs over HTTPS only)';
  if (value.endsWith('/')) return 'must not end with "/" (the manifest appends paths)';
  return true;
}

function checkDomain(value, env) {
  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(value)) return 'must be a bare host name, without https:// or a path';
  const endpoint = env.TAB_ENDPOINT;
  if (endpoint && checkEndpoint(endpoint) === true && new URL(endpoint).host !== value.toLowerCase())
    return `must be the host of TAB_ENDPOINT (${new URL(endpoint).host})`;
  return true;
}

/** The manifest text with every placeholder filled, or the list of problems. */
export function fillTemplate(template, env) {
  const names = [...new Set([...template.matchAll(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]))];
  const problems = [];
  for (const name of names) {
    const value = env[name];
    const what = known[name]?.what ?? 'used by the manifest template';
    if (value === undefined || value.trim() === '') {
      problems.push(`${name} is missing: ${what}.`);
      continue;
    }
    const verdict = known[name]?.check(value.trim(), env) ?? true;
    if (verdict !== true) problems.push(`${name}="${value}" ${verdict}.`);
  }
  if (problems.length) return { problems };
  // Values go in JSON-escaped, so a stray quote cannot break the manifest.
  const text = template.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name) => JSON.stringify(env[name].trim()).slice(1, -1));
  return { text, problems };
}

/** A zip archive (deflate, or stored when that is smaller) with a fixed timestamp, so equal inputs give equal bytes. */
export function zip(entries) {
  const dosTime = 0;
  const dosDate = (2020 - 1980) << 9 | 1 << 5 | 1;
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const [method, body] = deflated.length < data.length ? [8, deflated] : [0, data];
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, body);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Fills the template and writes the package; returns the problems instead when there are any. */
export function packageApp({ templatePath, outPath, env }) {
  const filled = fillTemplate(readFileSync(templatePath, 'utf8'), env);
  if (filled.problems.length) return filled.problems;
  const manifest = JSON.parse(filled.text);
  const icons = [manifest.icons?.color, manifest.icons?.outline];
  const missingIcons = icons.filter((icon) => typeof icon !== 'string' || !existsSync(join(dirname(templatePath), icon)));
  if (missingIcons.length) return [`icons ${missingIcons.join(', ')} not found beside ${templatePath} (node bot/dev/make-icons.mjs draws them).`];
  const entries = [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8') },
    ...icons.map((icon) => ({ name: icon, data: readFileSync(join(dirname(templatePath), icon)) })),
  ];
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, zip(entries));
  return [];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { template: { type: 'string' }, out: { type: 'string' } } });
  const templatePath = values.template ? resolve(values.template) : join(repoRoot, 'manifest', 'manifest.template.json');
  const outPath = values.out ? resolve(values.out) : join(repoRoot, 'dist', 'appPackage.zip');
  const problems = packageApp({ templatePath, outPath, env: process.env });
  if (problems.length) {
    console.error(`Cannot build the Teams app package from ${relative(process.cwd(), templatePath) || templatePath}:`);
    for (const p of problems) console.error(`  - ${p}`);
    console.error('Set them in the environment; Teams Toolkit keeps them in env/.env.<environment>:');
    console.error('  node --env-file=env/.env.dev bot/dev/package-app.mjs');
    process.exit(1);
  }
  const shown = relative(process.cwd(), outPath);
  console.log(`wrote ${shown.startsWith('..') ? outPath : shown}`);
}
