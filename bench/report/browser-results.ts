import type { MachineInfo } from '../lib/machine';
import type { DnrSyncResult } from '../browser/dnr-sync';
import type { MemoryResult } from '../browser/memory';
import type { NodeHeapResult } from '../browser/node-heap';
import type { PageCostResult } from '../browser/page-cost';
import type { PageFloorResult } from '../browser/page-floor';
import type { PageLookupResult } from '../browser/page-lookup';
import type { SharesResult } from '../browser/pool-shares';
import type { VerdictRow } from '../browser/verdict';
import type { HookStepsRow } from '../browser/hook-steps';
import type { WasmCostRow } from '../browser/wasm-cost';
import type { WsCostRow } from '../browser/ws-cost';
import type { BrowserKind } from '../../test/e2e/harness/constants';

export interface BrowserKindResults {
  kind: BrowserKind;
  version: string;
  pageCost?: PageCostResult;
  pageFloor?: PageFloorResult;
  wasm?: WasmCostRow[];
  ws?: WsCostRow[];
  hookSteps?: HookStepsRow[];
  verdict?: VerdictRow[];
  shares?: SharesResult;
  memory?: MemoryResult;
  lookup?: PageLookupResult;
  dnr?: DnrSyncResult;
  errors: string[];
}

/** Shape of bench/results/browser-latest.json. */
export interface BrowserResults {
  date: string;
  quick: boolean;
  machine: MachineInfo;
  extension: string;
  scale: { domains: number; regexes: number; hashes: number };
  browsers: BrowserKindResults[];
  nodeHeap?: NodeHeapResult;
  durationS: number;
}
