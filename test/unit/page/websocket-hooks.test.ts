import { describe, expect, it } from 'vitest';
import { installHooks } from '../../../src/page/install-hooks';
import { fakeChannel, fakeRealm, rulesJson } from './fake-realm';

/**
 * Plays the browser's WebSocket: frames "sent" are recorded, incoming ones are dispatched
 * by the test. A fresh class per realm, as each browser realm has its own prototype.
 */
const makeNativeSocket = () => class NativeSocket extends EventTarget {
  static readonly OPEN = 1;
  sent: unknown[] = [];
  closed = false;
  readonly #url: string;
  constructor(url: string | URL) {
    super();
    this.#url = String(url);
  }
  get url(): string { return this.#url; }
  get readyState(): number { return this.closed ? 3 : 1; }
  send(data: unknown): void { this.sent.push(data); }
  close(): void { this.closed = true; }
  receive(data: string): void { this.dispatchEvent(new MessageEvent('message', { data })); }
};

const LOGIN = JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'login', params: { login: '4Awallet', pass: 'x', agent: 'web' } });
const JOB = JSON.stringify({ jsonrpc: '2.0', method: 'job', params: { blob: '0707', job_id: '1', target: 'b88d0600' } });
const CHAT = JSON.stringify({ type: 'chat', text: 'hello' });

/** Blob reads settle within a few turns of the event loop. */
const blobsRead = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

function setup(mode: 'block' | 'report-only' = 'block', rules = '') {
  const realm = fakeRealm({ WebSocket: makeNativeSocket(), Blob });
  const channel = fakeChannel({ mode, allowed: false, rules });
  installHooks(realm.win, () => channel);
  return { WebSocket: realm.win.WebSocket as unknown as ReturnType<typeof makeNativeSocket>, channel };
}

