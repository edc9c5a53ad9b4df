import { classifyWsMessage } from '../../src/engine/stratum';
import { wsFrames } from '../data/ws-frames';
import { interleave } from '../lib/interleave';

// Baseline: JSON.parse alone on the same frames, the least any JSON-aware check must pay.

export interface StratumResult {
  frames: number;
  poolFrames: number;
  classifiedAsPool: number;
  classifierNsPerFrame: number;
  jsonParseNsPerFrame: number;
  /** Classifier time ÷ JSON.parse time. */
  costVsParse: number;
  /** Issue 9 attack 4: padded and oversized frames, classified whole (ms per frame, median). */
  bigFrames?: { name: string; chars: number; stratum: boolean; classifierMs: number; nsPerChar: number }[];
}

const LOGIN = '{"id":1,"method":"login","params":{"login":"44AFFq5k","pass":"x","agent":"web"}}';

function bigFrames(quick: boolean): NonNullable<StratumResult['bigFrames']> {
  const cases = [
    ['login with a 3 MiB padding field (parsed)', LOGIN.replace('"id":1', `"pad":"${'x'.repeat(3 << 20)}","id":1`)],
    ['login behind 16 MiB of spaces (token scan)', `${' '.repeat(16 << 20)}${LOGIN}`],
    ['16 MiB of chat without pool calls (token scan)', `${'"method":"chat", '.repeat(1 << 20)}`],
  ] as const;
  return cases.map(([name, frame]) => {
    const [t] = interleave([{ name, run: () => classifyWsMessage(frame) }], { rounds: quick ? 3 : 7, warmup: 1, minSampleMs: 1 });
    return { name, chars: frame.length, stratum: classifyWsMessage(frame).stratum, classifierMs: t.medianMs, nsPerChar: (t.medianMs * 1e6) / frame.length };
  });
}

function parseOnly(frames: readonly string[]): void {
  for (const f of frames) {
    try {
      JSON.parse(f);
    } catch {
      // Non-JSON frames cost the baseline a throw, as they would any parser.
    }
  }
}

export function benchStratum(quick: boolean): StratumResult {
  const { frames, pool } = wsFrames(quick ? 5_000 : 20_000);
  const classified = frames.filter((f) => classifyWsMessage(f).stratum).length;
  const [cls, parse] = interleave([
    { name: 'classifier', run: () => { for (const f of frames) classifyWsMessage(f); } },
    { name: 'JSON.parse', run: () => parseOnly(frames) },
  ], { rounds: quick ? 7 : 21, warmup: 2 });
  const clsNs = (cls.medianMs * 1e6) / frames.length;
  const parseNs = (parse.medianMs * 1e6) / frames.length;
  return {
    frames: frames.length, poolFrames: pool, classifiedAsPool: classified, classifierNsPerFrame: clsNs, jsonParseNsPerFrame: parseNs,
    costVsParse: clsNs / parseNs, bigFrames: bigFrames(quick),
  };
}
