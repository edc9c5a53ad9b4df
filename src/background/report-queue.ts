import type { Storage } from 'webextension-polyfill';
import type { ReportTarget } from '../engine/policy/types';
import { findingsReport, isReportable, reportView } from '../engine/export/index';
import type { ExportEnvironment, ExportableFinding } from '../engine/export/index';
import { byEvictionOrder } from './evidence-value';
import { boundByBytes } from './byte-bound';

export const REPORT_QUEUE_KEY = 'reportQueue';
export const REPORT_ALARM = 'ms:report';
export const REPORT_BATCH_SIZE = 50;
/**
 * An endpoint down for days must not fill storage.local: past these bounds the least
 * valuable findings go first, then the oldest, so miner and blocked evidence stays queued.
 */
export const MAX_QUEUED_FINDINGS = 2000;
export const MAX_QUEUE_BYTES = 1024 * 1024;
export const FIRST_REPORT_RETRY_MS = 60_000;
export const MAX_REPORT_RETRY_MS = 3_600_000;
const REQUEST_TIMEOUT_MS = 30_000;

export interface ReportQueueState {
  items: ExportableFinding[];
  /** Id of the batch at the head of the queue, kept across retries so the receiver can de-duplicate. */
  batchId?: string;
  /** How many items that batch holds: a retry resends exactly them, never items queued since. */
  batchLength?: number;
  failures: number;
  nextAttempt: number;
  lastError?: string;
  lastSent?: number;
}

export interface ReportQueueDeps {
  area: Pick<Storage.StorageArea, 'get' | 'set'>;
  fetch: typeof fetch;
  now: () => number;
  newId: () => string;
  /** Null: no endpoint, nothing may leave. Throws: not known right now, keep the queue and retry. */
  target: () => Promise<ReportTarget | null>;
  environment: () => Promise<ExportEnvironment>;
  /** Asks to be woken at `when` to retry; the alarm handler then calls `flush`. */
  schedule: (when: number) => void;
  random?: () => number;
  /**
   * Whether the user let the extension send browsing activity (Firefox's data-collection
   * consent); absent means no such consent exists in this browser. While it is false the
   * queue waits, and `flush` is called again when it is granted.
   */
  mayCollect?: () => Promise<boolean>;
}

export function reportRetryDelay(failures: number, random: () => number): number {
  const base = Math.min(MAX_REPORT_RETRY_MS, FIRST_REPORT_RETRY_MS * 2 ** Math.min(Math.max(failures - 1, 0), 20));
  return Math.round(base * (0.9 + 0.2 * random()));
}

/** Client errors other than timeouts and rate limits won't heal by resending the same batch. */
function permanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Findings on their way to the admin's report endpoint. The queue lives in storage.local,
 * so it survives the service worker being stopped, and retries back off through alarms.
 * Nothing here is awaited by a page: findings are queued after they are stored.
 */
