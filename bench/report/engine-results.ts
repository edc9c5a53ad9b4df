import type { MachineInfo } from '../lib/machine';
import type { AccuracyResult } from '../sections/accuracy';
import type { AnalyserResult } from '../sections/analyser';
import type { DnrResult } from '../sections/dnr';
import type { MatcherResult } from '../sections/matcher';
import type { StratumResult } from '../sections/stratum';

/** Shape of bench/results/engine-latest.json. */
export interface EngineResults {
  date: string;
  quick: boolean;
  machine: MachineInfo;
  /** JS analyser, native analyser (Wasm-compiled walker) and WebAssembly.validate, per dataset. */
  analyser?: AnalyserResult;
  accuracy?: AccuracyResult;
  matcher?: MatcherResult;
  dnr?: DnrResult;
  stratum?: StratumResult;
}
