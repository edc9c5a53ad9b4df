// Some miners ship their constant tables (AES S-boxes, Keccak round constants) as JS
// and copy them into linear memory at run time, so the module alone only looks
// crypto-capable. Such instances get their exported memory scanned a little later,
// when the loader has had time to fill it in.
//
// If that shows a miner, it is reported, and in block mode every *later* instantiation
// of the same module is refused. The running instance is left alone: its exports object
// is frozen and its functions are engine-owned, so stopping it would mean handing the
// page substitute exports from the start, which would alter every benign
// crypto-capable module (hashing libraries, codecs) for a case we cannot know yet.
import type { PrimitiveHit } from '../engine/wasm/analyze';
import { engine, type Engine } from './engine';
import { emit, type HookContext } from './hook-context';
import { apply, getterOf, getOwnPropertyDescriptor, NativeUint8Array, ownKeys } from './intrinsics';
import type { ModuleRecord } from './module-records';
import { pristine } from './realm-guard';

/** Two looks: one soon after start-up, one once a hashing loop has surely touched the scratchpad. */
export const RECHECK_DELAYS_MS = [1000, 5000] as const;

export function watchInstanceMemory(ctx: HookContext, instance: unknown, record: ModuleRecord): void {
  if (record.minerByMemory) return;
  const setTimer = ctx.win.setTimeout;
  for (const delay of RECHECK_DELAYS_MS) {
    apply(setTimer, ctx.win, [() => recheck(ctx, instance, record), delay]);
  }
}

function exportedMemories(ctx: HookContext, instance: unknown): Uint8Array[] {
  const WA = ctx.win.WebAssembly;
  const readExports = getterOf(WA.Instance.prototype, 'exports');
  const readBuffer = getterOf(WA.Memory.prototype, 'buffer');
  if (!readExports || !readBuffer) return [];
  const exports = apply(readExports, instance, []) as object;
  const out: Uint8Array[] = [];
  for (const key of ownKeys(exports)) {
    const value = getOwnPropertyDescriptor(exports, key)?.value;
    try {
      // The getter is the brand check: it throws for anything but a real Memory.
      out[out.length] = new NativeUint8Array(apply(readBuffer, value, []) as ArrayBuffer);
    } catch {
      // Not a memory export.
    }
  }
  return out;
}

export function recheck(ctx: HookContext, instance: unknown, record: ModuleRecord): void {
  if (record.minerByMemory || !ctx.policy.checking()) return;
  let next: ReturnType<Engine['reassess']>;
  try {
    // On the built-ins of install time, as every judgement: this one runs long after the
    // page's scripts started. A realm they cannot be put back in is not re-checked.
    next = pristine(() => {
      const { scanMemory, reassess } = engine();
      let hits: PrimitiveHit[] = [];
      for (const memory of exportedMemories(ctx, instance)) hits = hits.concat(scanMemory(memory));
      return reassess(record.judgement.report, hits);
    });
  } catch {
    return;
  }
  if (next.verdict.level !== 'miner') return;
  record.minerByMemory = true;
  emit(ctx, {
    kind: 'wasm',
    verdict: 'miner',
    action: 'reported',
    reason: `linear memory after instantiation: ${next.verdict.reason}`,
    primitives: next.primitives.map((p) => p.name),
    hashes: record.judgement.hashes,
    api: record.api,
    ...(record.url !== undefined ? { url: record.url } : {}),
  });
}
