// Fixed-seed fuzzing of the hooked WebAssembly API in real browsers. Every module goes
// through validate, compile, new Module and instantiate in a page with the extension and
// in the same browser without it; the page-visible outcome must be the same, except that
// a module the engine judges a miner is refused with a CompileError.
// MINER_SENTRY_LONG=1 runs ten times as many modules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeWasm } from '../../../src/engine/wasm/analyze';
import { BROWSER_KINDS } from '../harness';
import { startStaticServer, type StaticServer } from './lib/static-server';
import { openExtensionBrowser, type RelBrowser, type RelPage } from './lib/extension-browser';
import { openPlainBrowser, type PlainBrowser } from './lib/plain-browser';
import { hasStartSection, mutants, type Mutant } from './lib/wasm-mutants';

const LONG = process.env.MINER_SENTRY_LONG === '1';
const COUNT = LONG ? 20_000 : 600;
const BATCH = 50;
const CALL_TIMEOUT_MS = 10_000;
/** The long run's comparison takes minutes; the CI run keeps the project's default. */
const FUZZ_TEST_TIMEOUT = LONG ? 1_200_000 : undefined;
const BIG_MB = 100;

type Outcomes = Record<string, string>;
type PageWindow = {
  runBatch(modules: { base64: string; instantiate: boolean }[], timeoutMs: number): Promise<Outcomes[]>;
  runBig(kind: string, megabytes: number, timeoutMs: number): Promise<Outcomes>;
};

let server: StaticServer;
const modules: Mutant[] = mutants(COUNT);
const payload = modules.map((m) => ({ base64: Buffer.from(m.bytes).toString('base64'), instantiate: !hasStartSection(m.bytes) }));
const minerByEngine = modules.map((m) => analyzeWasm(m.bytes).verdict.level === 'miner');

beforeAll(async () => {
  server = await startStaticServer();
});
afterAll(async () => {
  await server?.close();
});

async function runAll(page: RelPage): Promise<Outcomes[]> {
  const out: Outcomes[] = [];
  for (let i = 0; i < payload.length; i += BATCH) {
    const batch = payload.slice(i, i + BATCH);
    out.push(...await page.evaluate(({ batch, timeout }) => (window as unknown as PageWindow).runBatch(batch, timeout), { batch, timeout: CALL_TIMEOUT_MS }));
  }
  return out;
}

/** What the hooked page may show for one entry point, given what the plain browser showed. */
function expectedHooked(plain: string, api: string, miner: boolean): string {
  if (api === 'validate' || !miner) return plain;
  // A miner is refused where it would otherwise compile; an invalid one keeps its own error.
  return plain === 'ok' ? 'CompileError' : plain;
}

describe.each(BROWSER_KINDS)('%s: hostile Wasm through the hook', (kind) => {
  let ext: RelBrowser;
  let plain: PlainBrowser;
  let hookedPage: RelPage;
  let plainPage: RelPage;
  const url = () => `${server.origin}/rel/wasm-fuzz.html`;

  /** Chromium: the page's JS heap and array-buffer memory after a full GC, through CDP. */
  let heap: (() => Promise<number>) | null = null;
  let heapBefore = 0;

  beforeAll(async () => {
    [ext, plain] = await Promise.all([openExtensionBrowser(kind), openPlainBrowser(kind)]);
    [hookedPage, plainPage] = await Promise.all([ext.open(url()), plain.open(url())]);
    if (ext.chromium) {
      const page = ext.chromium.context.pages().find((p) => p.url() === url())!;
      const cdp = await ext.chromium.context.newCDPSession(page);
      heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        // Typed-array bytes live outside the JS heap proper: count their backing stores too.
        const usage = await cdp.send('Runtime.getHeapUsage') as { usedSize: number; backingStorageSize?: number };
        if (usage.backingStorageSize === undefined) throw new Error('this Chromium does not report backingStorageSize');
        return usage.usedSize + usage.backingStorageSize;
      };
      heapBefore = await heap();
    }
  });
  afterAll(async () => {
    await Promise.all([ext?.close(), plain?.close()]);
  });

  it(`gives the native outcome for ${COUNT} fixed-seed mutants, or CompileError for miners`, async () => {
    const [hooked, native] = await Promise.all([runAll(hookedPage), runAll(plainPage)]);
    expect(hooked).toHaveLength(modules.length);
    const mismatches: string[] = [];
    const seen = new Map<string, number>();
    hooked.forEach((h, i) => {
      for (const api of Object.keys(native[i])) {
        const want = expectedHooked(native[i][api], api, minerByEngine[i]);
        seen.set(`${api}:${h[api]}`, (seen.get(`${api}:${h[api]}`) ?? 0) + 1);
        if (h[api] !== want) mismatches.push(`#${i} ${modules[i].label} ${api}: hooked ${h[api]}, native ${native[i][api]}, miner ${minerByEngine[i]}`);
      }
    });
    console.info(`${kind}: ${modules.length} modules, outcomes ${JSON.stringify(Object.fromEntries([...seen].sort()))}, ${minerByEngine.filter(Boolean).length} judged miners`);
    expect(mismatches).toEqual([]);
    // The run covered both sides of the fence, not only modules that fail early.
    expect(seen.get('compile:ok') ?? 0).toBeGreaterThan(0);
    expect(seen.get('compile:CompileError') ?? 0).toBeGreaterThan(0);
    expect(minerByEngine.filter(Boolean).length).toBeGreaterThan(0);
  }, FUZZ_TEST_TIMEOUT);

  // Both: 100 MB of random bytes behind a valid header (one custom section), which the hook hashes
  // and walks to the end. Raw junk fails at the magic number; once is enough (Chromium).
  const bigInputs = kind === 'chromium' ? ['custom-section', 'junk'] : ['custom-section'];
  it.each(bigInputs)(`passes ${BIG_MB} MB of %s through with the native outcome`, async (big) => {
    const run = (page: RelPage) => page.evaluate(({ big, mb, timeout }) => (window as unknown as PageWindow).runBig(big, mb, timeout), { big, mb: BIG_MB, timeout: 60_000 });
    const native = await run(plainPage);
    const hooked = await run(hookedPage);
    expect(hooked).toEqual(native);
  });

  it.runIf(kind === 'chromium')('holds on to none of the inputs once the page drops them', async () => {
    const after = await heap!();
    console.info(`${kind}: page heap ${heapBefore} → ${after} bytes after GC`);
    // The page kept nothing; what is left over the baseline is the hook's, and it must not be the 100 MB inputs.
    expect(after - heapBefore, `heap ${heapBefore} → ${after}`).toBeLessThan(32 * 1024 * 1024);
  });
});
