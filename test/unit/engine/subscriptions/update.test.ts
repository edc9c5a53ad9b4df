import { beforeEach, describe, expect, it } from 'vitest';
import { updateSubscription } from '../../../../src/engine/subscriptions/update';
import { newSubscriptionState } from '../../../../src/engine/subscriptions/reconcile';
import type { SubscriptionState, UpdateDeps } from '../../../../src/engine/subscriptions/types';
import { generateKeyPair, sha256Hex, type KeyPair } from '../../../../src/engine/signing';
import { fakeServer, streamOf } from './fake-server';
import { signedFor } from './signed-list';

const URL_ = 'https://lists.example/miners.txt';
const MIN = 60_000;
const ABP = '[Adblock Plus 2.0]\n! Title: Test miners\n||coinhive.com^\n||miner.example^$third-party\n';
const enc = (s: string) => new TextEncoder().encode(s);

let server: ReturnType<typeof fakeServer>;
let clock: number;
let keys: KeyPair;
/** Each release a test publishes gets the next sequence number, as a publisher's would. */
let sequence: number;

beforeEach(async () => {
  server = fakeServer();
  clock = 1_700_000_000_000;
  sequence = 0;
  keys ??= await generateKeyPair();
});

function deps(over: Partial<UpdateDeps> = {}): UpdateDeps {
  return {
    fetch: server.fetch,
    now: () => clock,
    trustedKeys: [{ id: 'lists-2025', publicKey: keys.publicKey }],
    requireSignature: false,
    intervalMinutes: 60,
    random: () => 0.5,
    ...over,
  };
}

async function serveSigned(text: string, headers: Record<string, string> = {}) {
  const signature = await signedFor(URL_, text, keys.privateKey, { sequence: ++sequence, now: clock });
  server.routes.set(URL_, () => new Response(text, { headers }));
  server.routes.set(`${URL_}.sig`, () => new Response(`${signature}\n`));
}

async function goodState(): Promise<SubscriptionState> {
  await serveSigned(ABP, { etag: '"v1"', 'last-modified': 'Mon, 10 Nov 2025 00:00:00 GMT' });
  const state = await updateSubscription(newSubscriptionState({ url: URL_, requireSignature: true }, clock), deps());
  expect(state.error).toBeUndefined();
  return state;
}

