// Fixed-seed hostile Wasm: our fixtures with bits flipped, cut short or spliced, and
// hand-made modules with absurd declared counts or deep nesting. The same seed gives
// the same modules on every run, so a failure names a module that can be replayed.
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const FIXTURES_DIR = resolve(import.meta.dirname, '../../../fixtures/wasm/build');
const fixtures: Uint8Array[] = readdirSync(FIXTURES_DIR)
  .filter((f) => f.endsWith('.wasm'))
  .sort()
  .map((f) => new Uint8Array(readFileSync(resolve(FIXTURES_DIR, f))));

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

export interface Mutant { label: string; bytes: Uint8Array }

const fixture = fc.integer({ min: 0, max: fixtures.length - 1 }).map((i) => ({ i, bytes: fixtures[i] }));

const bitFlips = fc.tuple(fixture, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }))
  .map(([f, flips]): Mutant => {
    const bytes = f.bytes.slice();
    for (const [at, bit] of flips) bytes[at % bytes.length] ^= 1 << bit;
    return { label: `fixture ${f.i} with ${flips.length} bit flips`, bytes };
  });

const truncated = fc.tuple(fixture, fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([f, at]): Mutant => ({ label: `fixture ${f.i} cut at ${Math.floor(at * f.bytes.length)}`, bytes: f.bytes.slice(0, Math.floor(at * f.bytes.length)) }));

const spliced = fc.tuple(fixture, fixture, fc.nat(), fc.nat())
  .map(([a, b, x, y]): Mutant => {
    const cut = 8 + (x % Math.max(1, a.bytes.length - 8));
    const from = y % b.bytes.length;
    return { label: `fixture ${a.i}[..${cut}] + fixture ${b.i}[${from}..]`, bytes: new Uint8Array([...a.bytes.slice(0, cut), ...b.bytes.slice(from)]) };
  });

/** A section (type, import, function, table, memory, global, export, element, code, data) claiming up to 2^32-1 entries. */
const absurdCount = fc.tuple(
  fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 9, 10, 11),
  fc.constantFrom(0xffff_ffff, 0x7fff_ffff, 1_000_000, 65_536),
  fc.uint8Array({ maxLength: 24 }),
).map(([id, count, tail]): Mutant => ({
  label: `section ${id} declaring ${count} entries`,
  bytes: new Uint8Array([...HEADER, ...section(id, [...leb(count), ...tail])]),
}));

/** Memory with absurd limits: valid encodings the engine must refuse or fail to allocate. */
const absurdMemory = fc.tuple(fc.constantFrom(65_536, 65_537, 0xffff_ffff, 32_768), fc.boolean())
  .map(([pages, withMax]): Mutant => ({
    label: `memory of ${pages} pages${withMax ? ' with max' : ''}`,
    bytes: new Uint8Array([...HEADER, ...section(5, [1, withMax ? 1 : 0, ...leb(pages), ...(withMax ? leb(pages) : [])])]),
  }));

/** One function of `depth` nested blocks; balanced or not. */
const deepNesting = fc.tuple(fc.integer({ min: 1, max: 60_000 }), fc.boolean())
  .map(([depth, balanced]): Mutant => {
    const code = [0x00, ...Array(depth).fill([0x02, 0x40]).flat(), ...Array(balanced ? depth : depth - 1).fill(0x0b), 0x0b];
    const body = [...leb(code.length), ...code];
    return {
      label: `${depth} nested blocks${balanced ? '' : ', one end missing'}`,
      bytes: new Uint8Array([
        ...HEADER,
        ...section(1, [1, 0x60, 0, 0]),
        ...section(3, [1, 0]),
        ...section(10, [1, ...body]),
      ]),
    };
  });

const randomAfterHeader = fc.uint8Array({ maxLength: 2048 })
  .map((tail): Mutant => ({ label: `header + ${tail.length} random bytes`, bytes: new Uint8Array([...HEADER, ...tail]) }));

export const mutant: fc.Arbitrary<Mutant> = fc.oneof(
  { arbitrary: bitFlips, weight: 4 },
  { arbitrary: truncated, weight: 2 },
  { arbitrary: spliced, weight: 2 },
  { arbitrary: absurdCount, weight: 2 },
  { arbitrary: absurdMemory, weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: randomAfterHeader, weight: 1 },
);

export const FUZZ_SEED = 0x6d696e65;

export function mutants(count: number, seed = FUZZ_SEED): Mutant[] {
  return [...fixtures.map((bytes, i) => ({ label: `fixture ${i} as is`, bytes })), ...fc.sample(mutant, { seed, numRuns: count })];
}

/** Whether instantiating could run code: a start section. Such modules are only compiled, never run, so none can spin forever. */
export function hasStartSection(bytes: Uint8Array): boolean {
  let at = 8;
  const readLeb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length || shift > 35) return -1;
      const b = bytes[at++];
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = readLeb();
    if (size < 0) return false;
    if (id === 8) return true;
    at += size;
  }
  return false;
}
