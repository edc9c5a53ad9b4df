import type { Rule, RuleList } from '../../src/engine/types';
import { syntheticRules } from '../data/synthetic-rules';
import { seededRandom } from '../lib/prng';
import { PROBE_HOST } from './launch';

// The rule-scale dataset: the engine bench's synthetic 100k domains + 1k regexes, plus
// 10k SHA-256 hash rules and one domain the bench resolves locally, so it can watch a
// request to a listed host get blocked.

export interface ScaleRules { list: RuleList; hosts: string[]; regexHitUrls: string[]; digests: string[] }

function hex(rand: () => number, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += Math.floor(rand() * 256).toString(16).padStart(2, '0');
  return s;
}

export function scaleRules(domains: number, regexes: number, hashes: number): ScaleRules {
  const syn = syntheticRules(domains - 1, regexes);
  const rand = seededRandom(99);
  const digests = Array.from({ length: hashes }, () => hex(rand, 32));
  const extra: Rule[] = [
    { id: 'probe', type: 'domain', action: 'block', severity: 'high', pattern: PROBE_HOST },
    ...digests.map((d, i): Rule => ({ id: `h${i}`, type: 'hash', action: 'block', severity: 'high', algorithm: 'sha256', pattern: d })),
  ];
  return {
    list: { ...syn.list, name: 'bench scale', rules: [...syn.list.rules, ...extra] },
    hosts: [...syn.hosts, PROBE_HOST],
    regexHitUrls: syn.regexes.map((r) => r.hitUrl),
    digests,
  };
}
