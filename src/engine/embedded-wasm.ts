// Miners ship their module inside the JS more often than as a .wasm file: as a base64
// string or as a literal byte array. Finds both shapes without evaluating anything.

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
// Base64 of "\0asm" followed by version 1 always starts with this text.
const BASE64_PREFIX = 'AGFzbQ';
const BASE64_RUN = /AGFzbQ[A-Za-z0-9+/]{8,}={0,2}/g;
const BYTE_ARRAY_RUN = /\[\s*(?:0x0*0|0)\s*,\s*(?:0x61|97)\s*,\s*(?:0x73|115)\s*,\s*(?:0x6d|109)\s*,[\s\d,xXa-fA-F]*\]/g;

export interface EmbeddedModule { encoding: 'base64' | 'byte-array'; offset: number; bytes: Uint8Array }

export function findEmbeddedWasm(source: string, maxModules = 16): EmbeddedModule[] {
  const found: EmbeddedModule[] = [];
  if (source.includes(BASE64_PREFIX)) {
    for (const m of source.matchAll(BASE64_RUN)) {
      const bytes = decodeBase64(m[0]);
      if (bytes && startsWithMagic(bytes)) found.push({ encoding: 'base64', offset: m.index ?? 0, bytes });
      if (found.length >= maxModules) return found;
    }
  }
  for (const m of source.matchAll(BYTE_ARRAY_RUN)) {
    const bytes = decodeByteArray(m[0]);
    if (bytes && startsWithMagic(bytes)) found.push({ encoding: 'byte-array', offset: m.index ?? 0, bytes });
    if (found.length >= maxModules) break;
  }
  return found;
}

function startsWithMagic(b: Uint8Array): boolean {
  return b.length >= 8 && WASM_MAGIC.every((v, i) => b[i] === v);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

function decodeBase64(text: string): Uint8Array | null {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = B64_INDEX[clean.charCodeAt(i)];
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
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
