import { describe, expect, it, vi } from 'vitest';
import { hashBytes } from '../../../src/engine/hash';
import { createPageMatcher } from '../../../src/engine/rules/page-matcher';
import type { HashAlgorithm, Hashes } from '../../../src/engine/types';
import { createDigest, type Digest } from '../../../src/page/digest';
import { judgeModule, judgeModuleAsync } from '../../../src/page/judge-module';
import type { PagePolicy } from '../../../src/page/page-policy';
import { NativeWalker } from '../../../src/engine/wasm/native/native-walker';
import { pageWasmPlatform } from '../../../src/page/wasm-platform';
import { fixture, padded, rulesJson } from './fake-realm';

const benign = fixture('benign-add.wasm');
const miner = fixture('demo-miner.wasm');

function policyWith(rules: string | null): PagePolicy {
  const matcher = rules === null ? null : createPageMatcher(JSON.parse(rules));
  return { checking: () => true, blocking: () => true, matcher: () => matcher };
}

const sha1Rule = (digest: string) =>
  rulesJson([{ id: 'h-1', type: 'hash', action: 'block', severity: 'high', algorithm: 'sha1', pattern: digest }]);

function countingDigest() {
  const calls: HashAlgorithm[][] = [];
  const digest = vi.fn(async (bytes: Uint8Array, algorithms: readonly HashAlgorithm[]): Promise<Hashes> => {
    calls.push([...algorithms]);
    return hashBytes(bytes, algorithms);
  });
  return { digest, calls };
}

describe('which walker analyses a module', () => {
  it('from 64 KB the Wasm-compiled one, on the WebAssembly captured at install; the verdict is the same', async () => {
    expect(pageWasmPlatform).not.toBeNull();
    const walks = vi.spyOn(NativeWalker.prototype, 'walkCode');
    const reads = vi.spyOn(pageWasmPlatform!, 'buffer');
    try {
      const { digest } = countingDigest();
      expect(judgeModule(padded(miner, 63 * 1024), policyWith(null)).level).toBe('miner');
      expect((await judgeModuleAsync(padded(miner, 63 * 1024), policyWith(null), digest)).level).toBe('miner');
      expect(walks).not.toHaveBeenCalled();
      expect(reads).not.toHaveBeenCalled();
      expect(judgeModule(padded(miner, 64 * 1024), policyWith(null)).level).toBe('miner');
      expect(walks.mock.results.map((r) => r.value)).toEqual([true]);
      expect(reads).toHaveBeenCalled();
      expect((await judgeModuleAsync(padded(miner, 80 * 1024), policyWith(null), digest)).level).toBe('miner');
      expect(judgeModule(padded(benign, 80 * 1024), policyWith(null)).level).toBeNull();
      expect(walks.mock.results.map((r) => r.value)).toEqual([true, true, true]);
    } finally {
      walks.mockRestore();
      reads.mockRestore();
    }
  });
});

