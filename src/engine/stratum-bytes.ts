// Binary frames reach a pool as bytes it decodes itself. Stratum keys and method names
// are ASCII, so decoding UTF-8 byte by byte (Latin-1) keeps every token and the JSON
// structure intact at a fraction of a real decoder's cost; UTF-16 is recognised by its
// byte-order mark or by the zero byte beside every ASCII character.

const fromCharCode = String.fromCharCode;
const apply = Reflect.apply;
const CHUNK = 8192;

/** -1 not UTF-16; else which byte of a pair is the high one for ASCII text (1: little-endian). */
function utf16Order(b: Uint8Array): number {
  if (b.length < 2) return -1;
  if (b[0] === 0xff && b[1] === 0xfe) return 1;
  if (b[0] === 0xfe && b[1] === 0xff) return 0;
  const probe = Math.min(b.length & ~1, 64);
  for (const high of [1, 0]) {
    let zeros = 0;
    for (let i = high; i < probe; i += 2) if (b[i] === 0 && b[i ^ 1] !== 0) zeros++;
    if (zeros * 2 === probe) return high;
  }
  return -1;
}

export function bytesToText(b: Uint8Array): string {
  let out = '';
  const high = utf16Order(b);
  if (high < 0) {
    const start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    for (let i = start; i < b.length; i += CHUNK) out += apply(fromCharCode, undefined, b.subarray(i, i + CHUNK));
    return out;
  }
  const units: number[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) {
    units.push(b[i + high] * 256 + b[i + (high ^ 1)]);
    if (units.length === CHUNK) {
      out += apply(fromCharCode, undefined, units);
      units.length = 0;
    }
  }
  return out + apply(fromCharCode, undefined, units);
}
