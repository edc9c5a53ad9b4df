#!/usr/bin/env node
// Verdict of the analyser on every module of the benign corpus (after `npm run corpus:fetch`).
//   node scripts/benign-corpus/report.mjs [--all] [--out FILE]
// Prints the modules judged 'suspicious' or 'miner' (with --all: every module) with size,
// reason and detected primitives, then counts per level. Exit code 1 when any benign module
// is above 'crypto-capable'.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const CORPUS = process.env.BENIGN_CORPUS_DIR ? resolve(process.env.BENIGN_CORPUS_DIR) : join(ROOT, '.cache', 'benign-corpus');
const { analyzeWasm } = await import(join(ROOT, 'src', 'engine', 'wasm', 'analyze.ts'));

const args = process.argv.slice(2);
const all = args.includes('--all');
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;

const list = JSON.parse(await readFile(join(HERE, 'packages.json'), 'utf8'));
const counts = { clean: 0, 'crypto-capable': 0, suspicious: 0, miner: 0, missing: 0, 'parse error': 0 };
const lines = [];
for (const pkg of list.packages) {
  for (const m of pkg.modules) {
    const file = join(CORPUS, 'modules', `${m.sha256}.wasm`);
    if (!existsSync(file)) { counts.missing++; continue; }
    const r = analyzeWasm(new Uint8Array(await readFile(file)));
    counts[r.verdict.level]++;
    if (r.error) counts['parse error']++;
    if (!all && (r.verdict.level === 'clean' || r.verdict.level === 'crypto-capable')) continue;
    const prims = r.primitives.map((p) => `${p.name} [${p.evidence}]`).join('; ');
    lines.push(`${r.verdict.level.toUpperCase().padEnd(14)} ${pkg.name}@${pkg.version} ${m.path} (${m.bytes} bytes, sha256 ${m.sha256}, ${pkg.category})\n`
      + `    reason: ${r.verdict.reason}${r.error ? `\n    parse error: ${r.error.code}: ${r.error.message}` : ''}${prims ? `\n    primitives: ${prims}` : ''}`);
  }
}
const total = list.packages.reduce((n, p) => n + p.modules.length, 0);
const summary = `${total} modules from ${list.packages.length} packages: ` + Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ');
const text = `${lines.join('\n')}\n${summary}\n`;
if (out) await writeFile(out, text);
process.stdout.write(text);
process.exitCode = counts.suspicious + counts.miner > 0 ? 1 : 0;
