import type { Finding } from '../engine/types';

/** How alarming a finding is, so bounded lists drop the least alarming first. */
export function alarmRank(f: Pick<Finding, 'verdict' | 'action'>): number {
  if (f.verdict === 'miner' || f.action === 'blocked') return 3;
  if (f.verdict === 'suspicious') return 2;
  if (f.verdict === 'crypto-capable') return 1;
  return 0;
}
