import type { BrowserKind } from '../../test/e2e/harness/constants';

/** A probe's arguments: `chromium|firefox name=dir … [--rounds N]`, with no extension ("none") first. */
export function buildsArgs(argv: string[], defaultRounds: number): { kind: BrowserKind; rounds: number; contenders: [string, string | null][] } {
  const args = argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const builds = args.slice(1).filter((a, i) => a.includes('=') && args[i] !== '--rounds').map((a) => a.split('=') as [string, string]);
  return {
    kind: args[0] as BrowserKind,
    rounds: roundsAt >= 0 ? Number(args[roundsAt + 1]) : defaultRounds,
    contenders: [['none', null], ...builds],
  };
}
