import type { Verdict } from '../types';

export interface PrimitiveHit { name: string; evidence: string }
export interface WasmError { code: string; message: string; offset: number }
export interface WasmStats {
  bytes: number; functions: number; imports: number; exports: number; dataBytes: number;
  memoryMinPages: number; memoryMaxPages?: number; instructions: number; xorShiftRotateDensity: number;
}
export interface WasmReport { ok: boolean; error?: WasmError; primitives: PrimitiveHit[]; verdict: Verdict; stats: WasmStats }
