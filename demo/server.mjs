#!/usr/bin/env node
// The demo site: static pages, the Wasm fixtures under /wasm/, a fake pool on
// /pool and a request log on /__log. Plain Node ESM so it runs without a build.
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { demoOptions } from './lib/options.mjs';
import { createRequestLog } from './lib/request-log.mjs';
import { createFakePool } from './lib/fake-pool.mjs';
import { serveStatic } from './lib/static-files.mjs';

const repoRoot = resolve(import.meta.dirname, '..');

const MOUNTS = [
  { prefix: '/wasm/', root: resolve(repoRoot, 'test/fixtures/wasm/build') },
  { prefix: '/', root: resolve(import.meta.dirname, 'public') },
];

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body, null, 2));
}

function createHandler({ log, pool }) {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo');
    // Test plumbing is left out of the log so it only shows what pages asked for.
    if (url.pathname === '/__log') {
      if (req.method === 'POST') {
        log.reset();
        return sendJson(res, 200, { ok: true });
      }
      return sendJson(res, 200, log.query({ host: url.searchParams.get('host') ?? undefined }));
    }
    if (url.pathname === '/__pool/stats') return sendJson(res, 200, pool.stats());
    if (url.pathname === '/__pool/reset' && req.method === 'POST') {
      pool.reset();
      return sendJson(res, 200, { ok: true });
    }
    log.record(req, req.socket.localPort);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    if (await serveStatic(MOUNTS, url.pathname, res)) return;
    sendJson(res, 404, { error: 'not found', path: url.pathname });
  };
}

function listen(server, host, port) {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok(server.address().port);
    });
  });
}

/**
 * Starts the demo on `port` and a second origin on `altPort` (same content, so
 * pages can frame themselves cross-origin). Port 0 picks a free port.
 */
export async function startDemoServer(options = {}) {
  const opts = { ...demoOptions([], {}), ...options };
  const log = createRequestLog();
  const pool = createFakePool({ jobIntervalMs: opts.jobIntervalMs });
  const handler = createHandler({ log, pool });
  const servers = [createServer(handler), createServer(handler)];
  for (const server of servers) {
    server.on('upgrade', (req, socket, head) => {
      log.record(req, req.socket.localPort);
      if (!pool.handleUpgrade(req, socket, head)) socket.destroy();
    });
  }
  const port = await listen(servers[0], opts.host, opts.port);
  const altPort = await listen(servers[1], opts.host, opts.altPort);
  const origin = `http://${opts.host}:${port}`;
  return {
    host: opts.host,
    port,
    altPort,
    origin,
    altOrigin: `http://${opts.host}:${altPort}`,
    poolUrl: `ws://${opts.host}:${port}/pool`,
    log,
    pool,
    async close() {
      pool.close();
      await Promise.all(servers.map((s) => new Promise((done) => {
        s.closeAllConnections();
        s.close(() => done());
      })));
    },
  };
}

async function main() {
  const demo = await startDemoServer(demoOptions(process.argv.slice(2), process.env));
  console.log(`Miner Sentry demo on ${demo.origin}/ (second origin ${demo.altOrigin}/, fake pool ${demo.poolUrl})`);
  const stop = () => demo.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
