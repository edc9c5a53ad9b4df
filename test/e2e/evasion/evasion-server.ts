// Serves the evasion pages (pages/) and the Wasm fixtures on two origins, so a page can
// frame itself cross-origin, and counts the hashes pages say they computed. The pool
// the pages submit to is the demo's fake pool (demo/server.mjs), started alongside.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, normalize, resolve, sep } from 'node:path';
import { startDemoServer, type DemoServer } from '../../../demo/server.mjs';

const PAGES = resolve(import.meta.dirname, 'pages');
const WASM = resolve(import.meta.dirname, '../../fixtures/wasm/build');
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface EvasionServer {
  origin: string;
  /** Same content on a second port: a cross-origin frame source. */
  altOrigin: string;
  demo: DemoServer;
  /** Hashes each page path reported through `/__hashes`, the server-side witness. */
  hashes(path: string): number;
  close(): Promise<void>;
}

function fileFor(urlPath: string): string | null {
  const [root, rest] = urlPath.startsWith('/wasm/') ? [WASM, urlPath.slice(6)] : [PAGES, urlPath.slice(1)];
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return null;
  }
  const file = normalize(resolve(root, decoded));
  return file.startsWith(root + sep) ? file : null;
}

function listen(server: Server): Promise<number> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port));
  });
}

export async function startEvasionServer(): Promise<EvasionServer> {
  const demo = await startDemoServer({ port: 0, altPort: 0, jobIntervalMs: 1000 });
  const counts = new Map<string, number>();
  const handler = async (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://evasion');
    if (url.pathname === '/__hashes') {
      const path = url.searchParams.get('path') ?? '';
      counts.set(path, (counts.get(path) ?? 0) + Number(url.searchParams.get('n') ?? 0));
      res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
      return;
    }
    const embedded = /^\/b64\/([a-z-]+)\.js$/.exec(url.pathname);
    if (embedded) {
      // A fixture as base64 inside a script, the way miners ship their module.
      const bytes = await readFile(resolve(WASM, `${embedded[1]}.wasm`)).catch(() => null);
      if (!bytes) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': MIME['.js']!, 'cache-control': 'no-store' });
      res.end(`self.EMBEDDED_WASM = ${JSON.stringify(bytes.toString('base64'))};\n`);
      return;
    }
    const template = /^\/gen\/([a-z-]+)\.js$/.exec(url.pathname);
    if (template) {
      // A script with a fixture spliced in as base64 (worklet modules, workers scanned by text).
      const bytes = await readFile(resolve(WASM, `${url.searchParams.get('wasm') ?? ''}.wasm`)).catch(() => null);
      const text = await readFile(resolve(PAGES, 'templates', `${template[1]}.js`), 'utf8').catch(() => null);
      if (!bytes || text === null) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': MIME['.js']!, 'cache-control': 'no-store' });
      res.end(text.replace('__WASM_BASE64__', bytes.toString('base64')));
      return;
    }
    const file = fileFor(url.pathname);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    // Pages opt into a CSP by name, to exercise the uninstrumented-worker fallback.
    if (file.endsWith('-csp.html')) headers['content-security-policy'] = "worker-src 'self'";
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  };
  const servers = [createServer(handler), createServer(handler)];
  const [port, altPort] = [await listen(servers[0]!), await listen(servers[1]!)];
  return {
    origin: `http://127.0.0.1:${port}`,
    altOrigin: `http://127.0.0.1:${altPort}`,
    demo,
    hashes: (path) => counts.get(path) ?? 0,
    async close() {
      await demo.close();
      await Promise.all(servers.map((s) => new Promise<void>((done) => {
        s.closeAllConnections();
        s.close(() => done());
      })));
    },
  };
}
