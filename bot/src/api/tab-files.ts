import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'restify';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** dist/tab of the project this module runs from (bot/src/api under tsx, dist/bot once bundled). */
export function defaultTabDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'tab');
}

const notBuilt = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Upgrade Desk: tab not built</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem"><h1>The schedule tab is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it), then reload this page.</p></body></html>`;

function send(res: Response, status: number, type: string, body: string | Buffer, cache: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': cache, 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/**
 * GET /tab and /tab/*: the built tab. Paths without an extension (/tab, /tab/schedule,
 * /tab/configure) get index.html; hashed JS/CSS chunks are cached for a year. 503 with a page
 * saying how to build it when dist/tab has no index.html; 404 for a file that is not there.
 */
export function tabFilesRoute(tabDir: string = defaultTabDir()) {
  const root = resolve(tabDir);
  return async (req: Request, res: Response): Promise<void> => {
    let rel: string;
    try {
      rel = decodeURIComponent(req.getPath().replace(/^\/tab\/?/, ''));
    } catch {
      return send(res, 400, contentTypes['.txt']!, 'Bad path', 'no-store');
    }
    const isPage = extname(rel) === '';
    const file = resolve(root, isPage ? 'index.html' : rel);
    if (!file.startsWith(root + sep)) return send(res, 404, contentTypes['.txt']!, 'Not found', 'no-store');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      if (isPage) return send(res, 503, contentTypes['.html']!, notBuilt, 'no-store');
      return send(res, 404, contentTypes['.txt']!, 'Not found', 'no-store');
    }
    const hashed = /-[A-Z0-9]{8}\.(js|css|map)$|^assets\//.test(rel);
    send(res, 200, contentTypes[extname(file)] ?? 'application/octet-stream', await readFile(file), isPage ? 'no-cache' : hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
  };
}
