// The extension against the demo site, in real Chromium and Firefox. Every
// scenario waits on state by polling and fails if protection is missing: see
// the "fail without protection" notes in test/e2e/README.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server.mjs';
import type { TabState } from '../../src/engine/protocol';
import { BROWSER_KINDS, LISTED_HOST, findingsTable, openBrowser, waitFor, type Harness, type HarnessPage } from './harness';
import { readBenignDemo, readListedDemo, readMinerDemo } from './harness/demo-pages';
import { EVENT_WAIT_MS } from './harness/wait-for';

/** The entry points the miner page's first inline script uses, as the hook names them in `api`. */
const WASM_APIS = ['WebAssembly.instantiateStreaming', 'WebAssembly.instantiate', 'WebAssembly.compile', 'WebAssembly.Module'];
const FINDING_TIMEOUT = EVENT_WAIT_MS;

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0, altPort: 0, jobIntervalMs: 2000 });
});

afterAll(async () => {
  await demo?.close();
});

describe.each(BROWSER_KINDS)('%s', (kind) => {
  let browser: Harness;
  const pages: HarnessPage[] = [];

  async function open(url: string) {
    const page = await browser.newPage(url);
    pages.push(page);
    return page;
  }

  function minerUrl(label: string) {
    return `${demo.origin}/miner.html?pool=${encodeURIComponent(`ws://${demo.host}:${demo.port}/pool/${kind}-${label}`)}`;
  }

  /** Polls the popup's view of the tab until `predicate` holds; on timeout shows the findings seen. */
  async function tabStateWhere(urlPrefix: string, predicate: (s: TabState) => boolean, what: string) {
    let last: TabState | undefined;
    try {
      return await waitFor(async () => {
        last = await browser.tabState(urlPrefix);
        return predicate(last) && last;
      }, { timeout: FINDING_TIMEOUT, interval: 250, what });
    } catch (err) {
      throw new Error(`${(err as Error).message}\nfindings for ${urlPrefix}:\n${findingsTable(last?.findings ?? [])}`);
    }
  }

  beforeAll(async () => {
    browser = await openBrowser(kind);
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('miner page', () => {
    let url: string;
    let page: HarnessPage;

    beforeAll(async () => {
      url = minerUrl('miner');
      page = await open(url);
      await waitFor(async () => (await readMinerDemo(page))?.settled, { what: 'the miner page to try every entry point' });
    });

    it('sees each Wasm entry point and the pool socket used by the first inline script, and the page sees the module refused', async () => {
      const state = await tabStateWhere(
        url,
        (s) => WASM_APIS.every((api) => s.findings.some((f) => f.kind === 'wasm' && f.api === api)) && s.findings.some((f) => f.kind === 'websocket'),
        `wasm findings for ${WASM_APIS.join(', ')} and a websocket finding`,
      );
      for (const api of WASM_APIS) {
        const wasm = state.findings.filter((f) => f.kind === 'wasm' && f.api === api);
        expect(wasm.map((f) => [f.verdict, f.action]), api).toContainEqual(['miner', 'blocked']);
      }
      const socket = state.findings.find((f) => f.kind === 'websocket');
      expect(socket?.url).toBe(`ws://${demo.host}:${demo.port}/pool/${kind}-miner`);

      const seen = await readMinerDemo(page);
      for (const api of WASM_APIS) expect(seen?.apis[api]?.outcome, `${api}: ${seen?.apis[api]?.detail}`).toBe('refused');
    });

    it('shows the number of findings on the tab badge', async () => {
      const snap = await waitFor(async () => {
        const s = await browser.popupSnapshot(url);
        return s.state.findings.length > 0 && s.badgeText === s.state.badge.text && s;
      }, { timeout: FINDING_TIMEOUT, what: 'the browser badge to match the tab state' });
      expect(snap.state.badge.text).toBe(String(snap.state.findings.length));
      expect(snap.badgeText).toBe(String(snap.state.findings.length));
    });

    it('lists every finding in the popup opened for that tab', async () => {
      const snap = await browser.popupSnapshot(url);
      expect(snap.state.findings.length).toBeGreaterThan(0);
      expect(snap.renderedFindings).toBe(snap.state.findings.length);
    });

    it('lets no share reach the pool', async () => {
      // Settled means: the worker never got a module, the socket is unusable, or a share went out.
      const seen = await waitFor(async () => {
        const d = await readMinerDemo(page);
        if (!d) return false;
        const socketDown = ['refused', 'error', 'closed'].includes(d.pool.status);
        return (d.worker.outcome === 'refused' || socketDown || d.pool.shares > 0) && d;
      }, { timeout: FINDING_TIMEOUT, what: 'the miner to either get going or be stopped' });
      expect(seen.pool.shares).toBe(0);
      expect(demo.pool.stats().pools[`/pool/${kind}-miner`]?.submits ?? 0).toBe(0);
    });
  });

  describe('request to a NoCoin-listed host', () => {
    let url: string;
    let page: HarnessPage;

    beforeAll(async () => {
      url = `${demo.origin}/listed-host.html?browser=${kind}`;
      page = await open(url);
      await waitFor(async () => (await readListedDemo(page))?.outcome !== 'pending', { what: 'the listed script to load or fail' });
      const seen = await readListedDemo(page);
      expect(seen?.src).toContain(LISTED_HOST);
    });

    it('is blocked before it reaches the server', async () => {
      expect(await readListedDemo(page)).toMatchObject({ outcome: 'load-error', ran: false });
      expect(demo.log.query({ host: LISTED_HOST })).toEqual([]);
    });

    it('is reported as a blocked-request finding for the tab', async () => {
      const state = await tabStateWhere(url, (s) => s.findings.some((f) => f.kind === 'blocked-request'), 'a blocked-request finding');
      const blocked = state.findings.find((f) => f.kind === 'blocked-request');
      expect(blocked?.url).toContain(`//${LISTED_HOST}:`);
      expect(blocked?.action).toBe('blocked');
      expect(blocked?.ruleId).toBeTruthy();
    });
  });

  describe('benign page', () => {
    it('runs its Wasm module untouched, with no finding and an empty badge', async () => {
      const url = `${demo.origin}/benign.html?browser=${kind}`;
      const page = await open(url);
      const result = await waitFor(async () => {
        const d = await readBenignDemo(page);
        return d?.status !== 'loading' && d;
      }, { what: 'the benign module to run' });
      expect(result).toEqual({ status: 'done', sum: 42, error: null });

      // "No finding" is only meaningful once findings flow: a miner page opened after the
      // benign one finished must be reported first, so a finding the benign page sent
      // earlier has had its turn too (and a broken pipeline cannot pass vacuously).
      const barrier = minerUrl('barrier');
      await open(barrier);
      await tabStateWhere(barrier, (s) => s.findings.some((f) => f.kind === 'wasm'), 'the barrier page to be reported');

      const snap = await browser.popupSnapshot(url);
      expect(snap.state.url).toBe(url);
      expect(findingsTable(snap.state.findings)).toBe(findingsTable([]));
      expect(snap.state.badge.text).toBe('');
      expect(snap.badgeText).toBe('');
    });
  });
});