export class ReportQueue {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ReportQueueDeps) {}

  /** Queues what a report may carry of `findings` (see report-privacy.ts) and sends what is due. */
  enqueue(findings: readonly ExportableFinding[]): Promise<void> {
    return this.serial(async (q) => {
      const wanted = findings.filter(isReportable);
      if (wanted.length === 0) return q;
      // Unknown target: queue with URLs stripped, the safe default.
      const target = await this.deps.target().catch(() => ({ endpoint: '', fullUrls: false }));
      if (!target) return q;
      const items = boundQueue([...q.items, ...wanted.map((f) => reportView(f, target.fullUrls === true))]);
      const next = { ...q, items };
      // The receiver de-duplicates by batch id: a head batch that lost an entry is a new batch.
      if (next.batchId && q.items.slice(0, q.batchLength ?? REPORT_BATCH_SIZE).some((f, i) => items[i] !== f)) {
        delete next.batchId;
        delete next.batchLength;
      }
      return this.send(next);
    });
  }

  /** Sends what is due; called by the retry alarm and on start-up. */
  flush(): Promise<void> {
    return this.serial(async (q) => this.send(q));
  }

  state(): Promise<ReportQueueState> {
    return this.serial(async (q) => q).then(() => this.load());
  }

  private async send(q: ReportQueueState): Promise<ReportQueueState> {
    let target: ReportTarget | null;
    try {
      target = await this.deps.target();
    } catch (err) {
      if (q.items.length === 0) return q;
      const nextAttempt = this.deps.now() + FIRST_REPORT_RETRY_MS;
      this.deps.schedule(nextAttempt);
      return { ...q, nextAttempt, lastError: (err as Error).message };
    }
    // Without an endpoint nothing may leave the browser, including what was queued before.
    if (!target) return { items: [], failures: 0, nextAttempt: 0 };
    if (q.items.length === 0 || this.deps.now() < q.nextAttempt) return q;
    if (this.deps.mayCollect && !(await this.deps.mayCollect())) {
      const lastError = 'waiting for the permission to send browsing activity (Firefox data-collection consent)';
      return q.lastError === lastError ? q : { ...q, lastError };
    }
    const env = await this.deps.environment();
    let state = q;
    while (state.items.length > 0) {
      const batch = state.items.slice(0, state.batchId ? state.batchLength ?? REPORT_BATCH_SIZE : REPORT_BATCH_SIZE);
      const batchId = state.batchId ?? this.deps.newId();
      const error = await this.post(target, JSON.stringify(findingsReport(batch, env, batchId, this.deps.now())));
      const now = this.deps.now();
      if (error === null || error.permanent) {
        const { batchId: _sent, batchLength: _length, ...rest } = state;
        state = { ...rest, items: state.items.slice(batch.length), failures: 0, nextAttempt: 0 };
        if (error) state.lastError = error.message;
        else {
          state.lastSent = now;
          delete state.lastError;
        }
        continue;
      }
      const failures = state.failures + 1;
      const nextAttempt = now + reportRetryDelay(failures, this.deps.random ?? Math.random);
      this.deps.schedule(nextAttempt);
      return { ...state, batchId, batchLength: batch.length, failures, nextAttempt, lastError: error.message };
    }
    return state;
  }

  private async post(target: ReportTarget, body: string): Promise<{ message: string; permanent: boolean } | null> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (target.authHeader) headers.Authorization = target.authHeader;
    try {
      const res = await this.deps.fetch(target.endpoint, {
        method: 'POST',
        headers,
        body,
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await res.body?.cancel().catch(() => {});
      if (res.ok) return null;
      return { message: `${target.endpoint} answered HTTP ${res.status}`, permanent: permanent(res.status) };
    } catch (err) {
      return { message: `${target.endpoint} could not be reached: ${(err as Error).message}`, permanent: false };
    }
  }

  private async load(): Promise<ReportQueueState> {
    const stored = (await this.deps.area.get(REPORT_QUEUE_KEY))[REPORT_QUEUE_KEY] as ReportQueueState | undefined;
    return stored && Array.isArray(stored.items) ? stored : { items: [], failures: 0, nextAttempt: 0 };
  }

  private serial(op: (q: ReportQueueState) => Promise<ReportQueueState>): Promise<void> {
    const run = this.chain.then(async () => {
      const before = await this.load();
      const after = await op(before);
      if (after !== before) await this.deps.area.set({ [REPORT_QUEUE_KEY]: after });
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}

function boundQueue(items: ExportableFinding[]): ExportableFinding[] {
  let kept = items;
  if (kept.length > MAX_QUEUED_FINDINGS) {
    const drop = new Set([...kept].sort(byEvictionOrder).slice(0, kept.length - MAX_QUEUED_FINDINGS));
    kept = kept.filter((f) => !drop.has(f));
  }
  return boundByBytes(kept, MAX_QUEUE_BYTES);
}
