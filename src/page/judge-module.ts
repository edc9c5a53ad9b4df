// One decision per Wasm module, shared by every WebAssembly entry point.
//
// Hashing a large module costs more than analysing it, so digests are taken only when
// something needs them: the rules' hash algorithms, and the SHA-256 that evidence carries
// (a reported module, or one kept for a memory re-check that may report it later).
// A benign module on a page without hash rules is never hashed.
import type { Hashes, RuleHit } from '../engine/types';
import type { WasmReport } from '../engine/wasm/analyze';
import type { PageMatcher } from '../engine/rules/page-matcher';
import type { Digest } from './digest';
import { engine } from './engine';
import { afterDelay, afterThisTask } from './intrinsics';
import { levelOfRule, ruleReason } from './make-finding';
import type { PagePolicy } from './page-policy';
import { pristine, RealmTampered, TAMPERED_REASON } from './realm-guard';
import { bare, seal, whenSettled } from './sealed-promise';
import { pageWasmPlatform } from './wasm-platform';

export interface ModuleJudgement {
  report: WasmReport;
  /** Whatever the rules asked for, plus `sha256` whenever the module is reported or kept. */
  hashes: Hashes;
  hit: RuleHit | null;
  /** 'miner' refuses the module in block mode; 'suspicious' reports it; null stays silent. */
  level: 'miner' | 'suspicious' | null;
  reason: string;
}

const NO_HASHES: Hashes = {};

function decide(report: WasmReport, hashes: Hashes, matcher: PageMatcher | null): ModuleJudgement {
  const hit = matcher?.matchHashes(hashes) ?? null;
  const fingerprint = report.verdict.level;
  const byRule = hit ? levelOfRule(hit) : 'clean';
  const rank = engine().VERDICT_RANK;
  const top = rank[byRule] > rank[fingerprint] ? byRule : fingerprint;
  const level = top === 'miner' || top === 'suspicious' ? top : null;
  const reason = hit && rank[byRule] > rank[fingerprint] ? ruleReason(hit) : report.verdict.reason;
  return bare({ report, hashes: bare({ ...hashes }), hit, level, reason });
}

/** The judgement when the built-ins could not be restored: what the module does is unknowable here. */
function tampered(): ModuleJudgement {
  const report = { ok: false, primitives: [], verdict: { level: 'miner', reason: TAMPERED_REASON } } as unknown as WasmReport;
  return bare({ report, hashes: bare({}), hit: null, level: 'miner', reason: TAMPERED_REASON });
}

/** Runs a synchronous step on install-time built-ins; null when the page made that impossible. */
function guarded<T>(fn: () => T): T | null {
  try {
    return pristine(fn);
  } catch (e) {
    if (e instanceof RealmTampered) return null;
    throw e;
  }
}

/**
 * A kept walker (up to 8 MB of Wasm memory, analyze-native.ts) is let go this long after the
 * analysis that started the wait: modules compiled together share it, and a page does not
 * hold it for its lifetime.
 */
export const WALKER_IDLE_MS = 5000;
let releasing = false;

/** From 64 KB up the Wasm-compiled walker, on the WebAssembly of install time (analyze-native.ts). */
function analyse(bytes: Uint8Array): WasmReport {
  const e = engine();
  const report = e.analyzeWasmOn(pageWasmPlatform, bytes);
  // Small modules are walked in JS and keep nothing: no timer for them.
  if (!releasing && e.walkerKept()) {
    releasing = true;
    afterDelay(() => {
      releasing = false;
      e.releaseWalker();
    }, WALKER_IDLE_MS);
  }
  return report;
}

function needsEvidence(j: ModuleJudgement): boolean {
  return j.hashes.sha256 === undefined && (j.level !== null || worthMemoryRecheck(j.report));
}

/** The judgement, and whether it still needs the SHA-256 that evidence carries. */
function decided(report: WasmReport, hashes: Hashes, matcher: PageMatcher | null): { j: ModuleJudgement; evidence: boolean } {
  const j = decide(report, hashes, matcher);
  return bare({ j, evidence: needsEvidence(j) });
}

/**
 * The SHA-256 of a module that is let through but kept for a memory re-check: only a later
 * report would carry it, so the verdict does not wait for it (on a large module the digest
 * took longer than the analysis). It lands on the judgement the record keeps. It starts
 * only after the current task: `crypto.subtle.digest` copies its input before it returns,
 * which held the main thread for 20 ms on a 14 MB module (Chromium 150), between the
 * verdict and the native compile's finishing step.
 */
function hashLater(j: ModuleJudgement, bytes: Uint8Array, digest: Digest): void {
  afterThisTask(() => {
    whenSettled(seal(digest(bytes, ['sha256'])), (h) => {
      if (h.sha256 !== undefined) j.hashes.sha256 = h.sha256;
    });
  });
}

/**
 * For `new WebAssembly.Module`: it returns synchronously, so the rules' digests and a
 * reported module's evidence are synchronous too. A kept module's evidence goes to
 * `digest` when there is one.
 */
export function judgeModule(bytes: Uint8Array, policy: PagePolicy, digest?: Digest): ModuleJudgement {
  return guarded(() => {
    const matcher = policy.matcher();
    const wanted = matcher?.hashAlgorithms() ?? [];
    const { hashBytes } = engine();
    const j = decide(analyse(bytes), wanted.length ? hashBytes(bytes, wanted) : NO_HASHES, matcher);
    if (needsEvidence(j)) {
      if (j.level === null && digest) hashLater(j, bytes, digest);
      else j.hashes.sha256 = hashBytes(bytes, ['sha256']).sha256;
    }
    return j;
  }) ?? tampered();
}

/**
 * For the promise-returning APIs: the digests run natively while the analysis runs here.
 * Each synchronous step is guarded on its own: page code runs between the awaits. Without
 * hash rules nothing is awaited, so the verdict is reached in the analysis's own guarded
 * step (each step puts back every watched built-in, a fair share of a small module's cost).
 */
export async function judgeModuleAsync(bytes: Uint8Array, policy: PagePolicy, digest: Digest): Promise<ModuleJudgement> {
  const first = guarded(() => {
    const matcher = policy.matcher();
    const wanted = matcher?.hashAlgorithms() ?? [];
    const hashing = wanted.length ? seal(digest(bytes, wanted)) : null;
    const report = analyse(bytes);
    return bare({ matcher, report, hashing, decided: hashing ? null : decided(report, NO_HASHES, matcher) });
  });
  if (!first) return tampered();
  try {
    let d = first.decided;
    if (!d) {
      const hashes = await first.hashing!;
      d = guarded(() => decided(first.report, hashes, first.matcher));
      if (!d) return tampered();
    }
    // A reported module's finding carries its SHA-256, so that one is waited for.
    if (d.evidence && d.j.level !== null) d.j.hashes.sha256 = (await seal(digest(bytes, ['sha256']))).sha256;
    else if (d.evidence) hashLater(d.j, bytes, digest);
    return d.j;
  } catch (e) {
    if (e instanceof RealmTampered) return tampered();
    throw e;
  }
}

/** Verdicts that may still turn into 'miner' once linear memory is filled in. */
export function worthMemoryRecheck(report: WasmReport): boolean {
  const l = report.verdict.level;
  return report.ok && (l === 'crypto-capable' || l === 'suspicious');
}
