import { CallGraph } from './call-graph';
import { CodeWalker } from './code-walker';
import { emptyFeatures, type CodeFeatures } from './code-features';
import { FLAG_DATA, type ConstantIndex } from './const-index';
import { Cursor } from './cursor';
import type { NativeWalker, SectionLimits } from './native/native-walker';
import { ParseError } from './parse-error';
import type { WasmError } from './report-types';

// Section-at-a-time reader: the caller hands it bytes as they arrive and it consumes every
// complete section, so a stream only needs to hold the section in progress. Limits mirror
// the engines' published implementation limits, so a module that trips one would also be
// refused by the browser.

const MAX_FUNCTIONS = 1_000_000;
const MAX_FUNCTION_SIZE = 7_654_321;
const MAX_LOCALS = 50_000;
const LIMITS: SectionLimits = { maxFunctions: MAX_FUNCTIONS, maxFunctionSize: MAX_FUNCTION_SIZE, maxLocals: MAX_LOCALS };

export interface ModuleFacts {
  functions: number;
  imports: number;
  exports: number;
  dataBytes: number;
  memoryMinPages: number;
  memoryMaxPages?: number;
}

export class ModuleScanner {
  readonly features: CodeFeatures = emptyFeatures();
  readonly facts: ModuleFacts = { functions: 0, imports: 0, exports: 0, dataBytes: 0, memoryMinPages: 0 };
  readonly seen: Uint8Array;
  readonly graph = new CallGraph();
  error?: WasmError;
  /** Module offset of the next unconsumed byte. */
  offset = 0;
  private headerDone = false;
  private memorySeen = false;
  private readonly walker: CodeWalker;
  private readonly body = new Cursor(new Uint8Array(0), 0, 0, 0);

  /** `native`, when given, walks clean code sections (native/native-walker.ts); JS walks the rest. */
  constructor(private readonly index: ConstantIndex, private readonly maxBytes: number, private readonly native?: NativeWalker) {
    this.seen = new Uint8Array(index.size);
    this.walker = new CodeWalker(index, this.seen, this.features, this.graph);
  }

  /**
   * Consumes complete units from `buf[p, end)`, whose first byte is module offset
   * `this.offset`. Returns the position of the first byte it could not use yet.
   */
  consume(buf: Uint8Array, p: number, end: number): number {
    if (this.error) return end;
    const delta = this.offset - p;
    try {
      if (!this.headerDone) {
        if (end - p < 8) return this.checkPartialHeader(buf, p, end, delta);
        this.header(buf, p, delta);
        p += 8;
        this.headerDone = true;
      }
      while (p < end) {
        const c = new Cursor(buf, p + 1, end, delta);
        const id = buf[p];
        let size: number;
        try {
          size = c.u32();
        } catch (e) {
          if (e instanceof ParseError && e.code === 'malformed') break; // size LEB not complete yet
          throw e;
        }
        const bodyStart = c.p;
        if (bodyStart + delta + size > this.maxBytes) {
          throw new ParseError('too-large', `section ${id} would end past the ${this.maxBytes}-byte limit`, p + delta);
        }
        if (size > end - bodyStart) break;
        this.section(id, new Cursor(buf, bodyStart, bodyStart + size, delta));
        p = bodyStart + size;
      }
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.error = e.toWasmError();
      return end;
    }
    this.offset = p + delta;
    return p;
  }

  /** Called when no more bytes will come; `leftover` bytes were never consumed. */
  finish(leftover: number): void {
    if (this.error) return;
    if (!this.headerDone) {
      this.error = { code: 'truncated', message: 'module shorter than its 8-byte header', offset: this.offset + leftover };
    } else if (leftover > 0) {
      this.error = { code: 'truncated', message: `module ends inside a section (${leftover} bytes left over)`, offset: this.offset };
    }
  }

  private checkPartialHeader(buf: Uint8Array, p: number, end: number, delta: number): number {
    const magic = [0x00, 0x61, 0x73, 0x6d];
    for (let i = 0; i < Math.min(4, end - p); i++) {
      if (buf[p + i] !== magic[i]) throw new ParseError('bad-magic', 'not a WebAssembly module (bad magic)', delta + p);
    }
    return p;
  }

