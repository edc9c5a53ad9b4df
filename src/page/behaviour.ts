// Behaviour never blocks: it only lifts code that is merely crypto-capable (a hashing
// library, say) to 'suspicious' when it runs the way miners run it, fanned out over as
// many workers as the machine has cores, or keeping a worker's event loop saturated.
// A worker saturated for as long with no Wasm at all is reported too: a miner written in
// plain JS leaves the Wasm analyser nothing to judge, and rules may not know its text.
// One report per frame: the pattern is the finding, not each worker.
import type { FindingFields } from './make-finding';
import type { RealmContext } from './hook-scope';

export interface CryptoCapableRun {
  api: string;
  context: RealmContext;
  url?: string;
  /** Passed up from a worker's own nested worker: its starter, not ours, watches its heartbeat. */
  relayed?: boolean;
}

export interface BehaviourSink {
  /** A module judged crypto-capable (not a miner by itself) was compiled here or in a worker started from here. */
  cryptoCapable(run: CryptoCapableRun): void;
  /** A worker was started here or below. */
  workerStarted(): void;
  /**
   * A worker stopped answering for a while: one running crypto-capable code, or with
   * `withoutWasm`, one that compiled no Wasm at all.
   */
  busyWorker(url: string, withoutWasm?: boolean): void;
  /** A Wasm module of any verdict was compiled here (a worker's starter then tells its busy loop from a JS one). */
  wasmCompiled?(): void;
}

/** Missed heartbeats in a row that count as a saturated worker. */
export const BUSY_AFTER_MISSED = 3;
export const HEARTBEAT_MS = 1000;

export function createBehaviourTracker(report: (fields: FindingFields) => void, cores: number): BehaviourSink {
  const fanOut = Math.max(2, Number.isFinite(cores) && cores > 0 ? cores : 2);
  let workers = 0;
  let crypto: CryptoCapableRun | null = null;
  let busy: string | null = null;
  let busyWithoutWasm: string | null = null;
  let reported = false;

  function check(): void {
    if (reported) return;
    if (!crypto) {
      if (busyWithoutWasm === null) return;
      reported = true;
      report({
        kind: 'behaviour',
        verdict: 'suspicious',
        action: 'reported',
        reason: `sustained busy worker without Wasm: possible JS miner (its event loop stayed saturated for ${BUSY_AFTER_MISSED}+ s)`,
        api: 'Worker',
        url: busyWithoutWasm,
      });
      return;
    }
    let pattern: string | null = null;
    if (busy !== null) pattern = `a worker running it kept its event loop saturated for ${BUSY_AFTER_MISSED}+ s`;
    else if (workers >= fanOut) pattern = `the frame started ${workers} workers on a ${cores}-core machine`;
    if (!pattern) return;
    reported = true;
    const url = busy ?? crypto.url;
    report({
      kind: 'behaviour',
      verdict: 'suspicious',
      action: 'reported',
      reason: `crypto-capable code (${crypto.api} in ${crypto.context}) and ${pattern}`,
      api: crypto.api,
      ...(url !== undefined ? { url } : {}),
    });
  }

  return {
    cryptoCapable(run) {
      crypto ??= run;
      check();
    },
    workerStarted() {
      workers++;
      check();
    },
    busyWorker(url, withoutWasm) {
      if (withoutWasm) busyWithoutWasm ??= url;
      else busy ??= url;
      check();
    },
  };
}
