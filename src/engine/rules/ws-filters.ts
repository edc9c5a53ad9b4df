// The hook's question before it runs the ws-message rules on a frame: could any of them
// match? Each rule comes with the sets of substrings every match holds one of each
// (`requiredChoices`, regex-literals.ts); a frame that misses a set of every rule cannot.
// The page runs this on each frame without restoring its built-ins, so it reads only its
// arguments' own elements and searches through the caller's captured `find`.
import type { FindIn } from '../stratum-prefilter';

export type WsFilter = readonly (readonly string[])[];

function holdsAll(text: string, choices: WsFilter, find: FindIn): boolean {
  for (let c = 0; c < choices.length; c++) {
    const choice = choices[c]!;
    let found = false;
    for (let i = 0; i < choice.length && !found; i++) found = find(text, choice[i]!) >= 0;
    if (!found) return false;
  }
  return true;
}

/** False only when no rule of `filters` can match `text`; a rule without sets always may. */
export function anyWsRuleMayMatch(text: string, filters: readonly WsFilter[], find: FindIn): boolean {
  for (let r = 0; r < filters.length; r++) if (holdsAll(text, filters[r]!, find)) return true;
  return false;
}
