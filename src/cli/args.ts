export class UsageError extends Error {}

/** Splits `--flag`, `--key value` and positionals; unknown flags are usage errors. */
export function parseArgs(argv: string[], flags: string[], options: string[]) {
  const positionals: string[] = [];
  const set = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) positionals.push(a);
    else if (flags.includes(a)) set.add(a);
    else if (options.includes(a)) {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      values.set(a, v);
    } else throw new UsageError(`unknown option ${a}`);
  }
  return { positionals, has: (f: string) => set.has(f), get: (o: string) => values.get(o) };
}
