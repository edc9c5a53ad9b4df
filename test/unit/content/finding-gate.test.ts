import { describe, expect, it, vi } from 'vitest';
import { createFindingGate, MAX_FINDING_JSON } from '../../../src/content/finding-gate';

const finding = (reason: string) => JSON.stringify({ kind: 'wasm', verdict: 'miner', action: 'blocked', reason, time: 1 });

describe('finding gate', () => {
  it('admits a valid finding', () => {
    expect(createFindingGate().admit(finding('a'), 7)).toEqual({ kind: 'wasm', verdict: 'miner', action: 'blocked', reason: 'a', time: 7 });
  });

  it('drops non-strings and malformed JSON', () => {
    const gate = createFindingGate();
    expect(gate.admit({ kind: 'wasm' }, 0)).toBeNull();
    expect(gate.admit('{"kind":', 0)).toBeNull();
  });

  it('drops oversized payloads before parsing them', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const big = finding('x'.repeat(MAX_FINDING_JSON));
      expect(createFindingGate().admit(big, 0)).toBeNull();
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('drops duplicates that differ only in time, without spending tokens', () => {
    const gate = createFindingGate({ perSecond: 1, burst: 2, lifetime: 10 });
    expect(gate.admit(finding('a'), 0)).not.toBeNull();
    expect(gate.admit(JSON.stringify({ ...JSON.parse(finding('a')), time: 99 }), 0)).toBeNull();
    expect(gate.admit(finding('b'), 0)).not.toBeNull();
    expect(gate.admit(finding('c'), 0)).toBeNull();
  });

  it('enforces the rate limit and the lifetime cap', () => {
    const gate = createFindingGate({ perSecond: 20, burst: 50, lifetime: 60 });
    let admitted = 0;
    for (let i = 0; i < 100; i++) if (gate.admit(finding(`burst ${i}`), 0)) admitted++;
    expect(admitted).toBe(50);
    for (let i = 0; i < 100; i++) if (gate.admit(finding(`later ${i}`), 3_600_000)) admitted++;
    expect(admitted).toBe(60);
  });
});
