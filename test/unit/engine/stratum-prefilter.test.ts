import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/lib/prng';
import { classifyWsMessage } from '../../../src/engine/stratum';
import { CRYPTONOTE_METHODS, LOGIN_FIELDS, MINING_FIELDS, PROXY_TYPES, STRATUM_V1_METHODS } from '../../../src/engine/stratum-methods';
import { mayBePoolCall } from '../../../src/engine/stratum-prefilter';

const find = (text: string, token: string) => text.indexOf(token);


const NAMES = [...STRATUM_V1_METHODS, ...CRYPTONOTE_METHODS, ...PROXY_TYPES, 'eth_subscribe', 'tick', 'next', 'chat', 'mining.subscribe-not', 'Login'];
const KEYS = ['method', 'type', 'result', 'params', 'id', 'job', 'payload', 'data', ...MINING_FIELDS, ...LOGIN_FIELDS];
/** Spells a key the way JSON.stringify never would, so only a parser sees the word. */
const escaped = (s: string) => s.replace(/[a-z]/, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function randomFrame(next: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const value = (depth: number): string => {
    const r = next();
    if (depth < 2 && r < 0.35) return object(depth + 1);
    if (r < 0.75) return JSON.stringify(pick(NAMES));
    if (r < 0.85) return String(Math.floor(next() * 1000));
    return r < 0.92 ? 'null' : JSON.stringify(pick(KEYS));
  };
  const object = (depth: number): string => {
    const n = 1 + Math.floor(next() * 4);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const key = pick(KEYS);
      parts.push(`${JSON.stringify(next() < 0.05 ? escaped(key) : key).replace(/\\\\/g, '\\')}${next() < 0.2 ? ' : ' : ':'}${value(depth)}`);
    }
    return `{${parts.join(',')}}`;
  };
  const r = next();
  if (r < 0.7) return object(0);
  if (r < 0.85) return `${object(0)}\n${object(0)}`;
  return `data ${object(0)}`.slice(0, 20 + Math.floor(next() * 200));
}

describe('mayBePoolCall', () => {
  it('is true for every frame the classifier calls a pool call, over 30 000 random frames', () => {
    const next = seededRandom(7);
    let pool = 0;
    let skipped = 0;
    for (let i = 0; i < 30_000; i++) {
      const frame = randomFrame(next);
      const stratum = classifyWsMessage(frame).stratum;
      const may = mayBePoolCall(frame, find);
      if (stratum) {
        pool++;
        expect(may, frame).toBe(true);
      } else if (!may) skipped++;
    }
    // The generator must reach both sides, or the property says nothing.
    expect(pool).toBeGreaterThan(1_000);
    expect(skipped).toBeGreaterThan(1_000);
  });

  it.each([
    '{"id":1,"jsonrpc":"2.0","method":"login","params":{"login":"4A","pass":"x","agent":"web/1.0"}}',
    '{"id":1,"method":"mining.subscribe","params":["cpuminer/2.5"]}',
    '{"id":4,"method":"getjob","params":{}}',
    '{"type":"auth","params":{"site_key":"abcdef","user":null}}',
    '{"id":1,"error":null,"result":{"id":"w","job":{"blob":"07","job_id":"1","target":"ff"},"status":"OK"}}',
    '{"\\u006dethod":"login","params":{"login":"4A"}}',
    '{"method":"\\u006cogin","params":{"login":"4A"}}',
    `${' '.repeat(5_000_000)}{"id":1,"method":"mining.authorize","params":["w","x"]}`,
  ])('passes a pool call on: %s', (frame) => {
    expect(classifyWsMessage(frame).stratum, 'the classifier agrees it is one').toBe(true);
    expect(mayBePoolCall(frame, find)).toBe(true);
  });

  it.each([
    '{"type":"tick","symbol":"ABC","price":100.5,"size":3,"ts":1733450000000}',
    '{"type":"next","id":"1","payload":{"data":{"orders":[{"id":7,"status":"filled"}]}}}',
    '42["chat message",{"text":"hello"}]',
    '{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x1","result":{"number":"0x10"}}}',
    '[null,"4","room:lobby","phx_reply",{"status":"ok","response":{}}]',
    '2probe',
  ])('waves ordinary traffic through without classifying it: %s', (frame) => {
    expect(classifyWsMessage(frame).stratum).toBe(false);
    expect(mayBePoolCall(frame, find)).toBe(false);
  });

  it('searches only through the function it is given', () => {
    const asked: string[] = [];
    const login = '{"method":"login","params":{"login":"4A"}}';
    expect(mayBePoolCall(login, (_t, token) => { asked.push(token); return -1; })).toBe(false);
    expect(asked).toContain('\\');
    expect(asked).toContain('method');
  });
});