  private header(buf: Uint8Array, p: number, delta: number): void {
    this.checkPartialHeader(buf, p, p + 4, delta);
    if (buf[p + 4] !== 1 || buf[p + 5] !== 0 || buf[p + 6] !== 0 || buf[p + 7] !== 0) {
      throw new ParseError('bad-version', 'unsupported WebAssembly binary version', p + 4 + delta);
    }
  }

  private section(id: number, c: Cursor): void {
    switch (id) {
      case 0: c.skipName(); c.p = c.end; break;
      case 1: this.vec(c, () => this.type(c)); break;
      case 2: this.vec(c, () => this.importEntry(c)); break;
      case 3: this.vec(c, () => c.u32()); break;
      case 4: this.vec(c, () => this.table(c)); break;
      case 5: this.vec(c, () => this.memory(c)); break;
      case 6: this.vec(c, () => { c.valtype(); c.byte(); this.expr(c); }); break;
      case 7: this.vec(c, () => this.exportEntry(c)); break;
      case 8: this.graph.startFn = c.u32(); break;
      case 12: c.u32(); break;
      case 9: this.vec(c, () => this.element(c)); break;
      case 10: this.code(c); break;
      case 11: this.dataSection(c); break;
      case 13: this.vec(c, () => { c.byte(); c.u32(); }); break;
      default: c.fail('unknown-section', `unknown section id ${id}`, c.p - 1);
    }
    if (c.p !== c.end) c.fail('malformed', `section ${id} size does not match its contents`);
  }

  /** Each element consumes at least one byte, so a huge declared count ends at the section end. */
  private vec(c: Cursor, item: () => void): number {
    const n = c.u32();
    for (let i = 0; i < n; i++) {
      if (c.p >= c.end) c.fail('malformed', `vector declares ${n} items but the section ends after ${i}`);
      item();
    }
    return n;
  }

  private type(c: Cursor): void {
    const form = c.byte();
    if (form === 0x4e) { this.vec(c, () => this.subtype(c, c.byte())); return; }
    this.subtype(c, form);
  }

  private subtype(c: Cursor, form: number): void {
    if (form === 0x50 || form === 0x4f) {
      this.vec(c, () => c.u32());
      form = c.byte();
    }
    if (form === 0x60) {
      this.vec(c, () => c.valtype());
      this.vec(c, () => c.valtype());
    } else if (form === 0x5f) {
      this.vec(c, () => this.fieldtype(c));
    } else if (form === 0x5e) {
      this.fieldtype(c);
    } else c.fail('malformed', `unknown type form 0x${form.toString(16)}`, c.p - 1);
  }

  private fieldtype(c: Cursor): void {
    const t = c.buf[c.p];
    if (t === 0x78 || t === 0x77) c.p++; else c.valtype();
    c.byte();
  }

  private importEntry(c: Cursor): void {
    this.facts.imports++;
    c.skipName();
    c.skipName();
    const kind = c.byte();
    if (kind === 0) { c.u32(); this.graph.imports++; }
    else if (kind === 1) this.tableType(c);
    else if (kind === 2) this.memory(c);
    else if (kind === 3) { c.valtype(); c.byte(); }
    else if (kind === 4) { c.byte(); c.u32(); }
    else c.fail('malformed', `unknown import kind ${kind}`, c.p - 1);
  }

  private table(c: Cursor): void {
    if (c.buf[c.p] === 0x40) { // table with an explicit initialiser
      c.p++;
      c.byte();
      this.tableType(c);
      this.expr(c);
    } else this.tableType(c);
  }

  private tableType(c: Cursor): void {
    c.valtype();
    const flags = c.byte();
    const read = flags & 0x04 ? () => c.u64() : () => c.u32();
    read();
    if (flags & 0x01) read();
  }

