import type { Finding, FindingKind, VerdictLevel } from '../../engine/types';
import { t } from './i18n';

const KIND_KEYS: Record<FindingKind, string> = {
  wasm: 'kindWasm',
  worker: 'kindWorker',
  script: 'kindScript',
  websocket: 'kindWebsocket',
  'blocked-request': 'kindBlockedRequest',
  behaviour: 'kindBehaviour',
  worklet: 'kindWorklet',
  'service-worker': 'kindServiceWorker',
};

const VERDICT_KEYS: Record<VerdictLevel, string> = {
  miner: 'verdictMiner',
  suspicious: 'verdictSuspicious',
  'crypto-capable': 'verdictCryptoCapable',
  clean: 'verdictClean',
};

const ACTION_KEYS: Record<Finding['action'], string> = {
  blocked: 'actionBlocked',
  reported: 'actionReported',
  allowed: 'actionAllowed',
};

export const kindLabel = (kind: FindingKind): string => t(KIND_KEYS[kind]);
export const verdictLabel = (verdict: VerdictLevel): string => t(VERDICT_KEYS[verdict]);
export const actionLabel = (action: Finding['action']): string => t(ACTION_KEYS[action]);
