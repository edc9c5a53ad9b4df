// @vitest-environment jsdom
// The bridge under a page that reports as fast and as big as it can. Counts, not timings:
// the clock is the test's own, so the token bucket's bound is exact.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFindingGate, MAX_FINDING_JSON } from '../../../src/content/finding-gate';
import { FRAME_RATE_LIMIT } from '../../../src/content/rate-limiter';
import { startBridge } from '../../../src/content/start-bridge';
import { FINDING_EVENT, HELLO_EVENT } from '../../../src/page/channel-events';

const finding = (i: number, extra: Record<string, unknown> = {}) => JSON.stringify({
  kind: 'wasm', verdict: 'miner', action: 'blocked', reason: `module ${i}`, time: 0, ...extra,
});

const { perSecond, burst, lifetime } = FRAME_RATE_LIMIT;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('finding gate under a flood', () => {
  it('admits the burst plus the refill from 10 000 distinct findings sent over one second', () => {
    const gate = createFindingGate();
    let admitted = 0;
    for (let i = 0; i < 10_000; i++) if (gate.admit(finding(i), i / 10)) admitted++;
    // 10 000 events spread over 0..999.9 ms refill at most perSecond tokens.
    expect(admitted).toBeGreaterThanOrEqual(burst);
    expect(admitted).toBeLessThanOrEqual(burst + perSecond);
  });

  it('stops at the lifetime cap however slowly a page sends', () => {
    const gate = createFindingGate();
    let admitted = 0;
    // One finding per second for three hours: the bucket never runs dry, only the cap stops it.
    for (let i = 0; i < 10_800; i++) if (gate.admit(finding(i), i * 1000)) admitted++;
    expect(admitted).toBe(lifetime);
  });

  it('drops repeats before they spend tokens', () => {
    const gate = createFindingGate();
    for (let i = 0; i < 10_000; i++) gate.admit(finding(0), 0);
    let fresh = 0;
    for (let i = 1; i <= burst; i++) if (gate.admit(finding(i), 0)) fresh++;
    expect(fresh).toBe(burst - 1);
  });

  it('drops payloads over the size cap without parsing them', () => {
    const gate = createFindingGate();
    const parse = vi.spyOn(JSON, 'parse');
    const padded = finding(1, { reason: 'x'.repeat(MAX_FINDING_JSON) });
    expect(padded.length).toBeGreaterThan(MAX_FINDING_JSON);
    expect(gate.admit(padded, 0)).toBeNull();
    expect(gate.admit('['.repeat(50 * 1024 * 1024), 0)).toBeNull();
    expect(parse).not.toHaveBeenCalled();
  });

  it('survives hostile details within the size cap: deep nesting, non-strings, getters that throw', () => {
    const gate = createFindingGate();
    const trap = { get kind() { throw new Error('trap'); } };
    const details: unknown[] = [
      '['.repeat(MAX_FINDING_JSON - 1), `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`, trap,
      new Proxy({}, { get: () => { throw new Error('proxy'); } }), 42, null, undefined, Symbol('x'), finding(1, { tabId: 7, frameId: 3 }),
    ];
    for (const d of details) expect(gate.admit(d, 0)).toBeNull();
  });
});

describe('bridge content script under a flood', () => {
  it('forwards at most the bucket from 10 000 port events and none from events on document or window', async () => {
    let clock = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
    const sendMessage = vi.fn(async (_message: { type: string }) => undefined);
    startBridge(document, { sendMessage } as never, { eagerConfig: true });
    const port = document.createElement('span');
    document.dispatchEvent(new MouseEvent(HELLO_EVENT, { relatedTarget: port }));
    // A second hello (the page's) must not move the channel to an element the page holds.
    const pagePort = document.createElement('span');
    document.dispatchEvent(new MouseEvent(HELLO_EVENT, { relatedTarget: pagePort }));

    for (let i = 0; i < 10_000; i++) {
      clock = i / 10;
      document.dispatchEvent(new CustomEvent(FINDING_EVENT, { detail: finding(i) }));
      window.dispatchEvent(new CustomEvent(FINDING_EVENT, { detail: finding(i) }));
      pagePort.dispatchEvent(new CustomEvent(FINDING_EVENT, { detail: finding(i) }));
    }
    const pageSide = sendMessage.mock.calls.filter(([m]) => m.type === 'ms:finding').length;
    expect(pageSide).toBe(0);

    for (let i = 0; i < 10_000; i++) {
      clock = 1000 + i / 10;
      port.dispatchEvent(new CustomEvent(FINDING_EVENT, { detail: finding(i) }));
    }
    const forwarded = sendMessage.mock.calls.filter(([m]) => m.type === 'ms:finding').length;
    expect(forwarded).toBeGreaterThanOrEqual(burst);
    expect(forwarded).toBeLessThanOrEqual(burst + perSecond);
  });
});
