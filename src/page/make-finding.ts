// Findings leave the page through the bridge, which drops anything over its limits;
// trimming here keeps an over-long URL or reason from losing the whole finding.
import type { Finding, RuleHit, VerdictLevel } from '../engine/types';
import type { HookScope } from './hook-scope';
import { sliceText } from './intrinsics';

export const MAX_URL = 2048;
export const MAX_REASON = 500;
export const MAX_PRIMITIVES = 32;

const now = Date.now;

export type FindingFields = Omit<Finding, 'frameUrl' | 'context' | 'time'>;

export function makeFinding(scope: HookScope, fields: FindingFields): Finding {
  const f: Finding = {
    ...fields,
    reason: sliceText(fields.reason, MAX_REASON),
    frameUrl: sliceText(scope.frameUrl(), MAX_URL),
    context: scope.context,
    time: now(),
  };
  const url = fields.url ?? scope.scriptUrl;
  if (url !== undefined) f.url = sliceText(url, MAX_URL);
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
