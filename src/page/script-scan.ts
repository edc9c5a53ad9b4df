// Script text the hook cannot instrument (worklet modules, workers a CSP keeps from
// being wrapped) is read once and judged by what it carries: content rules and Wasm
// embedded as base64 or a byte array.
import type { Hashes } from '../engine/types';
import { engine, type Engine } from './engine';
import type { HookContext } from './hook-context';
import { apply } from './intrinsics';
import { judgeModule } from './judge-module';
import { levelOfRule, ruleReason } from './make-finding';
import { pristine, RealmTampered, TAMPERED_REASON } from './realm-guard';

export interface ScriptScan {
  level: 'miner' | 'suspicious';
  reason: string;
  ruleId?: string;
  primitives?: string[];
  hashes?: Hashes;
}

export function scanScriptText(ctx: HookContext, text: string): ScriptScan | null {
  let best: ScriptScan | null = null;
  let found: ReturnType<Engine['findEmbeddedWasm']>;
  try {
    found = pristine(() => engine().findEmbeddedWasm(text));
  } catch (e) {
    if (e instanceof RealmTampered) return { level: 'miner', reason: `embedded Wasm: ${TAMPERED_REASON}` };
    throw e;
  }
  // By index: the array is ours, its iterator is the page's.
  for (let i = 0; i < found.length; i++) {
    const embedded = found[i]!;
    const j = judgeModule(embedded.bytes, ctx.policy);
    if (!j.level) continue;
    const scan: ScriptScan = {
      level: j.level,
      reason: `embedded Wasm (${embedded.encoding}): ${j.reason}`,
      ...(j.hit ? { ruleId: j.hit.ruleId } : {}),
      primitives: j.report.primitives.map((p) => p.name),
      hashes: j.hashes,
    };
    if (j.level === 'miner') return scan;
    best ??= scan;
  }
  const hit = ctx.policy.matcher()?.matchContent(text);
  if (hit && (!best || levelOfRule(hit) === 'miner')) {
    best = { level: levelOfRule(hit) === 'miner' ? 'miner' : 'suspicious', reason: ruleReason(hit), ruleId: hit.ruleId };
  }
  return best;
}

/** Captured at install: the script's text as the page would get it, or null when it cannot be read. */
export function scriptReader(win: typeof globalThis): (url: string) => Promise<string | null> {
  const nativeFetch = win.fetch;
  const readText = win.Response?.prototype.text;
  return async (url) => {
    if (typeof nativeFetch !== 'function' || !readText) return null;
    try {
      const response = await (apply(nativeFetch, win, [url, { credentials: 'same-origin' }]) as Promise<Response>);
      return await (apply(readText, response, []) as Promise<string>);
    } catch {
      return null;
    }
  };
}

const blobTextMethod = typeof Blob === 'function' ? Blob.prototype.text : undefined;

/** Text of a Blob, read with the method captured at load. */
export async function blobText(blob: Blob): Promise<string | null> {
  if (!blobTextMethod) return null;
  try {
    return await (apply(blobTextMethod, blob, []) as Promise<string>);
  } catch {
    return null;
  }
}
