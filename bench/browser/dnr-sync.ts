import { compileDnr } from '../../src/engine/rules/index';
import { median } from '../lib/stats';
import { PROBE_HOST, type BenchPage } from './launch';
import { swEvaluate, waitForBackground } from './memory';
import type { BrowserPair } from './pair';
import type { ScaleRules } from './scale-rules';

// A full dynamic-rule sync at list scale in Chromium's service worker: the compiled rules
// go in with one updateDynamicRules call, timed by the worker's clock; meanwhile a page
// keeps fetching a listed host, and the first refused fetch marks when blocking took hold
// (Node's clock from the call, so it includes the CDP round trips). Hash rules have no
// DNR form; they stay with the page matcher.

const FIRST_ID = 900_000;

export interface DnrSyncResult {
  rules: number;
  regexRules: number;
  hashRulesNotInDnr: number;
  addMs: number[];
  removeMs: number[];
  blockedAfterMs: number[];
  preexistingDynamicRules: number;
  error?: string;
}

const probeBlocked = (page: BenchPage, url: string) =>
  page.evaluate((u) => fetch(u, { cache: 'no-store' }).then(() => false, () => true), url);

export async function benchDnrSync(pair: BrowserPair, origin: string, port: number, scale: ScaleRules, runs: number): Promise<DnrSyncResult> {
  const compiled = compileDnr(scale.list, { firstId: FIRST_ID });
  const hashRules = scale.list.rules.filter((r) => r.type === 'hash').length;
  const result: DnrSyncResult = {
    rules: compiled.rules.length, regexRules: compiled.stats.regexRules, hashRulesNotInDnr: hashRules,
    addMs: [], removeMs: [], blockedAfterMs: [], preexistingDynamicRules: 0,
  };
  const sw = await pair.ext.serviceWorker();
  if (!sw) throw new Error('no service worker session');
  await waitForBackground(sw);
  const page = await pair.ext.newPage();
  const probeUrl = `http://${PROBE_HOST}:${port}/probe`;
  try {
    await page.goto(`${origin}/wasm.html`);
    if (await probeBlocked(page, probeUrl)) throw new Error(`${probeUrl} fails before any rule is added`);
    await swEvaluate(sw, `globalThis.benchRules = ${JSON.stringify(compiled.rules)}; globalThis.benchRules.length`);
    result.preexistingDynamicRules = await swEvaluate<number>(sw, 'chrome.declarativeNetRequest.getDynamicRules().then((r) => r.length)');
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const adding = swEvaluate<number>(sw, `(async () => {
        const t = performance.now();
        await chrome.declarativeNetRequest.updateDynamicRules({ addRules: globalThis.benchRules });
        return performance.now() - t;
      })()`);
      let settled = false;
      adding.then(() => { settled = true; }, () => { settled = true; });
      let blockedAt: number | null = null;
      while (blockedAt === null) {
        if (await probeBlocked(page, probeUrl)) blockedAt = performance.now() - t0;
        else if (settled && performance.now() - t0 > 30_000) break;
      }
      result.addMs.push(await adding);
      if (blockedAt !== null) result.blockedAfterMs.push(blockedAt);
      result.removeMs.push(await swEvaluate<number>(sw, `(async () => {
        const t = performance.now();
        await chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: globalThis.benchRules.map((r) => r.id) });
        return performance.now() - t;
      })()`));
      if (await probeBlocked(page, probeUrl)) throw new Error('the listed host stays blocked after the rules were removed');
    }
  } catch (err) {
    result.error = (err as Error).message;
  } finally {
    await page.close();
    await swEvaluate(sw, 'delete globalThis.benchRules').catch(() => {});
  }
  return result;
}

export const medianOrNaN = (xs: number[]) => (xs.length ? median(xs) : NaN);
