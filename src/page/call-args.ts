// Argument lists rebuilt without array spread or index assignment, both of which a page
// can intercept (patched array iterator, setters on Array.prototype).
import { dataDescriptor, defineProperty } from './intrinsics';

export function argsWith(args: ArrayLike<unknown>, index: number, value: unknown): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < args.length; i++) {
    defineProperty(out, i, dataDescriptor(i === index ? value : args[i]));
  }
  return out;
}