  private memory(c: Cursor): void {
    const flags = c.byte();
    if (flags > 0x0f) c.fail('malformed', `bad memory limits flags 0x${flags.toString(16)}`, c.p - 1);
    const read = flags & 0x04 ? () => c.u64() : () => c.u32();
    const min = read();
    const max = flags & 0x01 ? read() : undefined;
    if (flags & 0x08) c.u32(); // custom page size (log2)
    if (!this.memorySeen) {
      this.memorySeen = true;
      this.facts.memoryMinPages = min;
      if (max !== undefined) this.facts.memoryMaxPages = max;
    }
  }

  private exportEntry(c: Cursor): void {
    this.facts.exports++;
    c.skipName();
    c.byte();
    c.u32();
  }

  private element(c: Cursor): void {
    const flags = c.u32();
    if (flags > 7) c.fail('malformed', `bad element segment flags ${flags}`);
    if (flags === 2 || flags === 6) c.u32();
    if ((flags & 1) === 0) this.expr(c);
    if (flags & 4) {
      if (flags & 3) c.valtype();
      this.vec(c, () => this.expr(c));
    } else {
      if (flags & 3) c.byte();
      this.vec(c, () => c.u32());
    }
  }

  private expr(c: Cursor): void {
    c.p = this.walker.walk(c.buf, c.p, c.end, c.delta);
  }

  /**
   * Function bodies are read in place through one reused cursor, without a closure or an
   * object per body: a large module has tens of thousands of them.
   */
  private code(c: Cursor): void {
    const n = c.u32();
    if (n <= MAX_FUNCTIONS) this.graph.reserve(n);
    if (this.native?.walkCode(c.buf, c.p, c.end, n, this.graph.imports, LIMITS, this)) {
      c.p = c.end;
      this.facts.functions += n;
      return;
    }
    let fn = this.graph.imports;
    const walker = this.walker;
    const body = this.body;
    body.buf = c.buf;
    body.delta = c.delta;
    for (let i = 0; i < n; i++) {
      if (c.p >= c.end) c.fail('malformed', `vector declares ${n} items but the section ends after ${i}`);
      const size = c.u32();
      if (size > MAX_FUNCTION_SIZE) c.fail('limit', `function body of ${size} bytes exceeds ${MAX_FUNCTION_SIZE}`);
      if (size > c.end - c.p) c.fail('malformed', 'function body runs past the end of the code section');
      body.p = c.p;
      body.end = c.p + size;
      const groups = body.u32();
      let locals = 0;
      for (let k = 0; k < groups; k++) {
        if (body.p >= body.end) body.fail('malformed', `vector declares ${groups} items but the section ends after ${k}`);
        locals += body.u32();
        if (locals > MAX_LOCALS) body.fail('limit', `more than ${MAX_LOCALS} locals`);
        body.valtype();
      }
      walker.fn = fn++;
      const after = walker.walk(c.buf, body.p, body.end, c.delta);
      walker.fn = -1;
      if (after !== body.end) c.fail('malformed', 'function body continues after its final end', after);
      c.p = body.end;
    }
    if (n > MAX_FUNCTIONS) c.fail('limit', `more than ${MAX_FUNCTIONS} functions`);
    this.facts.functions += n;
  }

  private dataSection(c: Cursor): void {
    if (this.native) {
      const start = c.p;
      const n = c.u32();
      const bytes = this.native.walkData(c.buf, c.p, c.end, n, this);
      if (bytes >= 0) {
        this.facts.dataBytes += bytes;
        c.p = c.end;
        return;
      }
      c.p = start;
    }
    this.vec(c, () => this.data(c));
  }

  private data(c: Cursor): void {
    const flags = c.u32();
    if (flags > 2) c.fail('malformed', `bad data segment flags ${flags}`);
    if (flags === 2) c.u32();
    if (flags !== 1) this.expr(c);
    const len = c.u32();
    const at = c.p;
    c.skip(len);
    this.facts.dataBytes += len;
    this.index.scanBytes(this.seen, c.buf, at, at + len, FLAG_DATA);
  }
}
