import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../src/cli/main';

const root = resolve(import.meta.dirname, '../../..');
const fixtures = join(root, 'test/fixtures/wasm/build');

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    return { code: await main(argv), out: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('miner-sentry scan', () => {
  it('flags our miner fixtures and exits 1', async () => {
    const { code, out } = await run(['scan', join(fixtures, 'cn-like.wasm'), join(fixtures, 'demo-miner.wasm')]);
    expect(code).toBe(1);
    expect(out.split('\n').filter((l) => l.startsWith('MINER'))).toHaveLength(2);
  });

  it('passes benign modules from npm and exits 0', async () => {
    const benign = [
      join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'),
      join(root, 'node_modules/argon2-browser/dist/argon2.wasm'),
      join(fixtures, 'benign-add.wasm'),
      join(fixtures, 'sha256-only.wasm'),
    ];
    const { code, out } = await run(['scan', ...benign]);
    expect(out).not.toMatch(/^MINER/m);
    expect(code).toBe(0);
  });

  it('finds a miner embedded in JS as base64', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-cli-'));
    const b64 = readFileSync(join(fixtures, 'demo-miner.wasm')).toString('base64');
    writeFileSync(join(dir, 'bundle.js'), `const m = "${b64}";\nWebAssembly.instantiate(Uint8Array.from(atob(m), c => c.charCodeAt(0)));`);
    const { code, out } = await run(['scan', '--json', dir]);
    expect(code).toBe(1);
    const [result] = JSON.parse(out);
    expect(result.verdict.level).toBe('miner');
    expect(result.embedded).toBe(1);
    expect(result.verdict.reason).toContain('base64 module');
  });

  it('applies hash indicators from a rule list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-cli-'));
    const { hashBytes } = await import('../../../src/engine/hash');
    const target = join(fixtures, 'benign-add.wasm');
    const { md5 } = hashBytes(new Uint8Array(readFileSync(target)), ['md5']);
    writeFileSync(join(dir, 'iocs.json'), JSON.stringify({
      format: 'miner-sentry-rules', version: 1, name: 'iocs',
      rules: [{ id: 'ioc-1', type: 'hash', algorithm: 'md5', pattern: md5!.toUpperCase(), action: 'block', severity: 'high', description: 'feed indicator' }],
    }));
    const { code, out } = await run(['scan', '--rules', join(dir, 'iocs.json'), target]);
    expect(code).toBe(1);
    expect(out).toContain('ioc-1');
  });

  it('rejects a missing argument as a usage error', async () => {
    expect((await run(['scan'])).code).toBe(2);
  });
});

describe('miner-sentry rules', () => {
  it('checks the bundled NoCoin list and reports skipped lines', async () => {
    const { code, out } = await run(['rules', 'check', join(root, 'rules/nocoin/nocoin.txt')]);
    expect(code).toBe(0);
    expect(out).toMatch(/abp list, \d+ rules accepted, 0 errors, [1-9]\d* lines skipped/);
  });

  it('reports a bad regex with its line and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-cli-'));
    const list = join(dir, 'bad.json');
    writeFileSync(list, '{\n "format": "miner-sentry-rules", "version": 1, "name": "bad",\n "rules": [\n  {"id": "r1", "type": "script-url", "pattern": "(a+)+$", "action": "block", "severity": "high"}\n ]\n}\n');
    const { code, out } = await run(['rules', 'check', list]);
    expect(code).toBe(1);
    expect(out).toMatch(/error\s+line 4/);
  });

  it('compiles a list to DNR rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-cli-'));
    const out = join(dir, 'dnr.json');
    const { code } = await run(['rules', 'compile', join(root, 'rules/nocoin/hosts.txt'), '--dnr', out]);
    expect(code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const rules = JSON.parse(readFileSync(out, 'utf8'));
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((r: { id: number }) => r.id)).size).toBe(rules.length);
  });
});
