import { beforeEach, describe, expect, it } from 'vitest';
import { FIRST_REPORT_RETRY_MS, MAX_QUEUE_BYTES, MAX_QUEUED_FINDINGS, REPORT_BATCH_SIZE, REPORT_QUEUE_KEY, ReportQueue, type ReportQueueState } from '../../../src/background/report-queue';
import type { ReportTarget } from '../../../src/engine/policy/types';
import type { ExportableFinding } from '../../../src/engine/export/index';

class MemoryArea {
  data: Record<string, unknown> = {};
  async get(key: string) { return key in this.data ? { [key]: structuredClone(this.data[key]) } : {}; }
  async set(items: Record<string, unknown>) { Object.assign(this.data, structuredClone(items)); }
}

const finding = (i: number): ExportableFinding => ({ kind: 'websocket', verdict: 'miner', action: 'blocked', reason: `pool ${i}`, time: 1_000 + i, id: `f${i}` });

let area: MemoryArea;
let clock: number;
let target: ReportTarget | null;
let posts: { url: string; headers: Record<string, string>; body: any }[];
let respond: () => Response | Promise<Response>;
let scheduled: number[];
let ids: number;

function queue() {
  return new ReportQueue({
    area,
    fetch: (async (url: string, init: RequestInit) => {
      posts.push({ url, headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) });
      return respond();
    }) as unknown as typeof fetch,
    now: () => clock,
    newId: () => `batch-${++ids}`,
    target: async () => target,
    environment: async () => ({ extensionVersion: '0.1.0', browser: { userAgent: 'UA' } }),
    schedule: (when) => scheduled.push(when),
    random: () => 0.5,
  });
}
const stored = () => area.data[REPORT_QUEUE_KEY] as ReportQueueState;

beforeEach(() => {
  area = new MemoryArea();
  clock = 1_000_000;
  target = { endpoint: 'https://soc.example/in', authHeader: 'Bearer s3cret' };
  posts = [];
  respond = () => new Response(null, { status: 204 });
  scheduled = [];
  ids = 0;
});

