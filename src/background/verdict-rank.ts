import type { Finding } from '../engine/types';
import { VERDICT_RANK } from '../engine/verdict';

/** How alarming a finding is: anything we blocked ranks with miners, whatever its verdict. */
export function alarmRank(f: Pick<Finding, 'verdict' | 'action'>): number {
  return f.action === 'blocked' ? VERDICT_RANK.miner : VERDICT_RANK[f.verdict];
}

/** Most alarming first, then newest: the order bounded lists keep and the popup shows. */
export function byAlarm(a: Pick<Finding, 'verdict' | 'action' | 'time'>, b: Pick<Finding, 'verdict' | 'action' | 'time'>): number {
  return alarmRank(b) - alarmRank(a) || b.time - a.time;
}
