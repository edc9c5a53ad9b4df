// The same update step against a real HTTP server on 127.0.0.1 and the platform's own
// fetch, so header names, 304 handling and body streaming are not only fake-deep.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKeyPair } from '../../../../src/engine/signing';
import { newSubscriptionState, updateSubscription } from '../../../../src/engine/subscriptions/index';
import { signedFor } from './signed-list';

const LIST = '||coinhive.com^\n||crypto-loot.example^\n';
let server: Server;
let base: string;
let signature: string;
let publicKey: string;
const seen: { path: string; ifNoneMatch?: string }[] = [];

beforeAll(async () => {
  const keys = await generateKeyPair();
  publicKey = keys.publicKey;
  server = createServer((req, res) => {
    const ifNoneMatch = req.headers['if-none-match'];
    seen.push({ path: req.url ?? '', ...(ifNoneMatch ? { ifNoneMatch } : {}) });
    if (req.url === '/list.txt.sig') return res.end(signature);
    if (req.url !== '/list.txt') return res.writeHead(404).end();
    if (ifNoneMatch === '"rev-7"') return res.writeHead(304).end();
    res.writeHead(200, { etag: '"rev-7"', 'content-type': 'text/plain' }).end(LIST);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The manifest names the URL, so it can only be signed once the port is known.
  signature = await signedFor(`${base}/list.txt`, LIST, keys.privateKey, { now: 1_000_000 });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('downloads, verifies, then revalidates with If-None-Match over real HTTP', async () => {
  let clock = 1_000_000;
  const deps = { fetch, now: () => clock, trustedKeys: [{ id: 'k', publicKey }], requireSignature: true, random: () => 0.5 };
  const first = await updateSubscription(newSubscriptionState({ url: `${base}/list.txt` }, clock), deps);
  expect(first.error).toBeUndefined();
  expect(first.lastGood).toMatchObject({ etag: '"rev-7"', signedBy: 'k', ruleCount: 2 });

  clock += 86_400_000;
  const second = await updateSubscription(first, deps);
  expect(second.error).toBeUndefined();
  expect(second.lastGood).toEqual(first.lastGood);
  expect(second.lastChecked).toBe(clock);
  expect(seen).toEqual([
    { path: '/list.txt' },
    { path: '/list.txt.sig' },
    { path: '/list.txt', ifNoneMatch: '"rev-7"' },
  ]);
});
