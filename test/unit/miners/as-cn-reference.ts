// A plain TypeScript model of the CryptoNight core (CNS008) used as the reference for the
// AssemblyScript cryptonight fixtures: Keccak-1600, AES-256 key schedule, explode, memory-hard
// loop, implode, Keccak-f, then state words 0-3 xor 4-7 (the fixtures' stand-in for the four
// finalisers). Written for these tests only; AES tables from FIPS 197 via aes-tables.mjs.
// @ts-expect-error plain .mjs helper without types
import { tables } from '../../fixtures/miners/src/as/aes-tables.mjs';

const M = (1n << 64n) - 1n;
const RC = [0x1n, 0x8082n, 0x800000000000808an, 0x8000000080008000n, 0x808bn, 0x80000001n, 0x8000000080008081n,
  0x8000000000008009n, 0x8an, 0x88n, 0x80008009n, 0x8000000an, 0x8000808bn, 0x800000000000008bn, 0x8000000000008089n,
  0x8000000000008003n, 0x8000000000008002n, 0x8000000000000080n, 0x800an, 0x800000008000000an, 0x8000000080008081n,
  0x8000000000008080n, 0x80000001n, 0x8000000080008008n];
const RHO = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];
const rotl = (x: bigint, n: number) => (n === 0 ? x : ((x << BigInt(n)) | (x >> BigInt(64 - n))) & M);

function keccakF(a: bigint[]): void {
  for (let round = 0; round < 24; round++) {
    const c = [0, 1, 2, 3, 4].map((x) => a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20]);
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
      for (let y = 0; y < 5; y++) a[x + 5 * y] ^= d;
    }
    const b = new Array<bigint>(25);
    for (let x = 0; x < 5; x++) for (let y = 0; y < 5; y++) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], RHO[x + 5 * y]);
    for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) {
      a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & M & b[(x + 2) % 5 + 5 * y]);
    }
    a[0] ^= RC[round];
  }
}

const T = tables() as { s: number[]; te0: number[] };
const SBOX = Uint8Array.from(T.s);
const TE = [0, 1, 2, 3].map((n) => Uint32Array.from(T.te0, (v: number) => ((v << (8 * n)) | (v >>> (32 - 8 * n))) >>> 0));

function expandKey(key: Uint32Array): Uint32Array {
  const w = new Uint32Array(40);
  w.set(key.subarray(0, 8));
  let rcon = 1;
  const sub = (x: number) => (SBOX[x & 255] | (SBOX[(x >>> 8) & 255] << 8) | (SBOX[(x >>> 16) & 255] << 16) | (SBOX[x >>> 24] << 24)) >>> 0;
  for (let i = 8; i < 40; i++) {
    let t = w[i - 1];
    if (i % 8 === 0) { t = (sub(((t >>> 8) | (t << 24)) >>> 0) ^ rcon) >>> 0; rcon = (rcon << 1) ^ (rcon & 0x80 ? 0x11b : 0); } else if (i % 8 === 4) t = sub(t);
    w[i] = (w[i - 8] ^ t) >>> 0;
  }
  return w;
}

// one AES round on words s[o..o+3] with key words k[ko..ko+3]
export function round(s: Uint32Array, o: number, k: Uint32Array, ko: number): void {
  const [s0, s1, s2, s3] = [s[o], s[o + 1], s[o + 2], s[o + 3]];
  const col = (a: number, b: number, c: number, d: number) => TE[0][a & 255] ^ TE[1][(b >>> 8) & 255] ^ TE[2][(c >>> 16) & 255] ^ TE[3][d >>> 24];
  s[o] = col(s0, s1, s2, s3) ^ k[ko];
  s[o + 1] = col(s1, s2, s3, s0) ^ k[ko + 1];
  s[o + 2] = col(s2, s3, s0, s1) ^ k[ko + 2];
  s[o + 3] = col(s3, s0, s1, s2) ^ k[ko + 3];
}

export function cnCoreReference(input: Uint8Array, memory: number, iterations: number): Uint8Array {
  // Keccak-1600, rate 136, padding 0x01 .. 0x80
  const padded = new Uint8Array((Math.floor(input.length / 136) + 1) * 136);
  padded.set(input);
  padded[input.length] ^= 0x01;
  padded[padded.length - 1] ^= 0x80;
  const a = new Array<bigint>(25).fill(0n);
  const dv = new DataView(padded.buffer);
  for (let off = 0; off < padded.length; off += 136) {
    for (let i = 0; i < 17; i++) a[i] ^= dv.getBigUint64(off + 8 * i, true);
    keccakF(a);
  }
  const state = new Uint8Array(200);
  const sv = new DataView(state.buffer);
  a.forEach((x, i) => sv.setBigUint64(8 * i, x, true));
  const w32 = (b: Uint8Array) => new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));

  const sp = new Uint32Array(memory / 4);
  let keys = expandKey(w32(state.subarray(0, 32)));
  const text = w32(state.subarray(64, 192));
  for (let off = 0; off < memory / 4; off += 32) {
    for (let blk = 0; blk < 32; blk += 4) for (let r = 0; r < 10; r++) round(text, blk, keys, 4 * r);
    sp.set(text, off);
  }
  const sp64 = new BigUint64Array(sp.buffer);
  const g = (i: number) => sv.getBigUint64(i, true);
  let a0 = g(0) ^ g(32), a1 = g(8) ^ g(40), b0 = g(16) ^ g(48), b1 = g(24) ^ g(56);
  const mask = BigInt(memory - 16);
  const c = new Uint32Array(4);
  const key = new Uint32Array(4);
  const kb = new BigUint64Array(key.buffer);
  const cb = new BigUint64Array(c.buffer);
  for (let i = 0; i < iterations; i++) {
    let p = Number(a0 & mask) / 8;
    cb[0] = sp64[p]; cb[1] = sp64[p + 1];
    kb[0] = a0; kb[1] = a1;
    round(c, 0, key, 0);
    const c0 = cb[0], c1 = cb[1];
    sp64[p] = b0 ^ c0; sp64[p + 1] = b1 ^ c1;
    p = Number(c0 & mask) / 8;
    const d0 = sp64[p], d1 = sp64[p + 1];
    const prod = c0 * d0;
    a0 = (a0 + (prod >> 64n)) & M;
    a1 = (a1 + (prod & M)) & M;
    sp64[p] = a0; sp64[p + 1] = a1;
    a0 ^= d0; a1 ^= d1;
    b0 = c0; b1 = c1;
  }
  keys = expandKey(w32(state.subarray(32, 64)));
  const text2 = w32(state.subarray(64, 192));
  for (let off = 0; off < memory / 4; off += 32) {
    for (let blk = 0; blk < 32; blk += 4) {
      for (let j = 0; j < 4; j++) text2[blk + j] ^= sp[off + blk + j];
      for (let r = 0; r < 10; r++) round(text2, blk, keys, 4 * r);
    }
  }
  state.set(new Uint8Array(text2.buffer), 64);
  for (let i = 0; i < 25; i++) a[i] = sv.getBigUint64(8 * i, true);
  keccakF(a);
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) ov.setBigUint64(8 * i, a[i] ^ a[i + 4], true);
  return out;
}
