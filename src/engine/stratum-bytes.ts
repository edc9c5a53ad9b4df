// Binary frames reach a pool as bytes it decodes itself. Stratum keys and method names
// are ASCII, so decoding UTF-8 byte by byte (Latin-1) keeps every token and the JSON
// structure intact at a fraction of a real decoder's cost; UTF-16 is recognised by its
// byte-order mark or by the zero byte beside every ASCII character.
//
// The page hook calls this on every binary frame without restoring the realm's built-ins
// first (that costs a tenth of a millisecond a frame), so it uses only functions captured
// when the engine loads, before page scripts run, and arrays without a prototype: a page
// that replaced a typed array's `length` getter or set an index setter on Array.prototype
// cannot change the text it returns.

const fromCharCode = String.fromCharCode;
const apply = Reflect.apply;
const setPrototypeOf = Reflect.setPrototypeOf;
const typedLength = Reflect.getOwnPropertyDescriptor(Reflect.getPrototypeOf(Uint8Array.prototype) as object, 'length')!.get!;
const CHUNK = 8192;

/** -1 not UTF-16; else which byte of a pair is the high one for ASCII text (1: little-endian). */
function utf16Order(b: Uint8Array, n: number): number {
  if (n < 2) return -1;
  if (b[0] === 0xff && b[1] === 0xfe) return 1;
  if (b[0] === 0xfe && b[1] === 0xff) return 0;
  const probe = (n < 64 ? n : 64) & ~1;
  for (let high = 1; high >= 0; high--) {
    let zeros = 0;
    for (let i = high; i < probe; i += 2) if (b[i] === 0 && b[i ^ 1] !== 0) zeros++;
    if (zeros * 2 === probe) return high;
  }
  return -1;
}

/** An empty array that reads and writes only its own elements. */
function bareArray(): number[] {
  const a: number[] = [];
  setPrototypeOf(a, null);
  return a;
}

export function bytesToText(b: Uint8Array): string {
  const n = apply(typedLength, b, []) as number;
  const high = utf16Order(b, n);
  let out = '';
  let units = bareArray();
  let k = 0;
  const flush = () => {
    out += apply(fromCharCode, undefined, units) as string;
    units = bareArray();
    k = 0;
  };
  if (high < 0) {
    const start = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
    for (let i = start; i < n; i++) {
      units[k++] = b[i]!;
      if (k === CHUNK) flush();
    }
  } else {
    for (let i = 0; i + 1 < n; i += 2) {
      units[k++] = b[i + high]! * 256 + b[i + (high ^ 1)]!;
      if (k === CHUNK) flush();
    }
  }
  flush();
  return out;
}
