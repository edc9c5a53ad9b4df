import type { Storage } from 'webextension-polyfill';
import type { ReportTarget } from '../engine/policy/types';
import { findingsReport } from '../engine/export/index';
import type { ExportEnvironment, ExportableFinding } from '../engine/export/index';

export const REPORT_QUEUE_KEY = 'reportQueue';
export const REPORT_ALARM = 'ms:report';
export const REPORT_BATCH_SIZE = 50;
/** An endpoint down for days must not fill the disk: the oldest findings go first. */
export const MAX_QUEUED_FINDINGS = 2000;
export const FIRST_REPORT_RETRY_MS = 60_000;
export const MAX_REPORT_RETRY_MS = 3_600_000;
const REQUEST_TIMEOUT_MS = 30_000;

export interface ReportQueueState {
  items: ExportableFinding[];
  /** Id of the batch at the head of the queue, kept across retries so the receiver can de-duplicate. */
  batchId?: string;
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
  target: () => Promise<ReportTarget | null>;
  environment: () => Promise<ExportEnvironment>;
  /** Asks to be woken at `when` to retry; the alarm handler then calls `flush`. */
  schedule: (when: number) => void;
  random?: () => number;
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

  enqueue(findings: readonly ExportableFinding[]): Promise<void> {
    return this.serial(async (q) => {
      if (findings.length === 0 || !(await this.deps.target())) return q;
      const items = [...q.items, ...findings].slice(-MAX_QUEUED_FINDINGS);
      return this.send({ ...q, items });
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
    const target = await this.deps.target();
    // Without an endpoint nothing may leave the browser, including what was queued before.
    if (!target) return { items: [], failures: 0, nextAttempt: 0 };
    if (q.items.length === 0 || this.deps.now() < q.nextAttempt) return q;
    const env = await this.deps.environment();
    let state = q;
    while (state.items.length > 0) {
      const batch = state.items.slice(0, REPORT_BATCH_SIZE);
      const batchId = state.batchId ?? this.deps.newId();
      const error = await this.post(target, JSON.stringify(findingsReport(batch, env, batchId, this.deps.now())));
      const now = this.deps.now();
      if (error === null || error.permanent) {
        const { batchId: _sent, ...rest } = state;
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
      return { ...state, batchId, failures, nextAttempt, lastError: error.message };
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
