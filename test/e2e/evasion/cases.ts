// One evasion page per delivery path. `miner` cases must be detected and blocked with no
// hash computed and nothing submitted; `benign` twins must work and stay unreported;
// `socket` cases must keep the pool from answering; `behaviour` cases must be reported
// as suspicious and keep working (behaviour never blocks).
import { jsLoopRules, type UserRules } from './user-rules';

export type CaseKind = 'miner' | 'benign' | 'socket' | 'behaviour';

export interface EvasionCase {
  id: string;
  /** Row label in the matrix. */
  label: string;
  page: string;
  kind: CaseKind;
  wasm?: string;
  /** The page needs the second origin (`?alt=`). */
  alt?: boolean;
  /** The page's socket goes to the listed host instead of 127.0.0.1. */
  listedPool?: boolean;
  /**
   * Findings may also land on another tab, whose URL starts with this: a popup whose own
   * content script runs before the page reaches it reports there (Chromium, Firefox 153);
   * where the opener's hook adopts the popup first (Firefox ESR 140), on the opener's tab.
   */
  findingsTab?: string;
  /** Extra query parameters for the page. */
  query?: Record<string, string>;
  /** Why this path is known to get through; its test is expected to fail until that changes. */
  gap?: string;
  /** Custom rules the user saves before the pages open; the block must name one of them. */
  userRules?: UserRules;
}

const miner = (id: string, label: string, page: string, extra: Partial<EvasionCase> = {}): EvasionCase => ({ id, label, page, kind: 'miner', ...extra });
const benign = (id: string, label: string, page: string, extra: Partial<EvasionCase> = {}): EvasionCase => ({ id, label, page, kind: 'benign', wasm: 'benign-add', ...extra });

export const CASES: EvasionCase[] = [
  miner('instantiate-bytes', 'WebAssembly.instantiate(bytes)', 'm-instantiate-bytes.html'),
  miner('instantiate-module', 'WebAssembly.instantiate(module)', 'm-instantiate-module.html'),
  miner('instantiate-streaming', 'instantiateStreaming(fetch)', 'm-instantiate-streaming.html'),
  miner('compile-streaming', 'compileStreaming(fetch)', 'm-compile-streaming.html'),
  miner('sync-module', 'new Module / new Instance', 'm-sync-module.html'),
  miner('cn-like', 'instantiate(bytes), cn-like.wasm', 'm-instantiate-bytes.html', { wasm: 'cn-like' }),
  miner('base64', 'Wasm as base64 in JS', 'm-base64.html'),
  miner('xhr', 'Wasm fetched with XHR', 'm-xhr.html'),
  miner('worker-classic', 'classic worker', 'w-classic.html'),
  miner('worker-module', 'module worker', 'w-module.html'),
  miner('worker-nested', 'nested worker', 'w-nested.html'),
  miner('worker-blob', 'blob: worker (URL revoked)', 'w-blob.html'),
  miner('worker-data', 'data: worker', 'w-data.html'),
  miner('shared-worker', 'SharedWorker', 'w-shared.html'),
  miner('worker-csp', 'worker under CSP worker-src \'self\'', 'w-worker-csp.html'),
  miner('srcdoc', 'srcdoc iframe', 'f-srcdoc.html'),
  miner('sandboxed', 'sandboxed iframe', 'f-sandboxed.html'),
  miner('cross-origin', 'cross-origin iframe', 'f-cross-origin.html', { alt: true }),
  miner('about-blank', 'about:blank realm via contentWindow', 'f-about-blank.html'),
  miner('frames-index', 'about:blank realm via window[0]', 'f-frames-index.html'),
  miner('popup', 'window.open popup realm', 'f-popup.html', { findingsTab: 'about:blank' }),
  miner('worklet', 'AudioWorklet module', 'k-worklet.html'),
  miner('tamper', 'tampered/deleted instantiate, new realm', 'k-tamper.html'),
  // Issue 9: the page (or the worker) turns its own built-ins against the analyser, or reads the module off the hook's promises.
  miner('tamper-builtins', 'page poisons Set/Map/Array/String, then compiles (sync and async)', 't-tamper-builtins.html'),
  miner('tamper-builtins-worker', 'worker poisons its built-ins, then compiles', 't-tamper-builtins-worker.html'),
  miner('promise-grab', 'Promise.prototype.constructor / Object.prototype.then getters grab the module', 't-promise-grab.html'),
  // No Wasm: the built-in rules name miner APIs, not hashing code, so a user's content or hash rule is what knows it.
  miner('js-loop', 'plain-JS hashing loop in a worker (user content/hash rule)', 'w-js-loop.html', { userRules: jsLoopRules() }),
  miner('listed-worker', 'worker script on a URL rule', 'w-listed-script.html'),
  miner('listed-import', 'importScripts of a URL-listed library', 'w-listed-script.html', { query: { via: 'import' } }),
  miner('listed-service-worker', 'service worker on a URL rule', 's-service-worker.html'),
  { id: 'ws-unlisted', label: 'WebSocket to an unlisted pool host', page: 's-ws-pool.html', kind: 'socket' },
  { id: 'ws-listed', label: 'WebSocket to a NoCoin-listed host', page: 's-ws-pool.html', kind: 'socket', listedPool: true },
  { id: 'ws-worker', label: 'WebSocket inside a worker', page: 'w-websocket.html', kind: 'socket' },
  { id: 'ws-binary-login', label: 'stratum login in a binary frame', page: 's-ws-pool.html', kind: 'socket', query: { frame: 'binary' } },
  { id: 'ws-padded-login', label: 'stratum login padded past 16 KiB', page: 's-ws-pool.html', kind: 'socket', query: { frame: 'padded' } },
  {
    id: 'behaviour-fan-out', label: 'crypto-capable Wasm in one busy worker per core', page: 'k-behaviour.html',
    kind: 'behaviour', wasm: 'keccak-only', query: { workers: 'cores', busy: '4500', wait: '12000' },
  },
  {
    id: 'behaviour-busy', label: 'crypto-capable Wasm saturating one worker', page: 'k-behaviour.html',
    kind: 'behaviour', wasm: 'sha256-only', query: { workers: '1', busy: '6000', wait: '12000' },
  },
  {
    id: 'behaviour-js-busy', label: 'plain-JS loop saturating one worker (no Wasm, no rule)', page: 'k-js-busy.html',
    kind: 'behaviour', query: { busy: '6000', wait: '12000' },
  },
  benign('benign-crypto-capable', 'benign: crypto-capable Wasm in one idle worker', 'k-behaviour.html', { wasm: 'keccak-only', query: { workers: '1', busy: '0' } }),
  benign('benign-instantiate', 'benign: instantiateStreaming', 'm-instantiate-streaming.html'),
  benign('benign-sync', 'benign: new Module / Instance', 'm-sync-module.html'),
  benign('benign-worker', 'benign: classic worker', 'w-classic.html'),
  benign('benign-module-worker', 'benign: module worker', 'w-module.html'),
  benign('benign-nested', 'benign: nested worker', 'w-nested.html'),
  benign('benign-blob', 'benign: blob: worker', 'w-blob.html'),
  benign('benign-shared', 'benign: SharedWorker', 'w-shared.html'),
  benign('benign-srcdoc', 'benign: srcdoc iframe', 'f-srcdoc.html'),
  benign('benign-worklet', 'benign: AudioWorklet', 'k-worklet.html'),
];
