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
