import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWasm, type WasmReport } from '../../src/engine/wasm/analyze';
import { analyzeWasmNative, nativeWalker } from '../../src/engine/wasm/analyze-native';
import { FAMILY_NAMES, judgeLikeTheHook } from '../../test/fixtures/miners/judge-like-hook';
import { VERDICT_RANK } from '../../src/engine/verdict';

// Accuracy of the verdict: true-positive rate on our own miner fixtures (plain and
// obfuscated builds, per family), false-positive rate on the benign corpus, and the
// analysers' throughput (JS and native, the latter with its code walker compiled to Wasm)
// against WebAssembly.validate on exactly those bytes. Miners are
// judged as the page hook judges them: the static verdict, then for modules the hook looks
// at again (crypto-capable / suspicious) the hits in linear memory after instantiation.

const root = new URL('../../', import.meta.url).pathname;
const MINERS = join(root, 'test/fixtures/miners');
const CORPUS = join(root, '.cache/benign-corpus/modules');

interface Entry { file: string; family: string; obfuscation: string | null }

export interface FamilyRow { family: string; plain: [number, number]; obfuscated: [number, number]; named: [number, number] }
export interface FalsePositive { file: string; reason: string }
export interface AccuracyResult {
  families: FamilyRow[];
  miners: number;
  missed: { file: string; reason: string }[];
  corpus?: {
    modules: number; bytes: number; byLevel: Record<string, number>; falsePositives: FalsePositive[];
    /** JS analyser, one pass over the corpus. */
    analyserMs: number;
    /** Native analyser (Wasm-compiled walker), one pass over the corpus. */
    nativeMs: number;
    validateMs: number;
    /** validateMs ÷ analyserMs (JS). */
    ratio: number;
    /** validateMs ÷ nativeMs. */
    nativeRatio: number;
    /** Modules whose JS and native verdict levels differ (0 expected; each one is also in notes). */
    levelMismatches: number;
  };
  notes: string[];
}

async function judgedReport(bytes: Uint8Array<ArrayBuffer>): Promise<WasmReport> {
  try {
    return (await judgeLikeTheHook(bytes)).report;
  } catch {
    return analyzeWasm(bytes);
  }
}

export async function benchAccuracy(log: (s: string) => void): Promise<AccuracyResult> {
  const out: AccuracyResult = { families: [], miners: 0, missed: [], notes: [] };
  const manifestPath = join(MINERS, 'manifest.json');
  if (existsSync(manifestPath)) {
    const entries = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { entries: Entry[] }).entries.filter((e) => existsSync(join(MINERS, e.file)));
    const rows = new Map<string, FamilyRow>();
    for (const e of entries) {
      const row = rows.get(e.family) ?? { family: e.family, plain: [0, 0], obfuscated: [0, 0], named: [0, 0] };
      rows.set(e.family, row);
      const r = await judgedReport(new Uint8Array(readFileSync(join(MINERS, e.file))));
      const caught = r.verdict.level === 'miner';
      const cell = e.obfuscation === null ? row.plain : row.obfuscated;
      cell[1]++;
      row.named[1]++;
      if (caught) cell[0]++;
      if (caught && FAMILY_NAMES[e.family]?.test(r.verdict.reason)) row.named[0]++;
      if (!caught) out.missed.push({ file: e.file, reason: r.verdict.reason });
    }
    out.families = [...rows.values()].sort((a, b) => a.family.localeCompare(b.family));
    out.miners = entries.length;
    log(`  miners: ${entries.length} fixtures, ${out.missed.length} not judged miner`);
  } else out.notes.push('test/fixtures/miners/manifest.json not found: no miner fixtures measured');

  if (existsSync(CORPUS)) {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.wasm')).sort();
    const byLevel: Record<string, number> = {};
    const falsePositives: FalsePositive[] = [];
    let bytes = 0;
    let analyserMs = 0;
    let nativeMs = 0;
    let validateMs = 0;
    let levelMismatches = 0;
    // The native walker is built once per process (compiling its Wasm): not a per-module cost.
    nativeWalker();
    for (const [i, f] of files.entries()) {
      const b = new Uint8Array(readFileSync(join(CORPUS, f)));
      bytes += b.length;
      // Same bytes, the order among the three rotating per module (and reversed every other
      // module), so a busy spell or GC debt hits every contender alike.
      let js: WasmReport | undefined;
      let r: WasmReport | undefined;
      const contenders = [
        () => { const t = performance.now(); js = analyzeWasm(b); analyserMs += performance.now() - t; },
        () => { const t = performance.now(); r = analyzeWasmNative(b); nativeMs += performance.now() - t; },
        () => { const t = performance.now(); WebAssembly.validate(b); validateMs += performance.now() - t; },
      ];
      for (let k = 0; k < 3; k++) contenders[((i % 2 === 0 ? k : 2 - k) + Math.floor(i / 2)) % 3]();
      const level = r!.verdict.level;
      if (js!.verdict.level !== level) {
        levelMismatches++;
        out.notes.push(`verdict level differs between analysers on \`${f}\`: JS ${js!.verdict.level}, native ${level}`);
      }
      byLevel[level] = (byLevel[level] ?? 0) + 1;
      if (VERDICT_RANK[level] > VERDICT_RANK['crypto-capable']) falsePositives.push({ file: f, reason: r!.verdict.reason });
    }
    out.corpus = {
      modules: files.length, bytes, byLevel, falsePositives, analyserMs, nativeMs, validateMs,
      ratio: validateMs / analyserMs, nativeRatio: validateMs / nativeMs, levelMismatches,
    };
    log(`  corpus: ${files.length} modules, ${falsePositives.length} above crypto-capable, ${levelMismatches} JS/native verdict differences; JS analyser ${analyserMs.toFixed(0)} ms, native ${nativeMs.toFixed(0)} ms, validate ${validateMs.toFixed(0)} ms`);
  } else out.notes.push('.cache/benign-corpus/modules not found (run `npm run corpus:fetch`): no false-positive rate measured');
  return out;
}
