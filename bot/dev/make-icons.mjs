// Draws the Teams app icons (manifest/color.png 192x192, manifest/outline.png 32x32) with node:zlib only.
// Usage: node bot/dev/make-icons.mjs [--out-dir DIR]   (default: manifest/ beside this repo's package.json)
// The output is deterministic: rerun it after changing the glyph or the colours, then commit the PNGs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';

/** The app's accent colour; manifest.template.json's accentColor must match. */
export const accent = [0x2b, 0x57, 0xc9];
const white = [0xff, 0xff, 0xff];
const samplesPerAxis = 4;

/** The glyph, an "upgrade" arrow over a base bar, in a unit square (y grows downwards). */
function inGlyph(x, y) {
  const head = y >= 0.06 && y <= 0.5 && Math.abs(x - 0.5) <= (y - 0.06) * (0.36 / 0.44);
  const shaft = x >= 0.38 && x <= 0.62 && y >= 0.5 && y <= 0.74;
  const base = x >= 0.12 && x <= 0.88 && y >= 0.84 && y <= 0.96;
  return head || shaft || base;
}

/** Fraction of the pixel (px, py) that the glyph covers, drawn in the box [x0, x0+size) x [y0, y0+size). */
function coverage(px, py, box) {
  let hits = 0;
  for (let sy = 0; sy < samplesPerAxis; sy++) {
    for (let sx = 0; sx < samplesPerAxis; sx++) {
      const x = (px + (sx + 0.5) / samplesPerAxis - box.x0) / box.size;
      const y = (py + (sy + 0.5) / samplesPerAxis - box.y0) / box.size;
      if (inGlyph(x, y)) hits++;
    }
  }
  return hits / (samplesPerAxis * samplesPerAxis);
}

/** 192x192 opaque RGB: the glyph in white on the accent colour, inside the central 96x96 safe area. */
export function colorIcon() {
  const size = 192;
  const box = { x0: 48, y0: 48, size: 96 };
  const pixels = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, box);
      for (let i = 0; i < 3; i++) pixels[(y * size + x) * 3 + i] = Math.round(accent[i] * (1 - c) + white[i] * c);
    }
  }
  return encodePng(size, size, 'rgb', pixels);
}

/** 32x32 RGBA: white glyph on a transparent background, as Teams requires of the outline icon. */
export function outlineIcon() {
  const size = 32;
  const box = { x0: 4, y0: 4, size: 24 };
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = Math.round(coverage(x, y, box) * 255);
      const at = (y * size + x) * 4;
      // Fully transparent pixels stay 0,0,0,0; every visible pixel is pure white.
      if (alpha > 0) pixels.set([...white, alpha], at);
    }
  }
  return encodePng(size, size, 'rgba', pixels);
}

/** A non-interlaced 8-bit PNG; every scanline uses filter 0 (none). */
export function encodePng(width, height, kind, pixels) {
  const channels = kind === 'rgba' ? 4 : 3;
  const rowBytes = width * channels;
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) pixels.copy(raw, y * (rowBytes + 1) + 1, y * rowBytes, (y + 1) * rowBytes);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = kind === 'rgba' ? 6 : 2; // colour type: truecolour (+ alpha)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
  const outDir = values['out-dir'] ? resolve(values['out-dir']) : join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'manifest');
  mkdirSync(outDir, { recursive: true });
  for (const [name, png] of [['color.png', colorIcon()], ['outline.png', outlineIcon()]]) {
    writeFileSync(join(outDir, name), png);
    console.log(`wrote ${join(outDir, name)} (${png.length} bytes)`);
  }
}
