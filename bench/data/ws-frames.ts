import { intBetween, pick, seededRandom } from '../lib/prng';

// WebSocket text frames a page might send or receive: pool traffic in the three dialects
// the classifier knows, and ordinary app traffic (chat, presence, JSON-RPC that is not
// mining, GraphQL subscriptions, plain text, oversized payloads).

const hex = (rand: () => number, n: number) => Array.from({ length: n }, () => intBetween(rand, 0, 15).toString(16)).join('');

export function wsFrames(count: number, poolShare = 0.3, seed = 99): { frames: string[]; pool: number } {
  const rand = seededRandom(seed);
  const frames: string[] = [];
  let pool = 0;
  for (let i = 0; i < count; i++) {
    if (rand() < poolShare) {
      pool++;
      frames.push(pick(rand, [
        () => JSON.stringify({ id: i, jsonrpc: '2.0', method: 'login', params: { login: `4${hex(rand, 94)}`, pass: 'x', agent: 'webminer/1.0' } }),
        () => JSON.stringify({ id: i, jsonrpc: '2.0', method: 'submit', params: { id: hex(rand, 8), job_id: hex(rand, 12), nonce: hex(rand, 8), result: hex(rand, 64) } }),
        () => JSON.stringify({ jsonrpc: '2.0', method: 'job', params: { blob: hex(rand, 152), job_id: hex(rand, 12), target: hex(rand, 8), seed_hash: hex(rand, 64) } }),
        () => JSON.stringify({ id: null, method: 'mining.notify', params: [hex(rand, 8), hex(rand, 64), hex(rand, 90), hex(rand, 40), [], '20000000', '1d00ffff', hex(rand, 8), true] }),
        () => JSON.stringify({ type: 'auth', params: { site_key: hex(rand, 32), type: 'anonymous', user: null, goal: 0 } }),
        () => JSON.stringify({ type: 'submit', params: { job_id: hex(rand, 12), nonce: hex(rand, 8), result: hex(rand, 64) } }),
      ])());
    } else {
      frames.push(pick(rand, [
        () => JSON.stringify({ type: 'message', room: `room-${intBetween(rand, 1, 99)}`, user: `u${intBetween(rand, 1, 9999)}`, text: 'see you at the meeting tomorrow', ts: 1700000000 + i }),
        () => JSON.stringify({ type: 'presence', users: Array.from({ length: 8 }, (_, k) => ({ id: k, online: rand() < 0.5 })) }),
        () => JSON.stringify({ jsonrpc: '2.0', id: i, method: 'eth_getBalance', params: [`0x${hex(rand, 40)}`, 'latest'] }),
        () => JSON.stringify({ id: String(i), type: 'next', payload: { data: { ticker: { symbol: 'ABC', price: rand() * 100 } } } }),
        () => `42["chat",{"msg":"hello ${i}"}]`,
        () => 'ping',
        () => JSON.stringify({ type: 'snapshot', rows: Array.from({ length: 400 }, (_, k) => [k, hex(rand, 16)]) }),
      ])());
    }
  }
  return { frames, pool };
}
