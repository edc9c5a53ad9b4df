// Every delivery path of evasion/pages in Chromium and Firefox: each miner page must be
// detected and blocked with no hash computed and nothing submitted to the pool; benign
// twins must work and stay unreported. The run prints a path × browser matrix and keeps
// it in docs/coverage.md. One browser at a time, all pages open in it at once.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredFinding } from '../../../src/engine/protocol';
import { BROWSER_KINDS, LISTED_HOST, findingsTable, openBrowser, waitFor, type Harness, type HarnessPage } from '../harness';
import { CASES, type EvasionCase } from './cases';
import { startEvasionServer, type EvasionServer } from './evasion-server';
import { renderMatrix, writeCoverageMatrix, type Cell } from './matrix';

/**
 * EVASION_ONLY=id,id… runs just those cases (to work on a few cells; the lead runs them all).
 * The matrix in docs/coverage.md is only rewritten by a full run.
 */
const ONLY = process.env.EVASION_ONLY?.split(',').map((id) => id.trim()).filter(Boolean);
const RUN = ONLY ? CASES.filter((c) => ONLY.includes(c.id)) : CASES;

/**
 * Until when a miner case's finding may still reach the tab: one deadline shared by every
 * case, counted from the moment all pages are open, not a quiet period per case. A busy
 * machine (Firefox starting a worker that starts a worker, beside forty other pages) only
 * uses more of it; with protection broken, the whole matrix still fails within it.
 */
const FINDINGS_DEADLINE = 90_000;
/** The least any miner case is given once the shared deadline has passed. */
const FINDING_WAIT_MIN = 1500;
/** How long any page is given to report that it has finished its work. */
const SETTLE_WAIT = 20_000;
const OPTIONS_PATH = 'src/ui/options/index.html';

interface PageView { done: boolean; hashes: number; outcome: string; detail: string }

let server: EvasionServer;
const cells = new Map<string, Cell>();
const seen = new Map<string, { findings: StoredFinding[]; page: PageView | null }>();

beforeAll(async () => {
  server = await startEvasionServer();
});

