// What the hook learnt about a compiled module, keyed by the WebAssembly.Module object,
// so `instantiate(module)` / `new Instance(module)` can act on a module compiled earlier.
// Only modules worth a later memory re-check are kept: the rest need nothing more.
import type { ModuleJudgement } from './judge-module';
import { SafeWeakMap } from './intrinsics';

export interface ModuleRecord {
  judgement: ModuleJudgement;
  api: string;
  url?: string;
  /** Set when a memory re-check of one of its instances showed a miner. */
  minerByMemory: boolean;
}

export const moduleRecords = new SafeWeakMap<object, ModuleRecord>();

export function recordOf(value: unknown): ModuleRecord | undefined {
  return (typeof value === 'object' && value !== null) ? moduleRecords.get(value) : undefined;
}

// Every module the hooks of this bundle let through, judged or passed while checks were
// off, and every module received in a message (module-receipts.ts). `new Instance` and
// `instantiate(module)` refuse any other: one that leaked out before its verdict, or was
// compiled where no hook watched.
const cleared = new SafeWeakMap<object, true>();

export function clearModule(module: unknown): void {
  if (typeof module === 'object' && module !== null) cleared.set(module, true);
}

export function isCleared(module: unknown): boolean {
  return typeof module === 'object' && module !== null && cleared.has(module);
}
