import { describe, expect, it } from 'vitest';
import { classifyWsMessage, MAX_PARSED_FRAME } from '../../../src/engine/stratum';
import { bytesToText } from '../../../src/engine/stratum-bytes';

describe('classifyWsMessage: pool traffic', () => {
  it.each([
    ['{"id":1,"jsonrpc":"2.0","method":"login","params":{"login":"44AFFq5k...","pass":"x","agent":"web/1.0"}}', 'login', 'cryptonote'],
    ['{"id":2,"method":"submit","params":{"id":"abc","job_id":"77","nonce":"0a1b2c3d","result":"ff00"}}', 'submit', 'cryptonote'],
    ['{"jsonrpc":"2.0","method":"job","params":{"blob":"0707","job_id":"9","target":"b88d0600"}}', 'job', 'cryptonote'],
    ['{"id":3,"method":"keepalived","params":{"id":"abc"}}', 'keepalived', 'cryptonote'],
    ['{"id":4,"method":"getjob","params":{}}', 'getjob', 'cryptonote'],
    ['{"id":1,"method":"mining.subscribe","params":["cpuminer/2.5"]}', 'mining.subscribe', 'stratum-v1'],
    ['{"id":2,"method":"mining.authorize","params":["wallet.worker","x"]}', 'mining.authorize', 'stratum-v1'],
    ['{"id":null,"method":"mining.notify","params":["bf","4d16b6f8"]}', 'mining.notify', 'stratum-v1'],
    ['{"id":null,"method":"mining.set_difficulty","params":[2]}', 'mining.set_difficulty', 'stratum-v1'],
    ['{"id":4,"method":"mining.submit","params":["w","bf","00","5"]}', 'mining.submit', 'stratum-v1'],
    ['{"type":"auth","params":{"site_key":"abcdef","type":"anonymous","user":null}}', 'auth', 'web-proxy'],
    ['{"type":"submit","params":{"job_id":"1","nonce":"deadbeef","result":"00ff"}}', 'submit', 'web-proxy'],
    ['{"type":"job","params":{"job_id":"5","blob":"0101","target":"ffff"}}', 'job', 'web-proxy'],
    ['{"id":1,"jsonrpc":"2.0","error":null,"result":{"id":"w","job":{"blob":"07","job_id":"1","target":"ff"},"status":"OK"}}', 'job', 'cryptonote'],
  ])('%s', (frame, method, dialect) => {
    const c = classifyWsMessage(frame);
    expect(c).toMatchObject({ stratum: true, method, dialect });
    expect(c.reason.length).toBeGreaterThan(5);
  });
});

describe('classifyWsMessage: ordinary WebSocket traffic', () => {
  it.each([
    'hello world',
    '42["chat message",{"text":"submit your job application"}]',
    '2probe',
    '{"type":"submit","form":{"name":"Ann","email":"a@b.c"}}',
    '{"type":"connection_init","payload":{}}',
    '{"id":"1","type":"subscribe","payload":{"query":"subscription { job(id: 1) { status } }"}}',
    '{"type":"job","data":{"title":"Engineer","salary":1}}',
    '{"method":"login","params":{"username":"ann","password":"x"}}',
    '{"method":"submit","params":{"form":"checkout"}}',
    '{"jsonrpc":"2.0","method":"eth_subscribe","params":["newHeads"],"id":1}',
    '{"event":"message","text":"mining.subscribe is a stratum method"}',
    '[1,2,3]',
    'the docs say "method": mining.subscribe without quotes',
    '{"method":"mining.subscribe-not"}',
  ])('%s', (frame) => {
    expect(classifyWsMessage(frame).stratum).toBe(false);
  });

  it('does not call a huge frame a pool call because it mentions one in prose', () => {
    const text = `${'chat '.repeat(1_000_000)} mining.subscribe "login" "job_id" "blob"`;
    expect(text.length).toBeGreaterThan(MAX_PARSED_FRAME);
    expect(classifyWsMessage(text).stratum).toBe(false);
  });
});

// Issue 9, attack 4: frames that a 16 KiB cap or a binary blind spot let through.
const LOGIN = '{"id":1,"jsonrpc":"2.0","method":"login","params":{"login":"44AFFq5k","pass":"x","agent":"web/1.0"}}';
const utf16 = (s: string, littleEndian: boolean) => {
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) b[2 * i + (littleEndian ? 0 : 1)] = s.charCodeAt(i);
  return b;
};

describe('classifyWsMessage: padded, oversized and split frames', () => {
  it.each([
    ['a login behind 2 MB of whitespace', `${' '.repeat(2_000_000)}${LOGIN}`, 'login'],
    ['a login with a 1 MB padding field', LOGIN.replace('"id":1', `"pad":"${'x'.repeat(1_000_000)}","id":1`), 'login'],
    ['a login behind 5 MiB of whitespace (past the JSON cap)', `${' '.repeat(5 << 20)}${LOGIN}`, 'login'],
    ['a login after a 5 MiB padding field (past the JSON cap)', LOGIN.replace('"id":1', `"pad":"${'x'.repeat(5 << 20)}","id":1`), 'login'],
    ['spaces around the colon', '{"method"   :\n  "mining.authorize","params":["w","x"]}', 'mining.authorize'],
    ['two newline-delimited messages', '{"id":1,"method":"mining.subscribe","params":[]}\n{"id":2,"method":"mining.authorize","params":["w","x"]}', 'mining.subscribe'],
    ['a truncated call', '{"method": "mining.subscribe"', 'mining.subscribe'],
    ['a submit after a prefix', `42${'#'.repeat(100_000)}{"method":"submit","params":{"job_id":"1","nonce":"00","result":"ff"}}`, 'submit'],
    ['a pool job reply in two messages', '{"id":1,"result":{"job":{"blob":"07","target":"ff"}}}\n{"id":2}', 'job'],
  ])('%s', (_name, frame, method) => {
    expect(classifyWsMessage(frame)).toMatchObject({ stratum: true, method });
  });

  it('needs pool fields for a CryptoNote method outside JSON too', () => {
    expect(classifyWsMessage(`${' '.repeat(5 << 20)}{"method":"login","params":{"username":"ann"}}`).stratum).toBe(false);
  });
});

describe('binary frames', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  it.each([
    ['UTF-8', utf8(LOGIN)],
    ['UTF-8 with a byte-order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(LOGIN)])],
    ['UTF-8 with non-ASCII text in a value', utf8(LOGIN.replace('web/1.0', 'wéb/日本'))],
    ['UTF-16LE', utf16(LOGIN, true)],
    ['UTF-16BE', utf16(LOGIN, false)],
    ['UTF-8 behind 5 MiB of spaces', utf8(`${' '.repeat(5 << 20)}${LOGIN}`)],
  ])('finds the login in %s', (_name, bytes) => {
    expect(classifyWsMessage(bytesToText(bytes))).toMatchObject({ stratum: true, method: 'login' });
  });

  it('leaves ordinary binary data alone', () => {
    const noise = new Uint8Array(100_000).map((_, i) => (i * 7919) & 255);
    expect(classifyWsMessage(bytesToText(noise)).stratum).toBe(false);
    expect(classifyWsMessage(bytesToText(new Uint8Array(0))).stratum).toBe(false);
  });
});