describe('digests only when something needs them', () => {
  it('a benign module without hash rules is not hashed, sync or async', async () => {
    expect(judgeModule(benign, policyWith(null)).hashes).toEqual({});
    const { digest, calls } = countingDigest();
    const j = await judgeModuleAsync(benign, policyWith(rulesJson([])), digest);
    expect(j.level).toBeNull();
    expect(j.hashes).toEqual({});
    expect(calls).toEqual([]);
  });

  it('hash rules get their algorithm; an unreported module gets no SHA-256 on top', async () => {
    const rules = sha1Rule('0'.repeat(40));
    expect(judgeModule(benign, policyWith(rules)).hashes).toEqual({ sha1: hashBytes(benign, ['sha1']).sha1 });
    const { digest, calls } = countingDigest();
    expect((await judgeModuleAsync(benign, policyWith(rules), digest)).hashes).toEqual({ sha1: hashBytes(benign, ['sha1']).sha1 });
    expect(calls).toEqual([['sha1']]);
  });

  it('a reported module carries its SHA-256 as evidence', async () => {
    const sha256 = hashBytes(miner).sha256;
    expect(judgeModule(miner, policyWith(null))).toMatchObject({ level: 'miner', hashes: { sha256 } });
    const { digest } = countingDigest();
    expect(await judgeModuleAsync(miner, policyWith(null), digest)).toMatchObject({ level: 'miner', hashes: { sha256 } });
  });

  it('a hash rule still blocks on the async path', async () => {
    const { digest } = countingDigest();
    const j = await judgeModuleAsync(benign, policyWith(sha1Rule(hashBytes(benign, ['sha1']).sha1!)), digest);
    expect(j).toMatchObject({ level: 'miner', hit: { ruleId: 'h-1' } });
    expect(j.hashes.sha256).toBe(hashBytes(benign).sha256);
  });

  it('kept modules (crypto-capable, re-checked later) carry SHA-256 for a later report', () => {
    expect(judgeModule(fixture('keccak-only.wasm'), policyWith(null)).hashes.sha256).toBe(hashBytes(fixture('keccak-only.wasm')).sha256);
  });

  // On a 14 MB module the digest took longer than the analysis, and only a later report
  // would carry it: a kept module's verdict does not wait for its SHA-256, nor for the
  // digest's synchronous start.
  it('a kept module is let through before its SHA-256 is in; the digest lands on the judgement after', async () => {
    const kept = fixture('keccak-only.wasm');
    for (const judge of [
      (d: Digest) => Promise.resolve(judgeModule(kept, policyWith(null), d)),
      (d: Digest) => judgeModuleAsync(kept, policyWith(null), d),
    ]) {
      const held = heldDigest();
      const j = await Promise.race([judge(held.digest), new Promise<'waited'>((r) => setTimeout(() => r('waited'), 500))]);
      if (j === 'waited') throw new Error('the verdict waited for the evidence digest');
      expect(j.level).toBeNull();
      expect(j.report.verdict.level).toBe('crypto-capable');
      expect(j.hashes.sha256).toBeUndefined();
      // Not even started yet: it waits for a task of its own.
      expect(held.calls).toEqual([]);
      await vi.waitFor(() => expect(held.calls).toEqual([['sha256']]));
      held.release();
      await vi.waitFor(() => expect(j.hashes.sha256).toBe(hashBytes(kept).sha256));
    }
  });

  it('a reported module still waits for its SHA-256: the finding carries it', async () => {
    const held = heldDigest();
    let settled = false;
    const judging = judgeModuleAsync(miner, policyWith(null), held.digest).then((j) => { settled = true; return j; });
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    held.release();
    expect((await judging).hashes.sha256).toBe(hashBytes(miner).sha256);
  });
});

/** A digest that answers only once released. */
function heldDigest() {
  const calls: HashAlgorithm[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const digest: Digest = async (bytes, algorithms) => {
    calls.push([...algorithms]);
    await gate;
    return hashBytes(bytes, algorithms);
  };
  return { digest, calls, release };
}

describe('createDigest', () => {
  it('uses crypto.subtle when the realm has it, with the same hex as the JS hash', async () => {
    const spy = vi.spyOn(SubtleCrypto.prototype, 'digest');
    try {
      const digest = createDigest(globalThis);
      expect(await digest(miner, ['sha256', 'sha1', 'md5'])).toEqual(hashBytes(miner, ['sha256', 'sha1', 'md5']));
      expect(spy.mock.calls.map((c) => c[0])).toEqual(['SHA-256', 'SHA-1']);
    } finally {
      spy.mockRestore();
    }
  });

  it('falls back to the JS hash without crypto.subtle (insecure contexts)', async () => {
    const digest = createDigest({} as typeof globalThis);
    expect(await digest(benign, ['sha256'])).toEqual(hashBytes(benign));
  });

  it('is not fooled by a digest the page swaps in after install', async () => {
    const digest = createDigest(globalThis);
    const spy = vi.spyOn(SubtleCrypto.prototype, 'digest').mockResolvedValue(new ArrayBuffer(32));
    try {
      expect(await digest(miner, ['sha256'])).toEqual(hashBytes(miner));
    } finally {
      spy.mockRestore();
    }
  });
});
