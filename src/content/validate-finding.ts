// Every finding arrives from the page's world, where any script can forge one. Only a
// fresh object holding known fields of the right type and size survives; `time` is
// always the bridge's own clock.
import type { Finding, FindingKind, Hashes, VerdictLevel } from '../engine/types';

export const FINDING_LIMITS = {
  url: 2048,
  reason: 500,
  ruleId: 200,
  api: 100,
  primitives: 32,
  primitiveName: 64,
} as const;

const KINDS: readonly FindingKind[] = [
  'wasm', 'worker', 'script', 'websocket', 'blocked-request', 'behaviour', 'worklet', 'service-worker',
];
const VERDICTS: readonly VerdictLevel[] = ['miner', 'suspicious', 'crypto-capable', 'clean'];
/** 'allowed' is the background's word (allowlisted sites); the page never gets to say it. */
const ACTIONS: readonly Finding['action'][] = ['blocked', 'reported'];
const CONTEXTS: readonly NonNullable<Finding['context']>[] = ['page', 'worker', 'shared-worker', 'worklet'];
const HASH_LENGTHS: Record<keyof Hashes, number> = { sha256: 64, sha1: 40, md5: 32 };
const KNOWN_FIELDS = new Set([
  'kind', 'verdict', 'action', 'reason', 'ruleId', 'primitives', 'url', 'frameUrl', 'context', 'hashes', 'api', 'time',
]);
// No control characters: these strings end up in the popup and in logs.
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown, max: number, { optional = false, minLength = 0 } = {}): string | undefined | null {
  if (v === undefined) return optional ? undefined : null;
  return typeof v === 'string' && v.length >= minLength && v.length <= max && PRINTABLE.test(v) ? v : null;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | null {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

function hashes(v: unknown): Hashes | null {
  if (!isRecord(v)) return null;
  const out: Hashes = {};
  for (const [name, digest] of Object.entries(v)) {
    const length = HASH_LENGTHS[name as keyof Hashes];
    if (!Object.hasOwn(HASH_LENGTHS, name) || typeof digest !== 'string' || digest.length !== length || !/^[0-9a-f]+$/.test(digest)) {
      return null;
    }
    out[name as keyof Hashes] = digest;
  }
  return out;
}

function primitives(v: unknown): string[] | null {
  if (!Array.isArray(v) || v.length > FINDING_LIMITS.primitives) return null;
  const out: string[] = [];
  for (const p of v) {
    const name = text(p, FINDING_LIMITS.primitiveName, { minLength: 1 });
    if (typeof name !== 'string') return null;
    out.push(name);
  }
  return out;
}

/** A clean copy of `raw` if every field is valid, else null. */
export function validateFinding(raw: unknown, now: number): Finding | null {
  if (!isRecord(raw)) return null;
  for (const key of Object.keys(raw)) if (!KNOWN_FIELDS.has(key)) return null;

  const kind = oneOf(raw.kind, KINDS);
  const verdict = oneOf(raw.verdict, VERDICTS);
  const action = oneOf(raw.action, ACTIONS);
  const reason = text(raw.reason, FINDING_LIMITS.reason, { minLength: 1 });
  if (!kind || !verdict || !action || typeof reason !== 'string') return null;
  const finding: Finding = { kind, verdict, action, reason, time: now };

  const ruleId = text(raw.ruleId, FINDING_LIMITS.ruleId, { optional: true, minLength: 1 });
  const url = text(raw.url, FINDING_LIMITS.url, { optional: true });
  const frameUrl = text(raw.frameUrl, FINDING_LIMITS.url, { optional: true });
  const api = text(raw.api, FINDING_LIMITS.api, { optional: true, minLength: 1 });
  if (ruleId === null || url === null || frameUrl === null || api === null) return null;
  if (ruleId !== undefined) finding.ruleId = ruleId;
  if (url !== undefined) finding.url = url;
  if (frameUrl !== undefined) finding.frameUrl = frameUrl;
  if (api !== undefined) finding.api = api;

  if (raw.context !== undefined) {
    const context = oneOf(raw.context, CONTEXTS);
    if (!context) return null;
    finding.context = context;
  }
  if (raw.primitives !== undefined) {
    const p = primitives(raw.primitives);
    if (!p) return null;
    finding.primitives = p;
  }
  if (raw.hashes !== undefined) {
    const h = hashes(raw.hashes);
    if (!h) return null;
    finding.hashes = h;
  }
  if (raw.time !== undefined && (typeof raw.time !== 'number' || !Number.isFinite(raw.time))) return null;
  return finding;
}
