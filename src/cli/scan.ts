import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { analyzeWasmNative as analyzeWasm } from '../engine/wasm/analyze-native';
import { findEmbeddedWasm } from '../engine/embedded-wasm';
import { hashBytes } from '../engine/hash';
import { loadRuleList, compilePageRules, builtinRuleList, mergeRuleLists } from '../engine/rules/index';
import { createPageMatcher, type PageMatcher } from '../engine/rules/page-matcher';
import { VERDICT_RANK } from '../engine/verdict';
import type { PrimitiveHit } from '../engine/wasm/analyze';
import type { Hashes, RuleHit, Verdict, VerdictLevel } from '../engine/types';
import { parseArgs, UsageError } from './args';

const SCANNED = new Set(['.wasm', '.js', '.mjs', '.cjs']);

interface ModuleResult {
  /** Where the module sits in a JS file (absent for a .wasm file). */
  at?: string;
  verdict: Verdict;
  /** What the analyser found, with its evidence. */
  findings: PrimitiveHit[];
  error?: string;
}

interface FileResult {
  file: string;
  verdict: Verdict;
  hashes: Hashes;
  primitives: string[];
  /** What was found in the file's worst module, with evidence. */
  findings: PrimitiveHit[];
  /** Every Wasm module judged, for JS files carrying several. */
  modules: ModuleResult[];
  ruleHit?: RuleHit;
  embedded?: number;
  error?: string;
}

export async function scanCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['--json'], ['--rules']);
  if (args.positionals.length === 0) throw new UsageError('scan needs at least one file or directory');
  const matcher = await loadMatcher(args.get('--rules'));
  const results: FileResult[] = [];
  for (const target of args.positionals) {
    for await (const file of walk(target)) results.push(await scanFile(file, matcher));
  }
  if (args.has('--json')) console.log(JSON.stringify(results, null, 2));
  else {
    for (const r of results) console.log(formatResult(r));
    console.log(summary(results));
  }
  return results.some((r) => r.verdict.level === 'miner') ? 1 : 0;
}

async function loadMatcher(listPath: string | undefined): Promise<PageMatcher> {
  const lists = [builtinRuleList];
  if (listPath) {
    const res = loadRuleList(await readFile(listPath, 'utf8'), { name: listPath });
    if (!res.list) throw new UsageError(`${listPath}: ${res.errors.map((e) => `line ${e.line ?? '?'}: ${e.reason}`).join('; ')}`);
    lists.push(res.list);
  }
  return createPageMatcher(compilePageRules(mergeRuleLists(lists)));
}

async function* walk(path: string): AsyncGenerator<string> {
  const s = await stat(path);
  if (s.isFile()) {
    yield path;
    return;
  }
  for (const entry of (await readdir(path)).sort()) {
    const full = join(path, entry);
    const es = await stat(full);
    if (es.isDirectory()) yield* walk(full);
    else if (SCANNED.has(extname(entry))) yield full;
  }
}

async function scanFile(file: string, matcher: PageMatcher): Promise<FileResult> {
  const bytes = new Uint8Array(await readFile(file));
  const hashes = hashBytes(bytes, ['sha256', 'sha1', 'md5']);
  const ruleHit = matcher.matchHashes(hashes) ?? undefined;
  if (extname(file) === '.wasm') {
    const report = analyzeWasm(bytes);
    const m: ModuleResult = { verdict: report.verdict, findings: report.primitives, ...(report.error ? { error: report.error.message } : {}) };
    return withRule({
      file, verdict: report.verdict, hashes, primitives: report.primitives.map((p) => p.name), findings: report.primitives,
      modules: [m], ...(m.error ? { error: m.error } : {}),
    }, ruleHit);
  }
  const text = new TextDecoder().decode(bytes);
  const contentHit = ruleHit ?? matcher.matchContent(text) ?? undefined;
  const found = findEmbeddedWasm(text);
  const modules: ModuleResult[] = found.map((m) => {
    const report = analyzeWasm(m.bytes);
    return { at: `${m.encoding} module at offset ${m.offset}`, verdict: report.verdict, findings: report.primitives };
  });
  let worst: FileResult = {
    file, verdict: { level: 'clean', reason: 'no Wasm module found' }, hashes, primitives: [], findings: [], modules, embedded: modules.length,
  };
  for (const m of modules) {
    if (VERDICT_RANK[m.verdict.level] > VERDICT_RANK[worst.verdict.level] || worst.findings.length === 0) {
      worst = {
        ...worst,
        verdict: { level: m.verdict.level, reason: `${m.verdict.reason} [${m.at}]` },
        primitives: m.findings.map((p) => p.name),
        findings: m.findings,
      };
    }
  }
  return withRule(worst, contentHit);
}

function withRule(r: FileResult, hit: RuleHit | undefined): FileResult {
  if (!hit || hit.type === 'allow') return r;
  const level = hit.action === 'block' ? 'miner' : VERDICT_RANK[r.verdict.level] >= VERDICT_RANK.suspicious ? r.verdict.level : 'suspicious';
  return { ...r, ruleHit: hit, verdict: { level, reason: `rule ${hit.ruleId} (${hit.type}: ${hit.matched}); ${r.verdict.reason}` } };
}

const INDENT = ' '.repeat(15);

/** The reason without its leading "level: ", which the tag already shows. */
function line(v: Verdict): string {
  return v.reason.startsWith(`${v.level}: `) ? v.reason.slice(v.level.length + 2) : v.reason;
}

/**
 * One block per file: the verdict tag and path, the one-line reason, then what was found
 * with its evidence, so a reader sees why without re-running anything.
 */
function formatResult(r: FileResult): string {
  const out = [`${r.verdict.level.toUpperCase().padEnd(14)} ${r.file}`, `${INDENT}${line(r.verdict)}${r.error ? ` (${r.error})` : ''}`];
  if (r.modules.length > 1) {
    r.modules.forEach((m, i) => {
      out.push(`${INDENT}module ${i + 1} (${m.at}): ${m.verdict.level}: ${line(m.verdict)}`);
      for (const f of m.findings) out.push(`${INDENT}  - ${f.name}: ${f.evidence}`);
    });
  } else {
    for (const f of r.findings) out.push(`${INDENT}  - ${f.name}: ${f.evidence}`);
  }
  return out.join('\n');
}

function summary(results: FileResult[]): string {
  const count = (l: VerdictLevel) => results.filter((r) => r.verdict.level === l).length;
  return `${results.length} file(s): ${count('miner')} miner, ${count('suspicious')} suspicious, ${count('crypto-capable')} crypto-capable, ${count('clean')} clean`;
}
