// Acceptance test for issue 10: real Wasm from widely used npm packages (codecs, databases,
// compilers, ML runtimes, game engines, wallets and hash libraries…) must never be called
// 'suspicious' or 'miner'. The modules are not committed: `npm run corpus:fetch` puts them
// in .cache/benign-corpus (or $BENIGN_CORPUS_DIR), pinned by scripts/benign-corpus/packages.json.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeWasm } from '../../../src/engine/wasm/analyze';

interface CorpusModule { path: string; sha256: string; bytes: number }
interface CorpusPackage { name: string; version: string; category: string; integrity: string; modules: CorpusModule[] }

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const LIST: { packages: CorpusPackage[] } = JSON.parse(readFileSync(join(ROOT, 'scripts/benign-corpus/packages.json'), 'utf8'));
const CORPUS = process.env.BENIGN_CORPUS_DIR ? resolve(process.env.BENIGN_CORPUS_DIR) : join(ROOT, '.cache/benign-corpus');
const MODULES = join(CORPUS, 'modules');
const fetched = existsSync(MODULES);
const modulePath = (m: CorpusModule) => join(MODULES, `${m.sha256}.wasm`);
const BENIGN_LEVELS = ['clean', 'crypto-capable'];

if (!fetched) {
  console.warn(`benign corpus: ${MODULES} is absent, so the per-module verdict tests are skipped; run \`npm run corpus:fetch\` first (about 550 MB of npm tarballs, 1.2 GB of modules on disk).`);
}

describe('benign corpus list (scripts/benign-corpus/packages.json)', () => {
  const all = LIST.packages.flatMap((p) => p.modules.map((m) => ({ pkg: p, m })));

  it('pins at least 100 distinct modules from at least 60 packages', () => {
    const digests = new Set(all.map(({ m }) => m.sha256));
    expect(digests.size).toBe(all.length); // identical modules are listed once
    expect(digests.size).toBeGreaterThanOrEqual(100);
    expect(LIST.packages.filter((p) => p.modules.length > 0).length).toBeGreaterThanOrEqual(60);
  });

  it('pins every package exactly, with its registry integrity, and every module by sha256', () => {
    const names = LIST.packages.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of LIST.packages) {
      expect(p.version, p.name).toMatch(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/);
      expect(p.integrity, p.name).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
      expect(p.category, p.name).toMatch(/^[a-z-]+$/);
    }
    for (const { pkg, m } of all) {
      expect(m.sha256, `${pkg.name} ${m.path}`).toMatch(/^[0-9a-f]{64}$/);
      expect(m.path, pkg.name).toMatch(/^(?:(?:embedded|zlib):.+\.[cm]?js#\d+|[^:#]+)$/);
      expect(m.bytes, `${pkg.name} ${m.path}`).toBeGreaterThan(8);
    }
  });
});

describe.skipIf(!fetched)(`benign corpus modules (${MODULES})`, () => {
  it('has every listed module', () => {
    const missing = LIST.packages.flatMap((p) => p.modules.filter((m) => !existsSync(modulePath(m)) || statSync(modulePath(m)).size !== m.bytes)
      .map((m) => `${p.name}@${p.version} ${m.path}`));
    expect(missing, 'missing or truncated: run `npm run corpus:fetch`').toEqual([]);
  });

  // A module the reader cannot parse is reported 'clean' without being analysed, which would
  // make its verdict test pass for nothing: collected here and checked once at the end.
  const unparsed: string[] = [];
  let analysed = 0;

  for (const pkg of LIST.packages) {
    for (const m of pkg.modules) {
      it(`${pkg.name}@${pkg.version} ${m.path} is clean or crypto-capable`, () => {
        const file = modulePath(m);
        expect(existsSync(file), `${file} missing: run \`npm run corpus:fetch\``).toBe(true);
        const bytes = new Uint8Array(readFileSync(file));
        expect(createHash('sha256').update(bytes).digest('hex'), `${file} is not the pinned module`).toBe(m.sha256);
        const { verdict, error } = analyzeWasm(bytes);
        analysed++;
        if (error) unparsed.push(`${pkg.name}@${pkg.version} ${m.path}: ${error.code}: ${error.message} at byte ${error.offset}`);
        expect(BENIGN_LEVELS, `${pkg.name}@${pkg.version} ${m.path} (${m.bytes} bytes) judged ${verdict.level}: ${verdict.reason}`).toContain(verdict.level);
      }, 180_000);
    }
  }

  it('parsed every module it judged (an unparsed module is not analysed at all)', () => {
    expect(analysed).toBeGreaterThan(0);
    expect(unparsed).toEqual([]);
  });
});
