import { readFile, writeFile } from 'node:fs/promises';
import { loadRuleList, compileDnr } from '../engine/rules/index';
import type { ListIssue } from '../engine/types';
import { parseArgs, UsageError } from './args';

export async function rulesCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'check') return check(rest);
  if (sub === 'compile') return compile(rest);
  throw new UsageError(`unknown rules command ${sub ?? '(none)'}`);
}

async function load(path: string, partial: boolean) {
  const res = loadRuleList(await readFile(path, 'utf8'), { name: path, partial });
  return res;
}

async function check(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['--partial', '--verbose'], []);
  const [path] = args.positionals;
  if (!path) throw new UsageError('rules check needs a list');
  const res = await load(path, args.has('--partial'));
  console.log(`${path}: ${res.format} list, ${res.list?.rules.length ?? 0} rules accepted, ${res.errors.length} errors, ${res.skipped.length} lines skipped`);
  for (const e of res.errors) console.log(`  error   ${where(e)}: ${e.reason}`);
  if (args.has('--verbose')) for (const s of res.skipped) console.log(`  skipped ${where(s)}: ${s.reason}`);
  else if (res.skipped.length) console.log(`  (${summarise(res.skipped)}; --verbose lists each line)`);
  return res.errors.length > 0 && !args.has('--partial') ? 1 : res.list ? 0 : 1;
}

async function compile(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['--partial'], ['--dnr']);
  const [path] = args.positionals;
  const out = args.get('--dnr');
  if (!path || !out) throw new UsageError('rules compile needs a list and --dnr <out.json>');
  const res = await load(path, args.has('--partial'));
  if (!res.list) {
    for (const e of res.errors) console.error(`  error   ${where(e)}: ${e.reason}`);
    return 1;
  }
  const { rules, skipped, stats } = compileDnr(res.list);
  await writeFile(out, JSON.stringify(rules, null, 1));
  console.log(`${out}: ${stats.total} DNR rules (${stats.domainRules} domain, ${stats.regexRules} regex, ${stats.allowRules} allow) from ${res.list.rules.length} list rules; ${skipped.length} not compiled`);
  for (const s of skipped) console.log(`  not compiled ${where(s)}: ${s.reason}`);
  return 0;
}

function where(i: ListIssue): string {
  return i.line !== undefined ? `line ${i.line}` : i.ruleId !== undefined ? `rule ${i.ruleId}` : 'list';
}

function summarise(issues: ListIssue[]): string {
  const byReason = new Map<string, number>();
  for (const i of issues) byReason.set(i.reason, (byReason.get(i.reason) ?? 0) + 1);
  return [...byReason].map(([r, n]) => `${n}× ${r}`).join(', ');
}
