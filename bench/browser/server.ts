import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve } from 'node:path';

// The bench pages and the Wasm modules they load, from 127.0.0.1 only. Everything is sent
// no-store so each navigation measures a full load, not the browser's cache. Pages are
// cross-origin isolated (COOP + COEP) only so that Chromium's performance.now() runs at
// 5 µs instead of 100 µs; both instances of a pair get the same pages.

const ISOLATED = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'cross-origin',
};

const PAGES = resolve(import.meta.dirname, 'pages');
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface BenchServer { origin: string; port: number; close(): Promise<void> }

/** `modules` maps a name to a .wasm file, served as /modules/<name>.wasm. */
export async function startBenchServer(modules: Record<string, string>): Promise<BenchServer> {
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://bench').pathname;
    let file: string | undefined;
    if (path === '/probe') {
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store', 'access-control-allow-origin': '*', ...ISOLATED });
      res.end('ok');
      return;
    }
    const m = /^\/modules\/([\w-]+)\.wasm$/.exec(path);
    if (m) file = modules[m[1]];
    else if (/^\/[\w-]+\.(html|js)$/.test(path)) file = join(PAGES, path.slice(1));
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': info.size, 'cache-control': 'no-store', ...ISOLATED });
    createReadStream(file).pipe(res);
  });
  const port = await new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
