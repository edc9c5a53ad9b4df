// Side-by-side timing of things that run elsewhere (a browser) and resolve later. Each
// round runs every contender once, in an order that flips every round (A B, B A, …), so a
// slow spell on the shared machine lands on both sides alike.

export interface AsyncContender<T> { name: string; run: (round: number) => Promise<T> }

/** Results per contender, in contender order; the warm-up rounds are run but not kept. */
export async function alternate<T>(contenders: AsyncContender<T>[], rounds: number, warmup = 1): Promise<T[][]> {
  const out = contenders.map(() => [] as T[]);
  for (let r = -warmup; r < rounds; r++) {
    const order = contenders.map((_, i) => i);
    if (Math.abs(r) % 2 === 1) order.reverse();
    for (const i of order) {
      const value = await contenders[i].run(r);
      if (r >= 0) out[i].push(value);
    }
  }
  return out;
}
