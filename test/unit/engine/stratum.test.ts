import { describe, expect, it } from 'vitest';
import { classifyWsMessage } from '../../../src/engine/stratum';

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
    '{"method": "mining.subscribe"',
  ])('%s', (frame) => {
    expect(classifyWsMessage(frame).stratum).toBe(false);
  });

  it('rejects megabyte frames without parsing them', () => {
    const big = `{"method":"mining.subscribe","params":["${'x'.repeat(2_000_000)}"]}`;
    const c = classifyWsMessage(big);
    expect(c.stratum).toBe(false);
    expect(c.reason).toMatch(/larger/);
  });
});