describe('report queue', () => {
  it('posts findings in batches with the auth header and empties the queue', async () => {
    await queue().enqueue(Array.from({ length: REPORT_BATCH_SIZE + 3 }, (_, i) => finding(i)));
    expect(posts.map((p) => p.body.findings.length)).toEqual([REPORT_BATCH_SIZE, 3]);
    expect(posts[0].url).toBe('https://soc.example/in');
    expect(posts[0].headers).toMatchObject({ Authorization: 'Bearer s3cret', 'Content-Type': 'application/json' });
    expect(posts[0].body).toMatchObject({ format: 'miner-sentry-report', batchId: 'batch-1' });
    expect(posts[1].body.batchId).toBe('batch-2');
    expect(stored().items).toEqual([]);
    expect(stored().lastSent).toBe(clock);
  });

  it('keeps the queue in storage while the endpoint is down, retries with growing delays and the same batch id', async () => {
    respond = () => { throw new TypeError('Failed to fetch'); };
    await queue().enqueue([finding(1), finding(2)]);
    expect(stored()).toMatchObject({ failures: 1, batchId: 'batch-1' });
    expect(stored().items).toHaveLength(2);
    const firstDelay = scheduled[0] - clock;
    expect(firstDelay).toBe(FIRST_REPORT_RETRY_MS);

    // Not due yet: nothing is sent, even with new findings arriving (a new worker, same storage).
    await queue().enqueue([finding(3)]);
    expect(posts).toHaveLength(1);
    expect(stored().items).toHaveLength(3);

    clock = scheduled[0];
    respond = () => new Response('busy', { status: 503 });
    await queue().flush();
    expect(stored().failures).toBe(2);
    expect(scheduled[1] - clock).toBe(2 * FIRST_REPORT_RETRY_MS);
    expect(stored().lastError).toContain('HTTP 503');

    clock = scheduled[1];
    respond = () => new Response(null, { status: 200 });
    await queue().flush();
    // The retried batch is exactly what was tried before: a receiver that stored it and
    // drops the repeat by its id must not lose f3, queued after the first attempt.
    expect(posts.at(-2)!.body.batchId).toBe('batch-1');
    expect(posts.at(-2)!.body.findings.map((f: { id: string }) => f.id)).toEqual(['f1', 'f2']);
    expect(posts.at(-1)!.body.batchId).toBe('batch-2');
    expect(posts.at(-1)!.body.findings.map((f: { id: string }) => f.id)).toEqual(['f3']);
    expect(stored()).toMatchObject({ items: [], failures: 0 });
  });

  it('drops a batch the receiver refuses outright (4xx), so one bad batch cannot jam the queue', async () => {
    respond = () => new Response('no', { status: 400 });
    await queue().enqueue([finding(1)]);
    expect(stored().items).toEqual([]);
    expect(stored().lastError).toContain('HTTP 400');
    expect(scheduled).toEqual([]);
  });

  it('sends nothing, and forgets the queue, without a report endpoint', async () => {
    respond = () => { throw new TypeError('down'); };
    await queue().enqueue([finding(1)]);
    target = null;
    await queue().enqueue([finding(2)]);
    await queue().flush();
    expect(posts).toHaveLength(1);
    expect(stored().items).toEqual([]);
  });

  it('bounds the queue, dropping the oldest', async () => {
    respond = () => { throw new TypeError('down'); };
    await queue().enqueue(Array.from({ length: MAX_QUEUED_FINDINGS + 10 }, (_, i) => finding(i)));
    expect(stored().items).toHaveLength(MAX_QUEUED_FINDINGS);
    expect(stored().items[0].id).toBe('f10');
  });

  it('keeps miner and blocked evidence when the bounds are reached, and bounds the queue by bytes', async () => {
    respond = () => { throw new TypeError('down'); };
    const q = queue();
    await q.enqueue([finding(0)]);
    const noise = (i: number): ExportableFinding => ({
      kind: 'wasm', verdict: 'suspicious', action: 'reported', reason: `odd module ${i}`, time: 2_000 + i, id: `s${i}`,
      url: `https://ad.example/${'p'.repeat(2000)}/${i}.wasm`,
    });
    for (let i = 0; i < 3; i++) await q.enqueue(Array.from({ length: MAX_QUEUED_FINDINGS }, (_, j) => noise(i * MAX_QUEUED_FINDINGS + j)));
    const items = stored().items;
    expect(items.map((f) => f.id)).toContain('f0');
    expect(new TextEncoder().encode(JSON.stringify(items)).length).toBeLessThanOrEqual(MAX_QUEUE_BYTES);
  });

  it('sends only miner, suspicious and blocked findings, never clean diagnostics or behaviour-only noise', async () => {
    await queue().enqueue([
      { kind: 'wasm', verdict: 'clean', action: 'allowed', reason: 'no crypto', time: 1, id: 'clean' },
      { kind: 'wasm', verdict: 'crypto-capable', action: 'allowed', reason: 'AES only', time: 2, id: 'capable' },
      { kind: 'behaviour', verdict: 'suspicious', action: 'reported', reason: 'busy worker', time: 3, id: 'busy' },
      { kind: 'wasm', verdict: 'suspicious', action: 'reported', reason: 'odd', time: 4, id: 'odd' },
      { kind: 'blocked-request', verdict: 'crypto-capable', action: 'blocked', reason: 'listed', time: 5, id: 'listed' },
      finding(6),
    ]);
    expect(posts.flatMap((p) => p.body.findings.map((f: { id: string }) => f.id))).toEqual(['odd', 'listed', 'f6']);
  });

  it('strips query, fragment and credentials from URLs unless the policy opts in to full URLs', async () => {
    const withSecrets: ExportableFinding = {
      ...finding(1),
      url: 'wss://user:pw@pool.example:3333/?login=4Abc&pass=x#frag',
      frameUrl: 'https://frame.example/embed?session=abc#t',
      pageUrl: 'https://shop.example/checkout?email=a%40b.example#pay',
      reason: 'pool https://pool.example/ws?token=abc seen',
    };
    await queue().enqueue([withSecrets]);
    const sent = posts[0].body.findings[0];
    expect(sent).toMatchObject({
      url: 'wss://pool.example:3333/',
      frameUrl: 'https://frame.example/embed',
      pageUrl: 'https://shop.example/checkout',
      reason: 'pool https://pool.example/ws seen',
    });
    expect(JSON.stringify(area.data)).not.toMatch(/session=abc|email=|token=abc|login=/);

    target = { ...target!, fullUrls: true };
    await queue().enqueue([withSecrets]);
    expect(posts[1].body.findings[0].pageUrl).toBe(withSecrets.pageUrl);
  });

  it('keeps the queue and retries while the endpoint cannot be read yet, instead of sending without the auth header', async () => {
    await queue().enqueue([finding(1)]);
    posts = [];
    const q = new ReportQueue({
      area, fetch: (async () => { posts.push({} as never); return new Response(null); }) as unknown as typeof fetch,
      now: () => clock, newId: () => 'id', environment: async () => ({ extensionVersion: '0', browser: { userAgent: 'UA' } }),
      target: async () => { throw new Error('managed storage has not answered'); },
      schedule: (when) => scheduled.push(when),
    });
    respond = () => { throw new TypeError('down'); };
    await queue().enqueue([finding(2)]);
    await q.flush();
    expect(stored().items.map((f) => f.id)).toEqual(['f2']);
    expect(stored().lastError).toMatch(/managed storage/);
  });

  it('waits for the data-collection consent where the browser asks for one', async () => {
    let granted = false;
    const q = new ReportQueue({
      area, fetch: (async (url: string, init: RequestInit) => {
        posts.push({ url, headers: init.headers as Record<string, string>, body: JSON.parse(String(init.body)) });
        return new Response(null, { status: 204 });
      }) as unknown as typeof fetch,
      now: () => clock, newId: () => 'id', environment: async () => ({ extensionVersion: '0', browser: { userAgent: 'UA' } }),
      target: async () => target, schedule: () => undefined, mayCollect: async () => granted,
    });
    await q.enqueue([finding(1)]);
    expect(posts).toEqual([]);
    expect(stored().items).toHaveLength(1);
    granted = true;
    await q.flush();
    expect(posts).toHaveLength(1);
    expect(stored().items).toEqual([]);
  });
});
