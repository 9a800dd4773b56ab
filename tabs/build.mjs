// Bundles the Teams tab (tabs/src) into dist/tab with esbuild: ESM chunks (charts load on demand),
// one CSS file, and an index.html naming the hashed files. `node tabs/build.mjs [--dev] [--out dir]`.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds the tab; resolves with the files written and the JS the first render needs. */
export async function buildTab({ production = true, outdir = join(root, 'dist', 'tab') } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: 'tabs/src/main.tsx' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: production,
    sourcemap: production ? 'linked' : false,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    loader: { '.woff': 'file', '.woff2': 'file', '.png': 'file', '.svg': 'file' },
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs).map(([file, info]) => ({ file: relative(outdir, join(root, file)), ...info }));
  const entry = outputs.find((o) => o.entryPoint === 'tabs/src/main.tsx' && o.file.endsWith('.js'));
  const css = outputs.find((o) => o.file === entry.cssBundle?.replace(/^.*?dist\/tab\//, '') || (o.file.startsWith('app-') && o.file.endsWith('.css')));
  // The JS the first render needs: the entry and its static imports (not the dynamic charts chunk).
  const initial = new Set([entry.file]);
  for (const file of initial) for (const imp of outputs.find((o) => o.file === file)?.imports ?? []) if (imp.kind === 'import-statement') initial.add(relative(outdir, join(root, imp.path)));
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Upgrade Desk: schedule</title>
${css ? `<link rel="stylesheet" href="/tab/${css.file}">\n` : ''}${[...initial].slice(1).map((f) => `<link rel="modulepreload" href="/tab/${f}">`).join('\n')}
<script type="module" src="/tab/${entry.file}"></script>
</head>
<body>
<div id="root"><noscript>Upgrade Desk's schedule needs JavaScript.</noscript></div>
</body>
</html>
`;
  writeFileSync(join(outdir, 'index.html'), html);
  return { outdir, files: outputs.map((o) => o.file), initialJs: [...initial], entry: entry.file };
}

if (process.argv[1] && basename(fileURLToPath(import.meta.url)) === basename(process.argv[1])) {
  const { values } = parseArgs({ options: { dev: { type: 'boolean', default: false }, out: { type: 'string' } } });
  const started = Date.now();
  const built = await buildTab({ production: !values.dev, ...(values.out ? { outdir: values.out } : {}) });
  console.log(`tab: ${built.files.length} files in ${relative(process.cwd(), built.outdir) || '.'} (${Date.now() - started} ms)`);
}
