// Argument lists rebuilt without array spread or index assignment, both of which a page
// can intercept (patched array iterator, setters on Array.prototype).
import { defineProperty } from './intrinsics';

export function argsWith(args: ArrayLike<unknown>, index: number, value: unknown): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < args.length; i++) {
    defineProperty(out, i, { value: i === index ? value : args[i], writable: true, enumerable: true, configurable: true });
  }
  return out;
}
