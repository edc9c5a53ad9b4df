// One update attempt for one subscription. Pure apart from the injected fetch and
// clock, so the background's alarm handler and the unit tests drive the same code.
import { formatIssue, loadRuleList } from '../rules/index';
import { sha256Hex } from '../signing';
import type { ListIssue } from '../types';
import { nextCheckDelay, retryDelay } from './backoff';
import { readCapped } from './read-body';
import { checkSignature } from './signature-check';
import type { LastGood, SubscriptionError, SubscriptionErrorKind, SubscriptionState, UpdateDeps } from './types';
import { DEFAULT_UPDATE_INTERVAL_MINUTES } from '../policy/limits';

export const DEFAULT_MAX_LIST_BYTES = 20 * 1024 * 1024;
/** Validation messages name this many problems; the rest are counted. */
const ERRORS_SHOWN = 3;

type Failure = Omit<SubscriptionError, 'at'>;

function fail(kind: SubscriptionErrorKind, message: string, extra: { line?: number; status?: number } = {}): Failure {
  return { kind, message, ...extra };
}

function describeIssues(issues: ListIssue[]): string {
  const shown = issues.slice(0, ERRORS_SHOWN).map(formatIssue);
  const more = issues.length > ERRORS_SHOWN ? ` (and ${issues.length - ERRORS_SHOWN} more)` : '';
  return `${shown.join('; ')}${more}`;
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes}-byte`;
}

function conditionalHeaders(sub: SubscriptionState): Record<string, string> {
  const headers: Record<string, string> = {};
  if (sub.lastGood?.etag) headers['If-None-Match'] = sub.lastGood.etag;
  if (sub.lastGood?.lastModified) headers['If-Modified-Since'] = sub.lastGood.lastModified;
  return headers;
}

async function attempt(sub: SubscriptionState, deps: UpdateDeps, now: number): Promise<Failure | LastGood | 'unchanged'> {
  let res: Response;
  try {
    res = await deps.fetch(sub.url, {
      headers: conditionalHeaders(sub),
      // The HTTP cache would answer from memory; the server must see the validators.
      cache: 'no-cache',
      credentials: 'omit',
    });
  } catch (err) {
    return fail('network', `${sub.url} could not be reached: ${(err as Error).message}`);
  }
  if (res.status === 304 && sub.lastGood) return 'unchanged';
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    const text = res.statusText ? ` ${res.statusText}` : '';
    return fail('http', `${sub.url} answered HTTP ${res.status}${text}`, { status: res.status });
  }

  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_LIST_BYTES;
  const bytes = await readCapped(res, maxBytes).catch((err: Error) => err);
  if (bytes instanceof Error) return fail('network', `${sub.url} broke off while downloading: ${bytes.message}`);
  if (!bytes) return fail('size', `the list is larger than the ${sizeLabel(maxBytes)} limit`);

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('encoding', 'the list is not valid UTF-8 text');
  }

  const sha256 = sha256Hex(bytes);
  if (sub.sha256 && sub.sha256 !== sha256) {
    return fail('hash', `the list's sha256 is ${sha256}, but the policy pins ${sub.sha256}`);
  }

  const signature = await checkSignature(sub, deps, {
    required: deps.requireSignature || sub.requireSignature === true || sub.signedRelease !== undefined,
    sha256,
    now,
    last: sub.signedRelease,
  });
  if (!signature.ok) return fail('signature', signature.message);

  let loaded: ReturnType<typeof loadRuleList>;
  try {
    loaded = loadRuleList(text, { name: sub.name ?? sub.url });
  } catch (err) {
    return fail('validation', `the list could not be read: ${(err as Error).message}`);
  }
  if (loaded.errors.length > 0 || !loaded.list) {
    const first = loaded.errors.find((e) => e.line !== undefined)?.line;
    return fail('validation', describeIssues(loaded.errors), first !== undefined ? { line: first } : {});
  }
  // An empty result is almost always a login page or an emptied file, not a real list:
  // taking it would silently remove every rule the subscription provided.
  if (loaded.list.rules.length === 0) {
    return fail('validation', `no rules found (read as a ${loaded.format} list, ${loaded.skipped.length} lines skipped)`);
  }

  const good: LastGood = {
    list: loaded.list,
    format: loaded.format,
    sha256,
    ruleCount: loaded.list.rules.length,
    skippedLines: loaded.skipped.length,
    updatedAt: now,
  };
  const etag = res.headers.get('etag');
  const lastModified = res.headers.get('last-modified');
  if (etag) good.etag = etag;
  if (lastModified) good.lastModified = lastModified;
  if (signature.signed) {
    good.signedBy = signature.signed.keyId;
    good.sequence = signature.signed.sequence;
    good.expires = signature.signed.expires;
  }
  return good;
}

/** Never throws and never loses `lastGood`: every failure is recorded on the returned state. */
export async function updateSubscription(sub: SubscriptionState, deps: UpdateDeps): Promise<SubscriptionState> {
  const now = deps.now();
  const random = deps.random ?? Math.random;
  const intervalMs = (deps.intervalMinutes ?? DEFAULT_UPDATE_INTERVAL_MINUTES) * 60_000;
  const outcome = await attempt(sub, deps, now);

  const { error: _previous, ...rest } = sub;
  if (outcome === 'unchanged' || 'list' in outcome) {
    const signedRelease = outcome !== 'unchanged' && outcome.sequence !== undefined
      ? { signedRelease: { sequence: outcome.sequence, sha256: outcome.sha256 } }
      : {};
    return {
      ...rest,
      ...(outcome === 'unchanged' ? {} : { lastGood: outcome }),
      ...signedRelease,
      lastChecked: now,
      failures: 0,
      nextAttempt: now + nextCheckDelay(intervalMs, random),
    };
  }
  const failures = sub.failures + 1;
  return {
    ...rest,
    lastChecked: now,
    failures,
    error: { ...outcome, at: now },
    nextAttempt: now + retryDelay(failures, intervalMs, random),
  };
}
