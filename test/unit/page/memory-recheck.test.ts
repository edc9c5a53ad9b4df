import { describe, expect, it } from 'vitest';
import { RECHECK_DELAYS_MS } from '../../../src/page/memory-recheck';
import { installHooks } from '../../../src/page/install-hooks';
import { fakeChannel, fakeRealm, fixture } from './fake-realm';

const tablesFromJs = fixture('tables-from-js.wasm');
// The fixture generator's own spec constants, independent of the engine's tables
// (a plain .mjs without type declarations, hence the typed dynamic import).
const constantsUrl = new URL('../../fixtures/wasm/wat-parts/constants.mjs', import.meta.url).href;
const { keccakRC, teTables } = (await import(constantsUrl)) as { keccakRC(): bigint[]; teTables(): number[][] };

/** What the miner's JS loader does: copy the constant tables into linear memory. */
function fillTables(exports: WebAssembly.Exports): void {
  const memory = exports.memory as WebAssembly.Memory;
  const view = new DataView(memory.buffer);
  const rc = (exports.rcAddr as () => number)();
  keccakRC().forEach((v, i) => view.setBigUint64(rc + i * 8, v, true));
  const te = (exports.teAddr as () => number)();
  teTables().flat().forEach((v, i) => view.setUint32(te + i * 4, v, true));
}

function setup(mode: 'block' | 'report-only' = 'block') {
  const realm = fakeRealm();
  const channel = fakeChannel({ mode, allowed: false, rules: '' });
  installHooks(realm.win, () => channel);
  return { ...realm, WA: realm.win.WebAssembly, channel };
}

describe('linear memory re-check', () => {
  it('schedules re-checks after instantiating a module below miner', async () => {
    const { WA, timerDelays } = setup();
    await WA.instantiate(tablesFromJs);
    expect(timerDelays()).toEqual([...RECHECK_DELAYS_MS]);
  });

  it('stays at the module verdict while memory holds no tables', async () => {
    const { WA, channel, runTimers } = setup();
    await WA.instantiate(tablesFromJs);
    runTimers();
    expect(channel.findings.map((f) => f.verdict)).toEqual(['suspicious']);
  });

  it('reports a miner once the loader filled the tables in, and refuses new instances in block mode', async () => {
    const { WA, channel, runTimers } = setup();
    const { module, instance } = await WA.instantiate(tablesFromJs);
    fillTables(instance.exports);
    runTimers();
    const memoryFinding = channel.findings.find((f) => f.verdict === 'miner');
    expect(memoryFinding).toMatchObject({ kind: 'wasm', action: 'reported', api: 'WebAssembly.instantiate' });
    expect(memoryFinding!.reason).toMatch(/^linear memory after instantiation: miner/);
    expect(memoryFinding!.primitives).toEqual(expect.arrayContaining(['AES', 'Keccak']));

    expect(() => new WA.Instance(module, {})).toThrow(WebAssembly.CompileError);
    await expect(WA.instantiate(module)).rejects.toBeInstanceOf(WebAssembly.CompileError);
  });

  it('in report-only mode the module can still be instantiated again', async () => {
    const { WA, channel, runTimers } = setup('report-only');
    const { module, instance } = await WA.instantiate(tablesFromJs);
    fillTables(instance.exports);
    runTimers();
    expect(channel.findings.some((f) => f.verdict === 'miner')).toBe(true);
    expect(new WA.Instance(module, {})).toBeInstanceOf(WebAssembly.Instance);
  });

  it('a module compiled first is watched when instantiated later', async () => {
    const { WA, channel, runTimers } = setup();
    const module = await WA.compile(tablesFromJs);
    const instance = await WA.instantiate(module);
    fillTables(instance.exports);
    runTimers();
    expect(channel.findings.some((f) => f.verdict === 'miner' && f.api === 'WebAssembly.compile')).toBe(true);
  });
});
