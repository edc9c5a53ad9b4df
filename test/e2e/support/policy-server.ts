// A tiny web server for the policy and UI tests: a page that loads scripts from two
// *.localhost hosts (browsers resolve those to loopback themselves), and a report receiver.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest { host: string; path: string; label: string | null; method: string; headers: IncomingMessage['headers']; body: string }

export interface PolicyServer {
  port: number;
  origin: string;
  requests: SeenRequest[];
  /** POSTs to /report, parsed. */
  reports: { headers: IncomingMessage['headers']; body: any }[];
  /** Rule lists by path (e.g. '/list.txt'): what the server answers there; tests change it between updates. */
  lists: Map<string, { status: number; body: string }>;
  pageUrl(blockedHost: string, controlHost: string, label: string): string;
  close(): Promise<void>;
}

export async function startPolicyServer(): Promise<PolicyServer> {
  const requests: SeenRequest[] = [];
  const reports: PolicyServer['reports'] = [];
  const lists: PolicyServer['lists'] = new Map();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push({ host: req.headers.host ?? '', path: url.pathname, label: url.searchParams.get('label'), method: req.method ?? 'GET', headers: req.headers, body });
      if (url.pathname === '/report' && req.method === 'POST') {
        try { reports.push({ headers: req.headers, body: JSON.parse(body) }); } catch { /* counted in requests */ }
        res.writeHead(204).end();
      } else if (lists.has(url.pathname)) {
        const list = lists.get(url.pathname)!;
        res.writeHead(list.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(list.body);
      } else if (url.pathname === '/page.html') {
        const blocked = url.searchParams.get('blocked') ?? '';
        const control = url.searchParams.get('control') ?? '';
        const label = encodeURIComponent(url.searchParams.get('label') ?? '');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(
          `<!doctype html><title>policy test</title><p>policy test page</p>` +
          `<script src="http://${control}/control.js?label=${label}"></script>` +
          `<script src="http://${blocked}/blocked.js?label=${label}"></script>`,
        );
      } else if (url.pathname.endsWith('.js')) {
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end('/* ok */');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    reports,
    lists,
    pageUrl: (blocked, control, label) =>
      `http://127.0.0.1:${port}/page.html?label=${label}&blocked=${blocked}:${port}&control=${control}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
