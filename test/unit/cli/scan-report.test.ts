import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../src/cli/main';

// `miner-sentry scan` tells per file what it found: the verdict tag, the one-line reason,
// and each primitive or shape with its evidence (text), or the same as JSON.

const root = resolve(import.meta.dirname, '../../..');
const fixtures = join(root, 'test/fixtures/wasm/build');

async function run(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(...a.join(' ').split('\n')));
  try {
    return { code: await main(argv), lines };
  } finally {
    log.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('scan report', () => {
  it('prints the verdict, its one-line reason and the evidence of each finding under the file', async () => {
    const file = join(fixtures, 'demo-miner.wasm');
    const { code, lines } = await run(['scan', file]);
    expect(code).toBe(1);
    const at = lines.findIndex((l) => l.startsWith('MINER') && l.endsWith(file));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1].trim()).toMatch(/^CryptoNight proof of work: Keccak state \+ AES rounds/);
    const findings = lines.slice(at + 2).filter((l) => l.trim().startsWith('- ')).map((l) => l.trim());
    expect(findings.some((l) => /^- AES: T-tables: \d+\/1024 words in data/.test(l))).toBe(true);
    expect(findings.some((l) => /^- Keccak: Keccak RC: 24\/24/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('1 file(s): 1 miner, 0 suspicious, 0 crypto-capable, 0 clean');
  });

  it('says a clean module found nothing, and counts every level in the summary', async () => {
    const { code, lines } = await run(['scan', join(fixtures, 'benign-add.wasm'), join(fixtures, 'sha256-only.wasm')]);
    expect(code).toBe(0);
    expect(lines).toContain('               no mining primitives recognised');
    expect(lines.some((l) => l.trim().startsWith('- SHA-256: SHA-256 K: 64/64'))).toBe(true);
    expect(lines.at(-1)).toBe('2 file(s): 0 miner, 0 suspicious, 1 crypto-capable, 1 clean');
  });

  it('lists every module embedded in a JS file, not only the worst', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-scan-'));
    const a = readFileSync(join(fixtures, 'sha256-only.wasm')).toString('base64');
    const b = readFileSync(join(fixtures, 'demo-miner.wasm')).toString('base64');
    writeFileSync(join(dir, 'bundle.js'), `const a = "${a}";\nconst b = "${b}";\n`);
    const { lines } = await run(['scan', dir]);
    const modules = lines.filter((l) => /^\s+module \d+ \(/.test(l)).map((l) => l.trim());
    expect(modules).toHaveLength(2);
    expect(modules[0]).toMatch(/^module 1 \(base64 module at offset \d+\): crypto-capable: SHA-256 only/);
    expect(modules[1]).toMatch(/^module 2 \(base64 module at offset \d+\): miner: CryptoNight proof of work/);
  });

  it('puts the findings with their evidence in the JSON report', async () => {
    const { lines } = await run(['scan', '--json', join(fixtures, 'keccak-only.wasm')]);
    const [r] = JSON.parse(lines.join('\n'));
    expect(r.verdict.level).toBe('crypto-capable');
    expect(r.findings).toEqual([{ name: 'Keccak', evidence: expect.stringMatching(/^Keccak RC: 24\/24/) }]);
    expect(r.modules).toHaveLength(1);
  });
});