describe('updateSubscription: success', () => {
  it('accepts a signed list and records what it verified', async () => {
    const state = await goodState();
    expect(state.lastGood).toMatchObject({
      format: 'abp',
      sha256: sha256Hex(enc(ABP)),
      ruleCount: 2,
      etag: '"v1"',
      lastModified: 'Mon, 10 Nov 2025 00:00:00 GMT',
      signedBy: 'lists-2025',
      updatedAt: clock,
    });
    expect(state.lastGood?.list.rules.map((r) => r.type === 'domain' && r.pattern)).toEqual(['coinhive.com', 'miner.example']);
    expect(state).toMatchObject({ failures: 0, lastChecked: clock, nextAttempt: clock + 60 * MIN });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('sends the validators and keeps the list on 304 Not Modified', async () => {
    const before = await goodState();
    server.routes.set(URL_, (h) =>
      h.get('if-none-match') === '"v1"' ? new Response(null, { status: 304 }) : new Response('changed'));
    clock += 61 * MIN;
    const after = await updateSubscription(before, deps());
    const last = server.requests.at(-1)!;
    expect(last.url).toBe(URL_);
    expect(last.headers.get('if-modified-since')).toBe('Mon, 10 Nov 2025 00:00:00 GMT');
    expect(after.lastGood).toEqual(before.lastGood);
    expect(after).toMatchObject({ lastChecked: clock, failures: 0, nextAttempt: clock + 60 * MIN });
    expect(after.error).toBeUndefined();
  });

  it('takes an unsigned list when no signature is required and the server offers none', async () => {
    server.routes.set(URL_, () => new Response(ABP));
    const state = await updateSubscription(newSubscriptionState({ url: URL_ }, clock), deps());
    expect(state.error).toBeUndefined();
    expect(state.lastGood?.ruleCount).toBe(2);
    expect(state.lastGood?.signedBy).toBeUndefined();
  });

  it('accepts a list matching its pinned sha256', async () => {
    server.routes.set(URL_, () => new Response(ABP));
    const state = await updateSubscription(newSubscriptionState({ url: URL_, sha256: sha256Hex(enc(ABP)) }, clock), deps({ trustedKeys: [] }));
    expect(state.error).toBeUndefined();
    expect(state.lastGood?.sha256).toBe(sha256Hex(enc(ABP)));
  });

  it('a success after failures resets the count and clears the error', async () => {
    const good = await goodState();
    server.routes.set(URL_, () => new Response(null, { status: 503 }));
    const failed = await updateSubscription(good, deps());
    expect(failed.failures).toBe(1);
    await serveSigned(ABP.replace('coinhive.com', 'coinhive.net'));
    const recovered = await updateSubscription(failed, deps());
    expect(recovered.failures).toBe(0);
    expect(recovered.error).toBeUndefined();
    expect(recovered.lastGood?.sha256).not.toBe(good.lastGood?.sha256);
  });
});

describe('updateSubscription: failures keep the last good list', () => {
  it('rejects a tampered list whose signature no longer matches', async () => {
    const good = await goodState();
    const signature = await signedFor(URL_, ABP, keys.privateKey, { sequence: 2 });
    server.routes.set(URL_, () => new Response(ABP.replace('coinhive.com', 'coinhive.con')));
    server.routes.set(`${URL_}.sig`, () => new Response(signature));
    const state = await updateSubscription(good, deps());
    expect(state.error).toMatchObject({ kind: 'signature', at: clock });
    expect(state.error?.message).toMatch(/manifest names sha256/);
    expect(state.lastGood).toEqual(good.lastGood);
    expect(state.failures).toBe(1);
  });

  it('rejects a list signed by an untrusted key even when signatures are optional', async () => {
    const stranger = await generateKeyPair();
    server.routes.set(URL_, () => new Response(ABP));
    server.routes.set(`${URL_}.sig`, async () => new Response(await signedFor(URL_, ABP, stranger.privateKey)));
    const state = await updateSubscription(newSubscriptionState({ url: URL_ }, clock), deps());
    expect(state.error?.kind).toBe('signature');
    expect(state.lastGood).toBeUndefined();
  });

  it('requires a signature file when the policy requires signatures', async () => {
    server.routes.set(URL_, () => new Response(ABP));
    const state = await updateSubscription(newSubscriptionState({ url: URL_ }, clock), deps({ requireSignature: true }));
    expect(state.error?.kind).toBe('signature');
    expect(state.error?.message).toMatch(/HTTP 404/);
    const noKeys = await updateSubscription(newSubscriptionState({ url: URL_, requireSignature: true }, clock), deps({ trustedKeys: [] }));
    expect(noKeys.error?.message).toMatch(/no trusted keys/);
  });

  it('rejects a native list with a bad regex, naming its line', async () => {
    const good = await goodState();
    const native = JSON.stringify({
      format: 'miner-sentry-rules', version: 1, name: 'Native',
      rules: [
        { id: 'ok', type: 'domain', action: 'block', severity: 'high', pattern: 'pool.example' },
        { id: 'broken', type: 'script-url', action: 'block', severity: 'high', pattern: 'miner(\\.min\\.js' },
      ],
    }, null, 2);
    const brokenLine = native.split('\n').findIndex((l) => l.includes('"broken"')) + 1;
    await serveSigned(native);
    const state = await updateSubscription(good, deps());
    expect(state.error).toMatchObject({ kind: 'validation' });
    // Issues point at the line where the rule's object opens, just above its id.
    expect(state.error?.line).toBe(brokenLine - 1);
    expect(state.error?.message).toMatch(new RegExp(`^line ${brokenLine - 1}, rule broken: pattern: .*Unterminated group`));
    expect(state.lastGood).toEqual(good.lastGood);
  });

  it('rejects a body that yields no rules at all', async () => {
    const good = await goodState();
    await serveSigned('<html><body>Please log in</body></html>\n');
    const state = await updateSubscription(good, deps());
    expect(state.error?.kind).toBe('validation');
    expect(state.error?.message).toMatch(/no rules/);
    expect(state.lastGood).toEqual(good.lastGood);
  });

  it('backs off exponentially while the server is down, up to the interval', async () => {
    let state = await goodState();
    server.routes.set(URL_, () => {
      throw new TypeError('fetch failed');
    });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      clock = state.nextAttempt;
      state = await updateSubscription(state, deps());
      delays.push((state.nextAttempt - clock) / MIN);
      expect(state.error).toMatchObject({ kind: 'network' });
    }
    expect(delays).toEqual([5, 10, 20, 40, 60, 60]);
    expect(state.failures).toBe(6);
    expect(state.lastGood?.ruleCount).toBe(2);
  });

  it('spreads retries with the injected jitter', async () => {
    server.routes.set(URL_, () => new Response(null, { status: 502 }));
    const low = await updateSubscription(newSubscriptionState({ url: URL_ }, clock), deps({ random: () => 0 }));
    const high = await updateSubscription(newSubscriptionState({ url: URL_ }, clock), deps({ random: () => 0.999999 }));
    expect(low.nextAttempt - clock).toBe(4.5 * MIN);
    expect(Math.round((high.nextAttempt - clock) / 1000)).toBe(330);
  });

  it('records the HTTP status of a server error', async () => {
    const good = await goodState();
    server.routes.set(URL_, () => new Response('oops', { status: 500, statusText: 'Internal Server Error' }));
    const state = await updateSubscription(good, deps());
    expect(state.error).toMatchObject({ kind: 'http', status: 500 });
    expect(state.error?.message).toMatch(/HTTP 500 Internal Server Error/);
    expect(state.lastGood).toEqual(good.lastGood);
  });

  it('refuses an oversize body, declared or streamed', async () => {
    const good = await goodState();
    const big = enc(`||a.example^\n${'! padding\n'.repeat(300)}`);
    server.routes.set(URL_, () => new Response(streamOf(big)));
    const streamed = await updateSubscription(good, deps({ maxBytes: 1024 }));
    expect(streamed.error).toMatchObject({ kind: 'size', message: 'the list is larger than the 1024-byte limit' });
    expect(streamed.lastGood).toEqual(good.lastGood);
    server.routes.set(URL_, () => new Response(big, { headers: { 'content-length': String(big.length) } }));
    const declared = await updateSubscription(good, deps({ maxBytes: 1024 }));
    expect(declared.error?.kind).toBe('size');
  });

  it('refuses a body that is not UTF-8', async () => {
    const good = await goodState();
    server.routes.set(URL_, () => new Response(Uint8Array.of(0x7c, 0x7c, 0xff, 0xfe, 0x5e, 0x0a)));
    const state = await updateSubscription(good, deps());
    expect(state.error?.kind).toBe('encoding');
    expect(state.lastGood).toEqual(good.lastGood);
  });

  it('refuses a list that does not match its pinned sha256', async () => {
    server.routes.set(URL_, () => new Response(ABP));
    const state = await updateSubscription(newSubscriptionState({ url: URL_, sha256: 'cd'.repeat(32) }, clock), deps());
    expect(state.error?.kind).toBe('hash');
    expect(state.error?.message).toContain(sha256Hex(enc(ABP)));
    expect(state.lastGood).toBeUndefined();
  });
});
