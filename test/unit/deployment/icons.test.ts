import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePng, readIhdr } from './support/png';
import { inRepo, runScript, tempDir } from './support/repo';

const template = JSON.parse(readFileSync(inRepo('manifest', 'manifest.template.json'), 'utf8')) as { icons: { color: string; outline: string }; accentColor: string };
const color = readFileSync(inRepo('manifest', template.icons.color));
const outline = readFileSync(inRepo('manifest', template.icons.outline));

const pixels = (rgba: Buffer) => Array.from({ length: rgba.length / 4 }, (_, i) => [...rgba.subarray(i * 4, i * 4 + 4)] as [number, number, number, number]);

describe('Teams app icons', () => {
  it('the colour icon is a 192x192 PNG', () => {
    assert.deepEqual(readIhdr(color), { width: 192, height: 192, bitDepth: 8, colorType: 2 });
  });

  it('the outline icon is a 32x32 PNG with an alpha channel', () => {
    assert.deepEqual(readIhdr(outline), { width: 32, height: 32, bitDepth: 8, colorType: 6 });
  });

  it('the outline icon is only white on transparent', () => {
    const all = pixels(decodePng(outline).rgba);
    const notWhite = all.filter(([r, g, b, a]) => a > 0 && (r !== 255 || g !== 255 || b !== 255));
    assert.deepEqual(notWhite, []);
    assert.ok(all.some(([, , , a]) => a === 0), 'has a transparent background');
    assert.ok(all.some(([, , , a]) => a === 255), 'has a visible glyph');
  });

  it('the colour icon is opaque, on the manifest accent colour', () => {
    const all = pixels(decodePng(color).rgba);
    assert.ok(all.every(([, , , a]) => a === 255));
    const corner = all[0]!.slice(0, 3).map((v) => v.toString(16).padStart(2, '0')).join('');
    assert.equal(`#${corner}`, template.accentColor.toLowerCase());
  });

  it('the committed icons are what bot/dev/make-icons.mjs draws', () => {
    const dir = tempDir('icons');
    const run = runScript('bot/dev/make-icons.mjs', ['--out-dir', dir]);
    assert.equal(run.status, 0, run.stderr);
    for (const [name, committed] of [['color.png', color], ['outline.png', outline]] as const) {
      assert.deepEqual(decodePng(readFileSync(join(dir, name))).rgba, decodePng(committed).rgba, `${name} differs: rerun node bot/dev/make-icons.mjs`);
    }
  });
});
