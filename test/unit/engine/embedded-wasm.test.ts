import { describe, expect, it } from 'vitest';
import { findEmbeddedWasm } from '../../../src/engine/embedded-wasm';

// Smallest valid module: magic + version, followed by an empty custom section so the
// payload is longer than the 8-byte header the finder requires.
const MODULE = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x78]);

describe('findEmbeddedWasm', () => {
  it('finds a base64 module inside JS and decodes it byte for byte', () => {
    const b64 = Buffer.from(MODULE).toString('base64');
    const found = findEmbeddedWasm(`var w = "${b64}"; WebAssembly.instantiate(decode(w));`);
    expect(found).toHaveLength(1);
    expect(found[0].encoding).toBe('base64');
    expect(Array.from(found[0].bytes)).toEqual(Array.from(MODULE));
  });

  it('finds decimal and hex byte arrays', () => {
    const dec = `new Uint8Array([${Array.from(MODULE).join(', ')}])`;
    const hex = `[${Array.from(MODULE).map((b) => '0x' + b.toString(16)).join(',')}]`;
    const found = findEmbeddedWasm(`${dec}; const x = ${hex};`);
    expect(found.map((f) => f.encoding)).toEqual(['byte-array', 'byte-array']);
    for (const f of found) expect(Array.from(f.bytes)).toEqual(Array.from(MODULE));
  });

  it('ignores lookalikes that are not modules', () => {
    expect(findEmbeddedWasm('const s = "AGFzbQ!!"; const a = [0, 97, 115, 109, 300];')).toEqual([]);
    expect(findEmbeddedWasm('plain text without any module')).toEqual([]);
  });

  it('stops at the module cap', () => {
    const b64 = Buffer.from(MODULE).toString('base64');
    const src = Array.from({ length: 40 }, () => `"${b64}"`).join(';');
    expect(findEmbeddedWasm(src, 5)).toHaveLength(5);
  });

  it('finds a module padded to many megabytes, in base64 and as a byte array', () => {
    // A custom section of 9 MiB: a run long enough to overflow a backtracking regex engine.
    const payload = 9 * 1024 * 1024;
    const big = new Uint8Array(8 + 1 + 5 + payload);
    big.set([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00]);
    let n = payload + 1;
    for (let i = 9; i < 14; i++) { big[i] = (n & 0x7f) | (i < 13 ? 0x80 : 0); n >>>= 7; }
    big[14] = 0; // empty custom-section name
    const b64 = Buffer.from(big).toString('base64');
    const [fromBase64] = findEmbeddedWasm(`const w = "${b64}";`);
    expect(fromBase64?.bytes.length).toBe(big.length);
    const smallArray = `[${Array.from(MODULE).join(',')}${',0'.repeat(3_000_000)}]`;
    const [fromArray] = findEmbeddedWasm(`const a = ${smallArray};`);
    expect(fromArray?.bytes.length).toBe(MODULE.length + 3_000_000);
  });
});

