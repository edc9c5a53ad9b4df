// Subscription updates against hostile servers. Whatever arrives, the update must end in a
// clear error, keep the last good list byte for byte, and that list must still compile
// to blocking rules: a broken download never turns protection off.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { updateSubscription } from '../../../src/engine/subscriptions/update';
import { newSubscriptionState } from '../../../src/engine/subscriptions/reconcile';
import type { SubscriptionErrorKind, SubscriptionState, UpdateDeps } from '../../../src/engine/subscriptions/types';
import { generateKeyPair, sha256Hex, type KeyPair } from '../../../src/engine/signing';
import { signedFor } from '../engine/subscriptions/signed-list';
import { compileDnr } from '../../../src/engine/rules/index';

const LIST_URL = 'https://lists.example/miners.txt';
const GOOD = '[Adblock Plus 2.0]\n! Title: good\n||coinhive.com^\n||miner.example^$third-party\n';
const NEXT = '[Adblock Plus 2.0]\n! Title: next\n||coinhive.com^\n||other-miner.example^\n||third.example^\n';
const enc = (s: string) => new TextEncoder().encode(s);

type Route = () => Response;

/** A fetch that answers only the routes it is given; the response objects are built fresh per call. */
function fakeFetch(routes: Record<string, Route>): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const route = routes[String(input)];
    if (!route) return new Response('not found', { status: 404 });
    return route();
  }) as typeof fetch;
}

/** A body that arrives in `chunks`, optionally failing after them the way a dropped connection does. */
function streamed(chunks: Uint8Array[], { failAtEnd = false, headers = {} as Record<string, string> } = {}): Response {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else if (failAtEnd) controller.error(new TypeError('network error: connection reset'));
      else controller.close();
    },
  });
  return new Response(body, { headers });
}

/** UTF-16LE with a byte-order mark, for ASCII text. */
function utf16(s: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(2 + s.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) out[2 + i * 2] = s.charCodeAt(i);
  return out;
}

let keys: KeyPair;
let good: SubscriptionState;
const clock = 1_750_000_000_000;

function deps(routes: Record<string, Route>, over: Partial<UpdateDeps> = {}): UpdateDeps {
  return { fetch: fakeFetch(routes), now: () => clock, trustedKeys: [], requireSignature: false, random: () => 0.5, ...over };
}

const dnrRules = (s: SubscriptionState) => compileDnr(s.lastGood!.list).rules;

beforeAll(async () => {
  keys = await generateKeyPair();
  good = await updateSubscription(newSubscriptionState({ url: LIST_URL }, clock - 1000), deps({ [LIST_URL]: () => new Response(GOOD) }));
  expect(good.error).toBeUndefined();
  expect(good.lastGood?.ruleCount).toBe(2);
  expect(dnrRules(good).length).toBeGreaterThan(0);
});

/** Runs one update and checks the invariants every failure must keep. */
async function failsKeepingLastGood(from: SubscriptionState, d: UpdateDeps, kind: SubscriptionErrorKind | SubscriptionErrorKind[]) {
  const after = await updateSubscription(from, d);
  expect([kind].flat(), JSON.stringify(after.error)).toContain(after.error?.kind);
  expect(after.error!.message.length).toBeGreaterThan(10);
  expect(after.lastGood).toEqual(from.lastGood);
  expect(dnrRules(after)).toEqual(dnrRules(from));
  expect(after.failures).toBe(from.failures + 1);
  return after.error!;
}

