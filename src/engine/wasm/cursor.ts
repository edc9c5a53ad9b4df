import { ParseError } from './parse-error';

/** Bounds-checked reads inside one section; positions are translated to module offsets on error. */
export class Cursor {
  constructor(public buf: Uint8Array, public p: number, public end: number, public delta: number) {}

  fail(code: string, message: string, at = this.p): never {
    throw new ParseError(code, message, at + this.delta);
  }

  byte(): number {
    if (this.p >= this.end) this.fail('malformed', 'unexpected end of section');
    return this.buf[this.p++];
  }

  u32(): number {
    // Most counts and sizes fit in one byte: that case costs one load and no call.
    const p = this.p;
    if (p < this.end) {
      const b = this.buf[p];
      if (b < 0x80) {
        this.p = p + 1;
        return b;
      }
    }
    return this.u32Long();
  }

  private u32Long(): number {
    const start = this.p;
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        if (shift === 28 && b > 0x0f) this.fail('bad-leb', 'u32 LEB128 out of range', start);
        return v;
      }
    }
    return this.fail('bad-leb', 'u32 LEB128 longer than 5 bytes', start);
  }

  /** u64 limits of memory64; precision beyond 2^53 does not matter for page counts. */
  u64(): number {
    const start = this.p;
    let v = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const b = this.byte();
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
    return this.fail('bad-leb', 'u64 LEB128 longer than 10 bytes', start);
  }

  /** Signed LEB (heap types, s33 type indices): only its length matters here. */
  skipLeb(): void {
    const start = this.p;
    for (let i = 0; i < 10; i++) if (this.byte() < 0x80) return;
    this.fail('bad-leb', 'LEB128 longer than 10 bytes', start);
  }

  skip(n: number): void {
    if (n > this.end - this.p) this.fail('malformed', 'length runs past the end of its section');
    this.p += n;
  }

  /** Names are not read by the fingerprints: only their length is checked. */
  skipName(): void {
    this.skip(this.u32());
  }

  valtype(): void {
    const t = this.byte();
    if (t === 0x63 || t === 0x64) this.skipLeb();
    else if (t < 0x64 || t > 0x7f) this.fail('malformed', `unknown value type 0x${t.toString(16)}`, this.p - 1);
  }
}
