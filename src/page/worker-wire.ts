// Messages on the private port between a worker's hook and the realm that started the
// worker. Always JSON strings: the worker's own code may have patched its prototypes,
// and a string reads the same whatever it did.
import type { Finding } from '../engine/types';
import type { CryptoCapableRun } from './behaviour';

/** Starter → worker. */
export type DownMessage =
  /** `config` is the PageConfig as JSON text. */
  | { type: 'config'; config: string }
  | { type: 'ping' };

/** Worker → starter. */
export type UpMessage =
  | { type: 'hello' }
  | { type: 'pong' }
  | { type: 'finding'; finding: Finding }
  | { type: 'crypto-capable'; run: CryptoCapableRun }
  | { type: 'worker-started' }
  /** This worker compiled Wasm: its silence is then not a plain-JS loop. */
  | { type: 'wasm' }
  /** A worker this one started stopped answering its heartbeats. */
  | { type: 'busy'; url: string; withoutWasm?: boolean };
