// Findings leave the page through the bridge, which drops anything over its limits;
// trimming here keeps an over-long URL or reason from losing the whole finding.
import type { Finding, RuleHit, VerdictLevel } from '../engine/types';
import { sliceText } from './intrinsics';

export const MAX_URL = 2048;
export const MAX_REASON = 500;
export const MAX_PRIMITIVES = 32;

const now = Date.now;

export type FindingFields = Omit<Finding, 'frameUrl' | 'context' | 'time'>;

export function makeFinding(win: Window, fields: FindingFields): Finding {
  const f: Finding = {
    ...fields,
    reason: sliceText(fields.reason, MAX_REASON),
    frameUrl: sliceText(String(win.location.href), MAX_URL),
    context: 'page',
    time: now(),
  };
  if (fields.url !== undefined) f.url = sliceText(fields.url, MAX_URL);
  if (fields.primitives) f.primitives = fields.primitives.slice(0, MAX_PRIMITIVES);
  return f;
}

/** What a rule hit alone says about the thing it matched. */
export function levelOfRule(hit: RuleHit): VerdictLevel {
  return hit.action === 'block' ? 'miner' : 'suspicious';
}

export function ruleReason(hit: RuleHit): string {
  return hit.description ?? `rule ${hit.ruleId} (${hit.type}) matched ${hit.matched}`;
}
