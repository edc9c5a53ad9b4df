// The engine's Wasm reader against the same fixed-seed mutants the browser fuzz uses.
// It must never throw (the hook calls it on whatever a page passes), and it must read
// every module the engine's native validator accepts: a valid module the reader gave up
// on would run unanalysed.
import { describe, expect, it } from 'vitest';
import { analyzeWasm } from '../../../src/engine/wasm/analyze';
import { mutants } from '../../e2e/reliability/lib/wasm-mutants';

const LONG = process.env.MINER_SENTRY_LONG === '1';
const COUNT = LONG ? 50_000 : 3000;
const TIMEOUT = LONG ? 600_000 : undefined;

describe(`analyzeWasm on ${COUNT} fixed-seed mutants`, () => {
  const modules = mutants(COUNT);

  it('never throws and always returns a verdict', () => {
    const thrown: string[] = [];
    for (const m of modules) {
      try {
        const r = analyzeWasm(m.bytes);
        if (typeof r.ok !== 'boolean' || !r.verdict?.level) thrown.push(`${m.label}: malformed report`);
      } catch (e) {
        thrown.push(`${m.label}: ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    expect(thrown).toEqual([]);
  }, TIMEOUT);

  it('reads every module that V8 validates', () => {
    const valid = modules.filter((m) => WebAssembly.validate(m.bytes as Uint8Array<ArrayBuffer>));
    expect(valid.length).toBeGreaterThan(20);
    const unread = valid.filter((m) => !analyzeWasm(m.bytes).ok).map((m) => `${m.label}: ${analyzeWasm(m.bytes).error?.message}`);
    expect(unread).toEqual([]);
  }, TIMEOUT);
});
