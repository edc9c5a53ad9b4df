// One decision per Wasm module, shared by every WebAssembly entry point.
import { hashBytes } from '../engine/hash';
import type { HashAlgorithm, Hashes, RuleHit, VerdictLevel } from '../engine/types';
import { analyzeWasm, type WasmReport } from '../engine/wasm/analyze';
import { levelOfRule, ruleReason } from './make-finding';
import type { PagePolicy } from './page-policy';

export interface ModuleJudgement {
  report: WasmReport;
  hashes: Hashes;
  hit: RuleHit | null;
  /** 'miner' refuses the module in block mode; 'suspicious' reports it; null stays silent. */
  level: 'miner' | 'suspicious' | null;
  reason: string;
}

const RANK: Record<VerdictLevel, number> = { clean: 0, 'crypto-capable': 1, suspicious: 2, miner: 3 };

export function judgeModule(bytes: Uint8Array, policy: PagePolicy): ModuleJudgement {
  const matcher = policy.matcher();
  const algorithms: HashAlgorithm[] = ['sha256'];
  for (const a of matcher?.hashAlgorithms() ?? []) if (a !== 'sha256') algorithms.push(a);
  const hashes = hashBytes(bytes, algorithms);
  const report = analyzeWasm(bytes);
  const hit = matcher?.matchHashes(hashes) ?? null;

  const fingerprint = report.verdict.level;
  const byRule = hit ? levelOfRule(hit) : 'clean';
  const top = RANK[byRule] > RANK[fingerprint] ? byRule : fingerprint;
  const level = top === 'miner' || top === 'suspicious' ? top : null;
  const reason = hit && RANK[byRule] > RANK[fingerprint] ? ruleReason(hit) : report.verdict.reason;
  return { report, hashes, hit, level, reason };
}

/** Verdicts that may still turn into 'miner' once linear memory is filled in. */
export function worthMemoryRecheck(report: WasmReport): boolean {
  const l = report.verdict.level;
  return report.ok && (l === 'crypto-capable' || l === 'suspicious');
}
