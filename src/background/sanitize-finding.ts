import type { Finding, FindingKind, Hashes, VerdictLevel } from '../engine/types';

// The bridge validates too, but it lives in a renderer that may be compromised: the
// background re-checks shape and size before anything reaches storage or the popup.

const KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>([
  'wasm', 'worker', 'script', 'websocket', 'blocked-request', 'behaviour', 'worklet', 'service-worker',
]);
const VERDICTS: ReadonlySet<VerdictLevel> = new Set<VerdictLevel>(['miner', 'suspicious', 'crypto-capable', 'clean']);
const ACTIONS: ReadonlySet<Finding['action']> = new Set<Finding['action']>(['blocked', 'reported', 'allowed']);
const CONTEXTS: ReadonlySet<NonNullable<Finding['context']>> = new Set<NonNullable<Finding['context']>>([
  'page', 'worker', 'shared-worker', 'worklet',
]);
const HASH_LENGTHS: Record<keyof Hashes, number> = { sha256: 64, sha1: 40, md5: 32 };

const MAX_TEXT = 1000;
const MAX_URL = 4096;
const MAX_PRIMITIVES = 32;

function text(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined;
}

function hashes(v: unknown): Hashes | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const out: Hashes = {};
  for (const algo of Object.keys(HASH_LENGTHS) as (keyof Hashes)[]) {
    const h = (v as Record<string, unknown>)[algo];
    if (typeof h === 'string' && h.length === HASH_LENGTHS[algo] && /^[0-9a-f]+$/.test(h)) out[algo] = h;
  }
  return Object.keys(out).length ? out : undefined;
}

/** A clean copy of a finding from a content script, or null when it isn't one. */
export function sanitizeFinding(raw: unknown): Finding | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (!KINDS.has(r.kind as FindingKind)) return null;
  if (!VERDICTS.has(r.verdict as VerdictLevel)) return null;
  if (!ACTIONS.has(r.action as Finding['action'])) return null;
  if (typeof r.reason !== 'string') return null;
  if (typeof r.time !== 'number' || !Number.isFinite(r.time)) return null;

  const f: Finding = {
    kind: r.kind as FindingKind,
    verdict: r.verdict as VerdictLevel,
    action: r.action as Finding['action'],
    reason: r.reason.slice(0, MAX_TEXT),
    time: r.time,
  };
  const ruleId = text(r.ruleId, 200);
  if (ruleId) f.ruleId = ruleId;
  if (Array.isArray(r.primitives)) {
    const prims = r.primitives.filter((p): p is string => typeof p === 'string').slice(0, MAX_PRIMITIVES);
    if (prims.length) f.primitives = prims.map((p) => p.slice(0, 100));
  }
  const url = text(r.url, MAX_URL);
  if (url) f.url = url;
  const frameUrl = text(r.frameUrl, MAX_URL);
  if (frameUrl) f.frameUrl = frameUrl;
  if (CONTEXTS.has(r.context as NonNullable<Finding['context']>)) f.context = r.context as Finding['context'];
  const h = hashes(r.hashes);
  if (h) f.hashes = h;
  const api = text(r.api, 200);
  if (api) f.api = api;
  return f;
}
