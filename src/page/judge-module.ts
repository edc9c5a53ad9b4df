// One decision per Wasm module, shared by every WebAssembly entry point.
//
// Hashing a large module costs more than analysing it, so digests are taken only when
// something needs them: the rules' hash algorithms, and the SHA-256 that evidence carries
// (a reported module, or one kept for a memory re-check that may report it later).
// A benign module on a page without hash rules is never hashed.
import { hashBytes } from '../engine/hash';
import type { Hashes, RuleHit } from '../engine/types';
import { analyzeWasm, type WasmReport } from '../engine/wasm/analyze';
import { VERDICT_RANK } from '../engine/verdict';
import type { PageMatcher } from '../engine/rules/page-matcher';
import type { Digest } from './digest';
import { levelOfRule, ruleReason } from './make-finding';
import type { PagePolicy } from './page-policy';

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
  const top = VERDICT_RANK[byRule] > VERDICT_RANK[fingerprint] ? byRule : fingerprint;
  const level = top === 'miner' || top === 'suspicious' ? top : null;
  const reason = hit && VERDICT_RANK[byRule] > VERDICT_RANK[fingerprint] ? ruleReason(hit) : report.verdict.reason;
  return { report, hashes: { ...hashes }, hit, level, reason };
}

function needsEvidence(j: ModuleJudgement): boolean {
  return j.hashes.sha256 === undefined && (j.level !== null || worthMemoryRecheck(j.report));
}

/** For `new WebAssembly.Module`: it returns synchronously, so hashing can only be synchronous too. */
export function judgeModule(bytes: Uint8Array, policy: PagePolicy): ModuleJudgement {
  const matcher = policy.matcher();
  const wanted = matcher?.hashAlgorithms() ?? [];
  const j = decide(analyzeWasm(bytes), wanted.length ? hashBytes(bytes, wanted) : NO_HASHES, matcher);
  if (needsEvidence(j)) j.hashes.sha256 = hashBytes(bytes, ['sha256']).sha256;
  return j;
}

/** For the promise-returning APIs: the digests run natively while the analysis runs here. */
export async function judgeModuleAsync(bytes: Uint8Array, policy: PagePolicy, digest: Digest): Promise<ModuleJudgement> {
  const matcher = policy.matcher();
  const wanted = matcher?.hashAlgorithms() ?? [];
  const hashing = wanted.length ? digest(bytes, wanted) : null;
  const report = analyzeWasm(bytes);
  const j = decide(report, hashing ? await hashing : NO_HASHES, matcher);
  if (needsEvidence(j)) j.hashes.sha256 = (await digest(bytes, ['sha256'])).sha256;
  return j;
}

/** Verdicts that may still turn into 'miner' once linear memory is filled in. */
export function worthMemoryRecheck(report: WasmReport): boolean {
  const l = report.verdict.level;
  return report.ok && (l === 'crypto-capable' || l === 'suspicious');
}
