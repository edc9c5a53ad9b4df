import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { analyzeWasm } from '../engine/wasm/analyze';
import { findEmbeddedWasm } from '../engine/embedded-wasm';
import { hashBytes } from '../engine/hash';
import { loadRuleList, compilePageRules, builtinRuleList, mergeRuleLists } from '../engine/rules/index';
import { createPageMatcher, type PageMatcher } from '../engine/rules/page-matcher';
import { VERDICT_RANK } from '../engine/verdict';
import type { Hashes, RuleHit, Verdict } from '../engine/types';
import { parseArgs, UsageError } from './args';

const SCANNED = new Set(['.wasm', '.js', '.mjs', '.cjs']);

interface FileResult {
  file: string;
  verdict: Verdict;
  hashes: Hashes;
  primitives: string[];
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
  else for (const r of results) console.log(formatLine(r));
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
    return withRule({ file, verdict: report.verdict, hashes, primitives: report.primitives.map((p) => p.name), error: report.error?.message }, ruleHit);
  }
  const text = new TextDecoder().decode(bytes);
  const contentHit = ruleHit ?? matcher.matchContent(text) ?? undefined;
  const modules = findEmbeddedWasm(text);
  let worst: FileResult = { file, verdict: { level: 'clean', reason: 'no Wasm module found' }, hashes, primitives: [], embedded: modules.length };
  for (const m of modules) {
    const report = analyzeWasm(m.bytes);
    if (VERDICT_RANK[report.verdict.level] > VERDICT_RANK[worst.verdict.level] || worst.primitives.length === 0) {
      worst = {
        ...worst,
        verdict: { level: report.verdict.level, reason: `${report.verdict.reason} [${m.encoding} module at offset ${m.offset}]` },
        primitives: report.primitives.map((p) => p.name),
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

function formatLine(r: FileResult): string {
  const tag = r.verdict.level.toUpperCase().padEnd(14);
  return `${tag} ${r.file}  ${r.verdict.reason}${r.error ? ` (${r.error})` : ''}`;
}
