// Miners ship their module inside the JS more often than as a .wasm file: as a base64
// string or as a literal byte array. Finds both shapes without evaluating anything.

import { decodeBase64, isBase64Char } from './base64';

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
// Base64 of "\0asm" followed by version 1 always starts with this text.
const BASE64_PREFIX = 'AGFzbQ';
const BYTE_ARRAY_HEAD = /\[\s*(?:0x0*0|0)\s*,\s*(?:0x61|97)\s*,\s*(?:0x73|115)\s*,\s*(?:0x6d|109)\s*,/g;

export interface EmbeddedModule { encoding: 'base64' | 'byte-array'; offset: number; bytes: Uint8Array }

// Runs are measured by hand, not by an unbounded regex quantifier: V8's backtracking
// engine overflows its stack on multi-megabyte runs, so padding a module would hide it.
const isByteArrayChar = (c: number): boolean =>
  c === 0x2c || c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x30 && c <= 0x39) ||
  c === 0x78 || c === 0x58 || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

function runEnd(source: string, from: number, accept: (c: number) => boolean): number {
  let i = from;
  while (i < source.length && accept(source.charCodeAt(i))) i++;
  return i;
}

export function findEmbeddedWasm(source: string, maxModules = 16): EmbeddedModule[] {
  const found: EmbeddedModule[] = [];
  for (let at = source.indexOf(BASE64_PREFIX); at >= 0; at = source.indexOf(BASE64_PREFIX, at + 1)) {
    const end = runEnd(source, at, isBase64Char);
    if (end - at < BASE64_PREFIX.length + 8) continue;
    const bytes = decodeBase64(source.slice(at, end));
    if (bytes && startsWithMagic(bytes)) found.push({ encoding: 'base64', offset: at, bytes });
    if (found.length >= maxModules) return found;
    at = end;
  }
  BYTE_ARRAY_HEAD.lastIndex = 0;
  for (let m = BYTE_ARRAY_HEAD.exec(source); m; m = BYTE_ARRAY_HEAD.exec(source)) {
    const end = runEnd(source, BYTE_ARRAY_HEAD.lastIndex, isByteArrayChar);
    if (source.charCodeAt(end) !== 0x5d) continue;
    const bytes = decodeByteArray(source.slice(m.index, end + 1));
    if (bytes && startsWithMagic(bytes)) found.push({ encoding: 'byte-array', offset: m.index, bytes });
    if (found.length >= maxModules) break;
    BYTE_ARRAY_HEAD.lastIndex = end + 1;
  }
  return found;
}

function startsWithMagic(b: Uint8Array): boolean {
  return b.length >= 8 && WASM_MAGIC.every((v, i) => b[i] === v);
}

function decodeByteArray(text: string): Uint8Array | null {
  const parts = text.slice(1, -1).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const out = new Uint8Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const v = Number(parts[i]);
    if (!Number.isInteger(v) || v < 0 || v > 255) return null;
    out[i] = v;
  }
  return out;
}
