import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { alternate } from '../lib/alternate';
import { ratioOf, summarize, type Summary } from '../lib/summary';
import type { BenchPage } from './launch';
import type { BrowserPair } from './pair';

// A busy benign socket (market ticks, JSON-RPC notifications, binary game state) against an
// echo server on 127.0.0.1, with and without the extension: the hook looks at every frame
// sent and received, so what it adds per frame is what a chatty app pays.

export type WsTraffic = 'json-ticks' | 'json-rpc' | 'binary';

export interface WsCostRow { traffic: WsTraffic; frames: number; plain: Summary; ext: Summary; ratio: number }

const DESCRIBE: Record<WsTraffic, string> = {
  'json-ticks': 'JSON ticks (`{"type":"tick",…}`)',
  'json-rpc': 'JSON-RPC notifications (`{"jsonrpc":"2.0","method":"eth_subscription",…}`)',
  binary: 'binary frames (64-byte `ArrayBuffer`)',
};
export const describeTraffic = (t: WsTraffic) => DESCRIBE[t];

/** µs per round trip (one frame sent, its echo received), over `frames` frames in flight at once. */
function roundTrip(page: BenchPage, url: string, traffic: WsTraffic, frames: number): Promise<number> {
  return page.evaluate(async ({ url, traffic, frames }) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
    // No named inner functions: the bench's TypeScript loader would wrap them in a helper
    // that does not exist in the page.
    let got = 0;
    const started = performance.now();
    await new Promise<void>((done) => {
      ws.onmessage = () => { if (++got === frames) done(); };
      for (let i = 0; i < frames; i++) {
        if (traffic === 'binary') ws.send(new Uint8Array(64).fill(i & 255).buffer);
        else if (traffic === 'json-rpc') ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription: '0x9ce5', result: { number: `0x${i.toString(16)}`, gasUsed: '0x5208' } } }));
        else ws.send(JSON.stringify({ type: 'tick', symbol: 'ABC', price: 100 + i / 7, size: i, ts: 1733450000000 + i }));
      }
    });
    const us = (performance.now() - started) / frames * 1000;
    ws.close();
    return us;
  }, { url, traffic, frames });
}

export async function benchWsCost(pair: BrowserPair, origin: string, rounds: number, frames: number): Promise<WsCostRow[]> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  const port = await new Promise<number>((ok) => http.listen(0, '127.0.0.1', () => ok((http.address() as { port: number }).port)));
  const url = `ws://127.0.0.1:${port}/`;
  const plainPage = await pair.plain.newPage();
  const extPage = await pair.ext.newPage();
  try {
    await Promise.all([plainPage.goto(`${origin}/plain.html`), extPage.goto(`${origin}/plain.html`)]);
    const rows: WsCostRow[] = [];
    for (const traffic of ['json-ticks', 'json-rpc', 'binary'] as const) {
      const [p, e] = await alternate([
        { name: 'plain', run: () => roundTrip(plainPage, url, traffic, frames) },
        { name: 'ext', run: () => roundTrip(extPage, url, traffic, frames) },
      ], rounds);
      const plain = summarize(p);
      const ext = summarize(e);
      rows.push({ traffic, frames, plain, ext, ratio: ratioOf(ext, plain) });
    }
    return rows;
  } finally {
    await Promise.all([plainPage.close(), extPage.close()]);
    for (const c of wss.clients) c.terminate();
    wss.close();
    http.closeAllConnections();
    await new Promise<void>((done) => http.close(() => done()));
  }
}
