// npm run build: after tsc has type-checked, bundle the bot and the tab with esbuild.
import { build } from 'esbuild';
import { buildTab } from '../../tabs/build.mjs';

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

// The Teams tab: minified ESM chunks, the charts in their own chunk loaded on demand (tabs/build.mjs).
const tab = await buildTab({ production: true });
console.log(`  dist/tab: ${tab.files.length} files, first render loads ${tab.initialJs.join(', ')}`);