describe('WebSocket hook', () => {
  it('passes ordinary traffic through and keeps statics and identity', () => {
    const { WebSocket, channel } = setup();
    const ws = new WebSocket('wss://chat.example/socket');
    ws.send(CHAT);
    ws.send(new Uint8Array([1, 2]));
    expect(ws.sent).toEqual([CHAT, new Uint8Array([1, 2])]);
    expect(WebSocket.OPEN).toBe(1);
    expect(ws).toBeInstanceOf(WebSocket);
    expect(WebSocket.prototype.send.name).toBe('send');
    expect(Function.prototype.toString.call(WebSocket.prototype.send)).not.toContain('vetFrame');
    expect(channel.findings).toEqual([]);
  });

  it('in block mode drops a Stratum login, closes the socket and reports the method', () => {
    const { WebSocket, channel } = setup();
    const ws = new WebSocket('wss://pool.example:3333');
    ws.send(LOGIN);
    ws.send(LOGIN);
    expect(ws.sent).toEqual([]);
    expect(ws.closed).toBe(true);
    expect(channel.findings).toHaveLength(1);
    expect(channel.findings[0]).toMatchObject({
      kind: 'websocket', verdict: 'miner', action: 'blocked', url: 'wss://pool.example:3333/', api: 'WebSocket.prototype.send',
    });
    expect(channel.findings[0].reason).toContain('login');
  });

  it('in report-only mode sends the login and reports it', () => {
    const { WebSocket, channel } = setup('report-only');
    const ws = new WebSocket('wss://pool.example/');
    ws.send(LOGIN);
    expect(ws.sent).toEqual([LOGIN]);
    expect(ws.closed).toBe(false);
    expect(channel.findings[0]).toMatchObject({ verdict: 'miner', action: 'reported' });
  });

  it('keeps an incoming job from page listeners in block mode, without touching onmessage', () => {
    const { WebSocket, channel } = setup();
    const ws = new WebSocket('wss://pool.example/');
    const seen: unknown[] = [];
    ws.addEventListener('message', (e: Event) => seen.push((e as MessageEvent).data));
    ws.receive(CHAT);
    ws.receive(JOB);
    expect(seen).toEqual([CHAT]);
    expect(ws.closed).toBe(true);
    expect((ws as unknown as { onmessage?: unknown }).onmessage).toBeUndefined();
    expect(channel.findings[0]).toMatchObject({ verdict: 'miner', api: 'WebSocket message' });
    expect(channel.findings[0].reason).toContain('job');
  });

  // Issue 9, attack 4: the login must not leave whatever its framing.
  it.each([
    ['padded past 16 KiB', () => LOGIN.replace('"x"', `"${'x'.repeat(20_000)}"`)],
    ['behind 5 MiB of whitespace', () => `${' '.repeat(5 << 20)}${LOGIN}`],
    ['as an ArrayBuffer', () => new TextEncoder().encode(LOGIN).buffer],
    ['as a Uint8Array', () => new TextEncoder().encode(LOGIN)],
    ['as a DataView over a larger buffer', () => {
      const bytes = new TextEncoder().encode(`xx${LOGIN}yy`);
      return new DataView(bytes.buffer, 2, bytes.length - 4);
    }],
  ])('in block mode closes the socket before a login sent %s leaves', (_name, frame) => {
    const { WebSocket, channel } = setup();
    const ws = new WebSocket('wss://pool.example/');
    ws.send(frame());
    // Lengths, not the frames: a failure diff of a 5 MiB frame would take minutes.
    expect(ws.sent.length).toBe(0);
    expect(ws.closed).toBe(true);
    expect(channel.findings).toHaveLength(1);
    expect(channel.findings[0]).toMatchObject({ kind: 'websocket', verdict: 'miner', action: 'blocked', api: 'WebSocket.prototype.send' });
    expect(channel.findings[0].reason).toContain('login');
  });

  it('sends ordinary binary frames as the same bytes, from a copy taken when judged', () => {
    const { WebSocket, channel } = setup();
    const ws = new WebSocket('wss://chat.example/');
    const bytes = new Uint8Array([1, 2, 3, 4]);
    ws.send(bytes.buffer);
    ws.send(new DataView(bytes.buffer, 1, 2));
    expect(ws.sent.map((b) => [...(b as Uint8Array)])).toEqual([[1, 2, 3, 4], [2, 3]]);
    expect(channel.findings).toEqual([]);
  });

  it('keeps an incoming binary (arraybuffer) job from page listeners in block mode', () => {
    const { WebSocket, channel } = setup();
    const ws = new WebSocket('wss://pool.example/');
    const seen: unknown[] = [];
    ws.addEventListener('message', (e: Event) => seen.push((e as MessageEvent).data));
    ws.dispatchEvent(new MessageEvent('message', { data: new TextEncoder().encode(JOB).buffer }));
    expect(seen).toEqual([]);
    expect(ws.closed).toBe(true);
    expect(channel.findings[0].reason).toMatch(/job.*binary/);
  });

  it('holds a Blob login until read, then closes the socket without sending it', async () => {
    const { WebSocket, channel } = setup();
    const ws = new WebSocket('wss://pool.example/');
    ws.send(new Blob([LOGIN]));
    ws.send('{"after":"login"}');
    expect(ws.sent).toEqual([]);
    await blobsRead();
    expect(ws.sent).toEqual([]);
    expect(ws.closed).toBe(true);
    expect(channel.findings).toHaveLength(1);
    expect(channel.findings[0]).toMatchObject({ verdict: 'miner', action: 'blocked', api: 'WebSocket.prototype.send' });
    expect(channel.findings[0].reason).toMatch(/login.*binary/);
  });

  it('sends ordinary Blob frames in the page\'s order, later frames queued behind them', async () => {
    const { WebSocket, channel } = setup();
    const ws = new WebSocket('wss://chat.example/');
    const first = new Blob(['{"a":1}']);
    const second = new Blob([new Uint8Array([1, 2, 3])]);
    ws.send(first);
    ws.send('x');
    ws.send(second);
    ws.send('y');
    await blobsRead();
    expect(ws.sent).toEqual([first, 'x', second, 'y']);
    expect(channel.findings).toEqual([]);
  });

  it('reports a pool job received as a Blob and closes the socket once it is read', async () => {
    const { WebSocket, channel } = setup();
    const ws = new WebSocket('wss://pool.example/');
    ws.dispatchEvent(new MessageEvent('message', { data: new Blob([JOB]) }));
    await blobsRead();
    expect(ws.closed).toBe(true);
    expect(channel.findings[0]).toMatchObject({ verdict: 'miner', action: 'blocked', api: 'WebSocket message' });
  });

  it('lets frames that cannot be pool calls through unread, but a page that breaks indexOf still cannot send a login', () => {
    const { WebSocket, channel } = setup();
    const ws = new WebSocket('wss://pool.example:3333');
    const indexOf = String.prototype.indexOf;
    // Told "not found" for every token, a prefilter that used the page's indexOf would wave the login through.
    String.prototype.indexOf = function () { return -1; };
    try {
      ws.send(CHAT);
      ws.send(LOGIN);
    } finally {
      String.prototype.indexOf = indexOf;
    }
    expect(ws.sent).toEqual([CHAT]);
    expect(ws.closed).toBe(true);
    expect(channel.findings.map((f) => f.verdict)).toEqual(['miner']);
  });

  it('applies ws-message and endpoint rules', () => {
    const rules = rulesJson([
      { id: 'm-1', type: 'ws-message', action: 'report', severity: 'low', pattern: '"cmd":"hashrate"' },
      { id: 'u-1', type: 'script-url', action: 'block', severity: 'high', pattern: '^wss://bad-pool\\.example/' },
    ]);
    const { WebSocket, channel } = setup('block', rules);
    const ws = new WebSocket('wss://ok.example/');
    ws.send('{"cmd":"hashrate","v":3}');
    expect(ws.sent).toHaveLength(1);
    expect(() => new WebSocket('wss://bad-pool.example/x')).toThrow(expect.objectContaining({ name: 'SecurityError' }));
    expect(channel.findings.map((f) => [f.ruleId, f.action, f.api])).toEqual([
      ['m-1', 'reported', 'WebSocket.prototype.send'],
      ['u-1', 'blocked', 'new WebSocket'],
    ]);
  });

  it('checks every frame when a ws-message rule has no literal to look for first', () => {
    const rules = rulesJson([{ id: 'm-2', type: 'ws-message', action: 'report', severity: 'low', pattern: '^[0-9]{6}$' }]);
    const { WebSocket, channel } = setup('block', rules);
    const ws = new WebSocket('wss://ok.example/');
    ws.send('123456');
    ws.send(CHAT);
    expect(ws.sent).toEqual(['123456', CHAT]);
    expect(channel.findings.map((f) => f.ruleId)).toEqual(['m-2']);
  });

  it('runs a rule with alternatives on every frame that holds one of them', () => {
    const rules = rulesJson([{ id: 'm-3', type: 'ws-message', action: 'report', severity: 'low', pattern: '"op":"(mine|hash)"' }]);
    const { WebSocket, channel } = setup('block', rules);
    const ws = new WebSocket('wss://ok.example/');
    for (const frame of ['{"op":"hash"}', '{"op":"noop"}', '{"op":"mine"}']) ws.send(frame);
    expect(channel.findings).toHaveLength(1);
    expect(channel.findings[0]).toMatchObject({ ruleId: 'm-3' });
    ws.close();
    const again = new WebSocket('wss://ok2.example/');
    again.send('{"op":"mine"}');
    expect(channel.findings.map((f) => f.url)).toEqual(['wss://ok.example/', 'wss://ok2.example/']);
  });

  it('a socket opened before the rules arrived is checked again once they do, and closed if they list its host', async () => {
    const realm = fakeRealm({ WebSocket: makeNativeSocket() });
    const channel = fakeChannel(null);
    installHooks(realm.win, () => channel);
    const WS = realm.win.WebSocket as unknown as ReturnType<typeof makeNativeSocket>;
    const ws = new WS('wss://pool.example:3333');
    channel.set({
      mode: 'block', allowed: false,
      rules: rulesJson([{ id: 'pool', type: 'script-url', action: 'block', severity: 'high', pattern: '^wss://pool\\.example' }]),
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(ws.closed).toBe(true);
    expect(channel.findings).toEqual([expect.objectContaining({ kind: 'websocket', action: 'blocked', ruleId: 'pool', api: 'new WebSocket' })]);
  });
});