afterAll(async () => {
  await server?.close();
  if (cells.size === 0) return;
  const matrix = renderMatrix(CASES, BROWSER_KINDS, cells);
  console.log(`\nEvasion matrix (detected / blocked / work done, submits):\n${matrix}\n`);
  // Every cell's evidence, for reading a surprising cell after the run.
  const dir = resolve(import.meta.dirname, '../../../test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'evasion-findings.txt'), [...seen].map(([key, s]) => `## ${key}\npage: ${JSON.stringify(s.page)}\n${findingsTable(s.findings)}\n`).join('\n'));
  if (BROWSER_KINDS.every((b) => CASES.every((c) => cells.has(`${b}:${c.id}`)))) writeCoverageMatrix(matrix, new Date().toISOString().slice(0, 10));
});

const readView = (page: HarnessPage) => page.evaluate(() => {
  const e = (window as unknown as { evasion?: PageView }).evasion;
  return e ? { done: e.done, hashes: e.hashes, outcome: e.outcome, detail: e.detail } : null;
});

/**
 * Findings that say something about the path under test. The diagnostic "could not
 * instrument" note is not detection, and outside the socket cases neither is the
 * stratum socket a page opens only after it hashed.
 */
const meaningful = (c: EvasionCase) => (f: StoredFinding) => f.verdict !== 'clean' && (c.kind === 'socket' || f.kind !== 'websocket');

describe.each(BROWSER_KINDS)('%s', (kind) => {
  let browser: Harness;
  const pages = new Map<string, { url: string; page: HarnessPage }>();

  function urlOf(c: EvasionCase): string {
    const id = `${kind}-${c.id}`;
    const poolHost = c.listedPool ? LISTED_HOST : '127.0.0.1';
    const query = new URLSearchParams({
      wasm: c.wasm ?? 'demo-miner',
      pool: `ws://${poolHost}:${server.demo.port}/pool/${id}`,
      ...(c.alt ? { alt: server.altOrigin } : {}),
      ...c.query,
      id,
    });
    return `${server.origin}/${c.page}?${query}&end`;
  }

  /** Saves the cases' custom rules the way the options page does, through the background. */
  async function saveUserRules(): Promise<void> {
    const text = RUN.map((c) => c.userRules?.text).filter((t) => t !== undefined);
    if (text.length === 0) return;
    if (text.length > 1) throw new Error('one case with user rules at a time: the custom rules field holds one list');
    const options = await browser.newPage(`${browser.extensionBase}${OPTIONS_PATH}`);
    await waitFor(() => options.evaluate(() => document.getElementById('options-state')?.textContent), { what: 'options page' });
    const reply = await options.evaluate(async (customRules) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      return api.runtime.sendMessage({ type: 'ms:update-settings', patch: { customRules } });
    }, text[0]!);
    await options.close();
    expect(reply, 'the background took the custom rules').toMatchObject({ settings: { customRules: { value: text[0] } } });
  }

  beforeAll(async () => {
    browser = await openBrowser(kind);
    await saveUserRules();
    for (const c of RUN) {
      const url = urlOf(c);
      pages.set(c.id, { url, page: await browser.newPage(url) });
    }
    const deadline = Date.now() + FINDINGS_DEADLINE;
    // Miner pages first: once they are reported, findings flow, so a benign page's silence means something.
    const ordered = [...RUN].sort((a, b) => Number(a.kind === 'benign') - Number(b.kind === 'benign'));
    for (const c of ordered) {
      const { url, page } = pages.get(c.id)!;
      const view = await waitFor(async () => {
        const v = await readView(page).catch(() => null);
        return v?.done && v;
      }, {
        // A benign or behaviour page must finish its work (its outcome is asserted), so it gets
        // what is left of the shared deadline; a refused miner page may never settle.
        timeout: c.kind === 'benign' || c.kind === 'behaviour' ? Math.max(SETTLE_WAIT, deadline - Date.now()) : SETTLE_WAIT,
        what: `${c.id} to settle`,
      }).catch(() => null);
      let findings: StoredFinding[] = [];
      const counts = meaningful(c);
      const wanted = (fs: StoredFinding[]) => c.kind === 'benign'
        || fs.some((f) => counts(f) && (c.kind === 'behaviour' ? f.kind === 'behaviour' : f.action === 'blocked'));
      await waitFor(async () => {
        findings = (await browser.tabState(url)).findings;
        if (c.findingsTab) findings = [...findings, ...(await browser.tabState(c.findingsTab)).findings];
        return wanted(findings);
      }, {
        timeout: c.kind === 'benign' ? 500 : Math.max(FINDING_WAIT_MIN, deadline - Date.now()), interval: 300, what: `${c.id} findings`,
      }).catch(() => {});
      const pool = server.demo.pool.stats().pools[`/pool/${kind}-${c.id}`];
      cells.set(`${kind}:${c.id}`, {
        detected: findings.some(counts),
        blocked: findings.some((f) => counts(f) && f.action === 'blocked'),
        hashes: c.kind === 'socket' ? pool?.logins ?? 0 : server.hashes(`${kind}-${c.id}`),
        submits: pool?.submits ?? 0,
        outcome: view ? view.outcome : 'never settled',
      });
      seen.set(`${kind}:${c.id}`, { findings, page: view });
    }
    // Generous: without protection every miner case waits out its findings wait.
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
  });

  function explain(id: string): string {
    const s = seen.get(`${kind}:${id}`);
    return `page: ${JSON.stringify(s?.page)}\n${findingsTable(s?.findings ?? [])}`;
  }

  for (const c of RUN) {
    // A known gap (docs/coverage.md) is expected to fail; if it starts passing, the docs are stale.
    (c.gap ? it.fails : it)(`${c.kind}: ${c.label}${c.gap ? ` (known gap: ${c.gap})` : ''}`, () => {
      const cell = cells.get(`${kind}:${c.id}`)!;
      if (c.kind === 'benign') {
        expect(cell, explain(c.id)).toMatchObject({ detected: false, outcome: 'result' });
        return;
      }
      if (c.kind === 'behaviour') {
        expect(cell, explain(c.id)).toMatchObject({ detected: true, blocked: false, outcome: 'result' });
        const behaviour = seen.get(`${kind}:${c.id}`)!.findings.filter((f) => f.kind === 'behaviour');
        expect(behaviour.map((f) => [f.verdict, f.action])).toEqual([['suspicious', 'reported']]);
        return;
      }
      expect(cell, explain(c.id)).toMatchObject({ detected: true, blocked: true, hashes: 0, submits: 0 });
      if (c.userRules) {
        const blocks = seen.get(`${kind}:${c.id}`)!.findings.filter((f) => f.action === 'blocked');
        expect(blocks.map((f) => f.ruleId), explain(c.id)).toContainEqual(expect.toBeOneOf(c.userRules.ids));
      }
    });
  }
});
