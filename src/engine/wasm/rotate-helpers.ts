import { P_VROT32, P_VROT64, type CallGraph } from './call-graph';

// Unoptimised builds keep `rotl32(x, n)` a function called with the amount as its argument,
// so the rotations a hash cannot drop (Salsa20's 7/9/13/18, BLAKE2b's G rotations) show as
// constants passed to a small body that shifts by a variable amount, not as constant rotl/rotr.

/**
 * Whether one rotate helper of that width is called with every left-rotation amount of
 * `rotl`, or with every complement of them (the same rotations written as rotr). All the
 * amounts must go to the same helper: different helpers' amounts add up by chance.
 */
export function helperRotatesBy(graph: CallGraph | undefined, width: 32 | 64, rotl: readonly number[]): boolean {
  if (!graph) return false;
  const flag = width === 32 ? P_VROT32 : P_VROT64;
  const { props, argAmountsLo, argAmountsHi } = graph;
  for (let f = 0; f < props.length; f++) {
    if ((props[f] & flag) === 0) continue;
    const lo = argAmountsLo[f];
    const hi = argAmountsHi[f];
    if ((lo | hi) === 0) continue;
    const has = (n: number) => (n < 32 ? (lo >>> n) & 1 : (hi >>> (n - 32)) & 1) === 1;
    if (rotl.every(has) || rotl.every((n) => has(width - n))) return true;
  }
  return false;
}
