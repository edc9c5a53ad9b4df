import type { Finding } from '../engine/types';
import { VERDICT_RANK } from '../engine/verdict';
import { alarmRank } from './verdict-rank';

type Ranked = Pick<Finding, 'kind' | 'verdict' | 'action'>;

/**
 * What a finding is worth keeping when something must go. Anything blocked and any miner
 * outrank suspicious, reported and behaviour-only findings, so a page that forges
 * low-value findings can only ever push out its own kind of noise.
 */
export function evidenceValue(f: Ranked): number {
  return alarmRank(f) * 2 + (f.kind === 'behaviour' ? 0 : 1);
}

/** Miner or blocked: the evidence the store must never hold back from disk for long. */
export function isMinerEvidence(f: Pick<Finding, 'verdict' | 'action'>): boolean {
  return alarmRank(f) >= VERDICT_RANK.miner;
}

/** Lowest value first, then oldest: the order in which bounded lists give entries up. */
export function byEvictionOrder(a: Ranked & Pick<Finding, 'time'>, b: Ranked & Pick<Finding, 'time'>): number {
  return evidenceValue(a) - evidenceValue(b) || a.time - b.time;
}
