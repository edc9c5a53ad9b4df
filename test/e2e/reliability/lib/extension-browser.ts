// One face for both browsers: Chromium through this suite's own launcher (it needs the
// service worker and CDP), Firefox through the shared harness (state via the popup).
import type { StoredFinding, TabState } from '../../../../src/engine/protocol';
import type { PopupTabState } from '../../../../src/background/tab-state';
import { openBrowser, waitFor, type BrowserKind } from '../../harness';
import { launchChromium, newProfileDir, removeProfileDir, sessionBytesInUse, type ExtensionChromium } from './chromium-profile';
import { EVENT_WAIT_MS } from '../../harness/wait-for';

export interface RelPage {
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  close(): Promise<void>;
}

export interface RelBrowser {
  kind: BrowserKind;
  open(url: string): Promise<RelPage>;
  /** State of the first tab whose URL starts with `urlPrefix`; null when there is none yet. */
  tabState(urlPrefix: string): Promise<TabState | null>;
  /** `storage.session` bytes in use, where the browser lets a test read them (Chromium). */
  sessionBytes?(): Promise<number>;
  /** Chromium only: the context, service worker and CDP behind this browser. */
  chromium?: ExtensionChromium;
  close(): Promise<void>;
}

export async function openExtensionBrowser(kind: BrowserKind): Promise<RelBrowser> {
  if (kind === 'chromium') {
    const profile = await newProfileDir();
    const b = await launchChromium(profile);
    return {
      kind,
      open: async (url) => {
        const page = await b.newPage(url);
        return { evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never, close: () => page.close() };
      },
      tabState: (prefix) => b.tabState(prefix),
      sessionBytes: () => sessionBytesInUse(b),
      chromium: b,
      close: async () => {
        await b.close();
        await removeProfileDir(profile);
      },
    };
  }
  const h = await openBrowser(kind);
  return {
    kind,
    open: (url) => h.newPage(url),
    // The popup ends in its error state while no tab matches; that is "no state yet" here.
    tabState: (prefix) => h.tabState(prefix).catch(() => null),
    close: () => h.close(),
  };
}

export function stateWhere(b: RelBrowser, urlPrefix: string, accept: (s: TabState) => boolean, what: string, timeout = 20_000) {
  return waitFor(async () => {
    const s = await b.tabState(urlPrefix);
    return s !== null && accept(s) && s;
  }, { timeout, interval: 250, what });
}

/**
 * Sends a barrier (see pages/barrier.js) and waits until one of its findings is stored in
 * the tab; `send(n)` makes the n-th, distinct barrier and returns its SHA-256, `where` says
 * which frame's finding counts. The bridge turns a report away silently when the frame's
 * token bucket is empty (right after a flood), so while none has arrived another goes out
 * every few reads; any one stored proves the order, however many were sent.
 *
 * A barrier is a miner, so the store keeps it unless its origin's budget is already full
 * of miner-level findings, which in these tests only forged findings that got through can
 * cause. `unless` ends the wait early on a state that already shows such a failure: one
 * forged finding stored is final, whatever else is still on its way.
 */
export async function afterBarrier(
  b: RelBrowser,
  urlPrefix: string,
  send: (n: number) => Promise<string>,
  where: (f: StoredFinding) => boolean,
  what: string,
  unless: (s: TabState) => boolean = () => false,
): Promise<{ state: TabState; barriers: Set<string> }> {
  const barriers = new Set([await send(0)]);
  let reads = 0;
  const state = await waitFor(async () => {
    const s = await b.tabState(urlPrefix);
    if (s && (unless(s) || s.findings.some((f) => f.hashes?.sha256 !== undefined && barriers.has(f.hashes.sha256) && where(f)))) return s;
    if (++reads % RESEND_EVERY === 0) barriers.add(await send(barriers.size));
    return false;
  }, { timeout: EVENT_WAIT_MS, interval: 250, what: `${what} (a barrier's finding)` });
  return { state, barriers };
}

/** Reads between barriers: the bucket has tokens again within 50 ms, so one every second is plenty. */
const RESEND_EVERY = 4;

/** Findings the tab's budget turned away so far, all origins together. */
export function droppedCount(s: TabState): number {
  return ((s as PopupTabState).dropped ?? []).reduce((n, d) => n + d.count, 0);
}