describe('hostile list content', () => {
  it('refuses malformed JSON with the position of the fault', async () => {
    const broken = '{"format":"miner-sentry-rules","version":1,"name":"x",\n"rules":[{"id":"a",\n"type":"host",,}]}';
    const error = await failsKeepingLastGood(good, deps({ [LIST_URL]: () => new Response(broken) }), 'validation');
    expect(error.message).toMatch(/invalid JSON/);
    expect(error.line).toBe(3);
  });

  const HAZARDS = [
    ['nested quantifiers', '(a+)+$'],
    ['ambiguous alternation in a loop', '^(a|a)*b'],
    ['overlapping adjacent loops', '\\d+\\d+x'],
  ];

  it.each(HAZARDS)('refuses a native list with a catastrophic-backtracking regex (%s) and names its line', async (_label, pattern) => {
    const text = JSON.stringify({
      format: 'miner-sentry-rules', version: 1, name: 'hostile',
      rules: [{ id: 'ok', type: 'domain', severity: 'high', pattern: 'miner.example', action: 'block' }, { id: 'bad', type: 'script-url', severity: 'high', pattern, action: 'block' }],
    }, null, 1);
    const error = await failsKeepingLastGood(good, deps({ [LIST_URL]: () => new Response(text) }), 'validation');
    expect(error.message).toMatch(/backtrack/);
    expect(error.line).toBe(text.split('\n').findIndex((l) => l.includes('"bad"')) + 1 - 1);
  });

  it.each(HAZARDS)('leaves a catastrophic-backtracking ABP filter (%s) out of the list it takes', async (_label, pattern) => {
    const after = await updateSubscription(good, deps({ [LIST_URL]: () => new Response(`${NEXT}/${pattern}/\n`) }));
    expect(after.error).toBeUndefined();
    expect(after.lastGood?.skippedLines).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(after.lastGood?.list)).not.toContain(JSON.stringify(pattern).slice(1, -1));
    expect(dnrRules(after).length).toBeGreaterThan(0);
  });

  it('reads a list of a million lines to the end and finds the one bad rule in it', async () => {
    const lines = 1_000_000;
    const bad = 500_000;
    const rules: string[] = [];
    for (let i = 0; i < lines - 2; i++) {
      rules.push(JSON.stringify({ id: `h${i}`, type: 'domain', severity: 'high', pattern: i === bad ? 'bad host!' : `host-${i}.example`, action: 'block' }));
    }
    // One rule per line, between the header line and the closing line.
    const text = `{"format":"miner-sentry-rules","version":1,"name":"million","rules":[\n${rules.join(',\n')}\n]}`;
    expect(text.split('\n').length).toBe(lines);
    const error = await failsKeepingLastGood(good, deps({ [LIST_URL]: () => new Response(text) }, { maxBytes: 128 * 1024 * 1024 }), 'validation');
    expect(error.line).toBe(bad + 2);
    expect(error.message).toContain(`h${bad}`);
  }, 60_000);

  it('refuses a million-line list over the size limit without holding all of it', async () => {
    let pulled = 0;
    const line = enc('||host-000000.example^\n');
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ < 1_000_000) controller.enqueue(line);
        else controller.close();
      },
    });
    const maxBytes = 1024 * 1024;
    await failsKeepingLastGood(good, deps({ [LIST_URL]: () => new Response(body) }, { maxBytes }), 'size');
    // Read stops at the first chunk past the limit.
    expect(pulled).toBeLessThanOrEqual(Math.ceil(maxBytes / line.length) + 2);
  });
});

