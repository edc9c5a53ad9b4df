// AES tables are derived from the field arithmetic of FIPS-197 instead of being typed in,
// so a transcription slip cannot silently blind the detector.

function xtime(b: number): number {
  return ((b << 1) ^ (b & 0x80 ? 0x11b : 0)) & 0xff;
}

function rotl8(b: number, n: number): number {
  return ((b << n) | (b >>> (8 - n))) & 0xff;
}

let sbox: Uint8Array | undefined;

export function aesSbox(): Uint8Array {
  if (sbox) return sbox;
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  let p = 1;
  for (let i = 0; i < 255; i++) {
    exp[i] = p;
    log[p] = i;
    p ^= xtime(p); // multiply by the generator 3
  }
  const s = new Uint8Array(256);
  for (let x = 0; x < 256; x++) {
    const inv = x === 0 ? 0 : exp[(255 - log[x]) % 255];
    s[x] = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
  }
  sbox = s;
  return s;
}

export function aesInvSbox(): Uint8Array {
  const s = aesSbox();
  const inv = new Uint8Array(256);
  for (let x = 0; x < 256; x++) inv[s[x]] = x;
  return inv;
}

/**
 * `s[x]` times `m` (below 8) for every x. The tables are built in every realm on its first
 * module, while the code is cold: two xtimes per byte instead of a bit-serial multiply.
 */
export function sboxTimes(m: number): Uint8Array {
  const s = aesSbox();
  const out = new Uint8Array(256);
  for (let x = 0; x < 256; x++) {
    const v = s[x];
    const v2 = xtime(v);
    out[x] = (m & 1 ? v : 0) ^ (m & 2 ? v2 : 0) ^ (m & 4 ? xtime(v2) : 0);
  }
  return out;
}

/** Encryption T-table Te0 as numbers whose big-endian bytes are (2s, s, s, 3s); Te1..3 are byte rotations. */
export function aesTe0(): Uint32Array {
  const s = aesSbox();
  const s2 = sboxTimes(2);
  const t = new Uint32Array(256);
  for (let x = 0; x < 256; x++) {
    const v = s[x];
    t[x] = ((s2[x] << 24) | (v << 16) | (v << 8) | (s2[x] ^ v)) >>> 0;
  }
  return t;
}

export function rotr32(v: number, n: number): number {
  return ((v >>> n) | (v << (32 - n))) >>> 0;
}
