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
  return { frames: frames.length, poolFrames: pool, classifiedAsPool: classified, classifierNsPerFrame: clsNs, jsonParseNsPerFrame: parseNs, costVsParse: clsNs / parseNs };
}
