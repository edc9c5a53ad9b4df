// bytesToText runs unguarded in the page for every binary WebSocket frame: it must give the
// same text as a plain decoder, and keep giving it when the page has broken the built-ins
// a plain decoder would use.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/lib/prng';
import { bytesToText } from '../../../src/engine/stratum-bytes';

/** The plain decoder: Latin-1 bytes, or UTF-16 by BOM or by zero bytes beside ASCII. */
function reference(b: Uint8Array): string {
  let order = -1;
  if (b.length >= 2) {
    if (b[0] === 0xff && b[1] === 0xfe) order = 1;
    else if (b[0] === 0xfe && b[1] === 0xff) order = 0;
    else {
      const probe = Math.min(b.length & ~1, 64);
      for (const high of [1, 0]) {
        let zeros = 0;
        for (let i = high; i < probe; i += 2) if (b[i] === 0 && b[i ^ 1] !== 0) zeros++;
        if (zeros * 2 === probe) { order = high; break; }
      }
    }
  }
  if (order < 0) {
    const start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    return Array.from(b.subarray(start), (c) => String.fromCharCode(c)).join('');
  }
  let out = '';
  for (let i = 0; i + 1 < b.length; i += 2) out += String.fromCharCode(b[i + order]! * 256 + b[i + (order ^ 1)]!);
  return out;
}


function frames(): Uint8Array[] {
  const next = seededRandom(3);
  const out: Uint8Array[] = [];
  const lengths = [0, 1, 2, 3, 4, 63, 64, 65, 66, 127, 8191, 8192, 8193, 16_385, 20_000];
  for (const n of lengths) {
    for (const kind of ['ascii', 'binary', 'utf16le', 'utf16be', 'bom-le', 'bom-be', 'bom-utf8']) {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const ascii = 32 + Math.floor(next() * 95);
        if (kind === 'binary') b[i] = Math.floor(next() * 256);
        else if (kind === 'utf16le') b[i] = i % 2 === 0 ? ascii : 0;
        else if (kind === 'utf16be') b[i] = i % 2 === 1 ? ascii : 0;
        else b[i] = ascii;
      }
      if (kind === 'bom-le' && n >= 2) b.set([0xff, 0xfe]);
      if (kind === 'bom-be' && n >= 2) b.set([0xfe, 0xff]);
      if (kind === 'bom-utf8' && n >= 3) b.set([0xef, 0xbb, 0xbf]);
      out.push(b);
    }
  }
  return out;
}

describe('bytesToText', () => {
  it('decodes as the plain decoder does, over every length and encoding around its chunk and probe sizes', () => {
    for (const b of frames()) expect(bytesToText(b), `${b.length} bytes`).toBe(reference(b));
  });

  it('gives the same text after the page replaces the length getter, subarray and an Array.prototype index setter', () => {
    const login = new TextEncoder().encode('{"id":1,"method":"login","params":{"login":"x"}}');
    const want = bytesToText(login);
    const typedProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
    const length = Object.getOwnPropertyDescriptor(typedProto, 'length')!;
    const subarray = Object.getOwnPropertyDescriptor(typedProto, 'subarray')!;
    Object.defineProperty(typedProto, 'length', { configurable: true, get: () => 0 });
    Object.defineProperty(typedProto, 'subarray', { configurable: true, writable: true, value: () => new Uint8Array(0) });
    Object.defineProperty(Array.prototype, '0', { configurable: true, set() { /* swallow */ } });
    try {
      expect(bytesToText(login)).toBe(want);
    } finally {
      Object.defineProperty(typedProto, 'length', length);
      Object.defineProperty(typedProto, 'subarray', subarray);
      delete (Array.prototype as unknown as Record<string, unknown>)['0'];
    }
    expect(want).toContain('"method":"login"');
  });
});