describe('wrong encodings', () => {
  const latin1 = (s: string): Uint8Array<ArrayBuffer> => Uint8Array.from(s, (c) => c.charCodeAt(0));

  it.each([
    ['UTF-16LE with BOM', utf16(NEXT)],
    ['Latin-1 bytes', latin1('||caf\u00e9-miner.example^\n||stra\u00dfe.example^\n')],
  ])('refuses %s as an encoding error', async (_label, bytes) => {
    await failsKeepingLastGood(good, deps({ [LIST_URL]: () => new Response(bytes) }), 'encoding');
  });

  const junk = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 4096 }), { seed: 0x5eed, numRuns: 200 });
  const decodes = (bytes: Uint8Array) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return true;
    } catch {
      return false;
    }
  };

  it('refuses fixed-seed binary junk that is not UTF-8 as an encoding error', async () => {
    const binary = junk.filter((b) => !decodes(b));
    expect(binary.length).toBeGreaterThan(150);
    for (const bytes of binary) await failsKeepingLastGood(good, deps({ [LIST_URL]: () => new Response(bytes) }), 'encoding');
  });

  // One of these bodies, `$\x12N\x1cy`, used to import as an ABP list with one `url` rule made
  // of control characters and replace the good list; patterns with control characters are refused.
  it('refuses fixed-seed junk that happens to decode as UTF-8', async () => {
    const text = junk.filter(decodes);
    expect(text.length).toBeGreaterThan(10);
    for (const bytes of text) await failsKeepingLastGood(good, deps({ [LIST_URL]: () => new Response(bytes) }), 'validation');
  });

  it('refuses text that decodes but is NUL padding', async () => {
    await failsKeepingLastGood(good, deps({ [LIST_URL]: () => new Response('\u0000'.repeat(4096)) }), 'validation');
  });
});

describe('a list that changes while it downloads', () => {
  const half = (s: string, which: 0 | 1) => enc(which === 0 ? s.slice(0, s.length >> 1) : s.slice(s.length >> 1));
  const swapped = () => [half(NEXT, 0), half(GOOD + GOOD, 1)];

  it('fails the pinned hash when the second half differs from what was pinned', async () => {
    const pinned = { ...good, sha256: sha256Hex(enc(NEXT)) };
    await failsKeepingLastGood(pinned, deps({ [LIST_URL]: () => streamed(swapped()) }), 'hash');
    // The same pin takes the untampered list: the check above failed on the bytes, not the setup.
    const honest = await updateSubscription(pinned, deps({ [LIST_URL]: () => streamed([half(NEXT, 0), half(NEXT, 1)]) }));
    expect(honest.error).toBeUndefined();
    expect(honest.lastGood?.ruleCount).toBe(3);
  });

  it('fails the signature when the second half differs from what was signed', async () => {
    const signature = await signedFor(LIST_URL, NEXT, keys.privateKey, { now: clock });
    const routes = (body: Route) => ({ [LIST_URL]: body, [`${LIST_URL}.sig`]: () => new Response(signature) });
    const d = (body: Route) => deps(routes(body), { trustedKeys: [{ id: 'k', publicKey: keys.publicKey }], requireSignature: true });
    await failsKeepingLastGood(good, d(() => streamed(swapped())), 'signature');
    const honest = await updateSubscription(good, d(() => streamed([half(NEXT, 0), half(NEXT, 1)])));
    expect(honest.error).toBeUndefined();
    expect(honest.lastGood?.signedBy).toBe('k');
  });

  it('reports a connection that drops after the first half as a network error', async () => {
    await failsKeepingLastGood(good, deps({ [LIST_URL]: () => streamed([half(NEXT, 0)], { failAtEnd: true }) }), 'network');
  });

  it('refuses a Content-Length over the limit before reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull(c) { pulled++; c.enqueue(enc(NEXT)); } });
    const res = () => new Response(body, { headers: { 'content-length': String(64 * 1024 * 1024) } });
    await failsKeepingLastGood(good, deps({ [LIST_URL]: res }, { maxBytes: 1024 * 1024 }), 'size');
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('keeps the last good list through a run of failures of every kind', async () => {
    let state = good;
    const bodies: Route[] = [
      () => new Response('{"rules":'),
      () => new Response(utf16(NEXT)),
      () => streamed([half(NEXT, 0)], { failAtEnd: true }),
      () => new Response('oops', { status: 503 }),
    ];
    for (const body of bodies) state = await updateSubscription(state, deps({ [LIST_URL]: body }));
    expect(state.failures).toBe(bodies.length);
    expect(state.lastGood).toEqual(good.lastGood);
    expect(dnrRules(state)).toEqual(dnrRules(good));
  });
});
