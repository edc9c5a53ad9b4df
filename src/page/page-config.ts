// A PageConfig arrives as JSON text from a less trusted side (the page's DOM, a worker's
// starter); only a well-formed one is taken.
import type { EnforcementMode, PageConfig } from '../engine/protocol';
import { apply, jsonParse } from './intrinsics';

function isMode(v: unknown): v is EnforcementMode {
  return v === 'block' || v === 'report-only' || v === 'off';
}

export function parseConfig(detail: unknown): PageConfig | null {
  if (typeof detail !== 'string') return null;
  try {
    const c = apply(jsonParse, undefined, [detail]) as Record<string, unknown>;
    if (c === null || typeof c !== 'object') return null;
    const { mode, allowed, rules } = c;
    if (!isMode(mode) || typeof allowed !== 'boolean' || typeof rules !== 'string') return null;
    return { mode, allowed, rules };
  } catch {
    return null;
  }
}
