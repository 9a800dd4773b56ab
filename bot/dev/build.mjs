// npm run build: after tsc has type-checked, bundle the bot (and the tab, once it exists) with esbuild.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

await build({
  entryPoints: ['bot/src/index.ts'],
  outfile: 'dist/bot/index.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'info',
});

if (existsSync('tabs/src/index.ts')) {
  await build({
    entryPoints: ['tabs/src/index.ts'],
    outfile: 'dist/tabs/app.js',
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
    sourcemap: true,
    logLevel: 'info',
  });
}
