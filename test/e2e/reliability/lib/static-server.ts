// A static server for the reliability pages, the Wasm fixtures and a few npm packages,
// on 127.0.0.1 with a random port. It logs the Host of every request so a test can
// tell whether a blocked host was ever asked for.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../../../..');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Only these packages are served under /npm/: the benign apps and their own dependencies. */
const SERVED_PACKAGES = [
  'sql.js', 'hash-wasm', 'libsodium-wrappers', 'libsodium', 'argon2-browser', 'esbuild-wasm', 'wabt', 'xxhash-wasm', 'brotli-wasm',
];

const MOUNTS: { prefix: string; root: string }[] = [
  { prefix: '/rel/', root: resolve(import.meta.dirname, '../pages') },
  { prefix: '/wasm/', root: resolve(repoRoot, 'test/fixtures/wasm/build') },
  ...SERVED_PACKAGES.map((name) => ({ prefix: `/npm/${name}/`, root: resolve(repoRoot, 'node_modules', name) })),
];

function fileFor(pathname: string): string | null {
  for (const { prefix, root } of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const path = normalize(join(root, decodeURIComponent(pathname.slice(prefix.length))));
    return path.startsWith(root + sep) ? path : null;
  }
  return null;
}

export interface LoggedRequest { host: string; path: string }

export interface StaticServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

async function handle(req: IncomingMessage, res: ServerResponse, log: LoggedRequest[]) {
  const url = new URL(req.url ?? '/', 'http://x');
  log.push({ host: (req.headers.host ?? '').replace(/:\d+$/, ''), path: url.pathname });
  let file: string | null = null;
  try {
    file = fileFor(url.pathname);
  } catch {
    file = null;
  }
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  res.end(await readFile(file));
}

export async function startStaticServer(): Promise<StaticServer> {
  const requests: LoggedRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res, requests).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
