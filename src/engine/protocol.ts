// Messages that cross a trust boundary. The page hook and bridge share only a DOM,
// so page → bridge payloads travel as JSON strings; bridge → background uses
// runtime messaging. Everything arriving from the page is hostile until validated.
import type { Finding } from './types';

export type EnforcementMode = 'block' | 'report-only' | 'off';

/** What the bridge asks the background for, once per frame, before page scripts need it. */
export interface PageConfigRequest { type: 'ms:get-page-config'; url: string }
export interface PageConfig {
  mode: EnforcementMode;
  /** The site is on the allowlist: the hook stays passive. */
  allowed: boolean;
  /** `JSON.stringify(compilePageRules(...))` of the rules the page needs (no domain rules: DNR does those). */
  rules: string;
}

/** Bridge → background: one finding from this frame. tabId/frameId come from the sender, never from the page. */
export interface FindingMessage { type: 'ms:finding'; finding: Finding }

/** UI / tests → background. */
export interface TabStateRequest { type: 'ms:get-tab-state'; tabId: number }
export interface TabState {
  tabId: number;
  url: string;
  findings: StoredFinding[];
  badge: { text: string; color: string };
  allowed: boolean;
  mode: EnforcementMode;
}
export interface SetSiteAllowedRequest { type: 'ms:set-site-allowed'; host: string; allowed: boolean }

/** A finding as the background keeps it: the sender's frame is attached by the background. */
export interface StoredFinding extends Finding {
  tabId: number;
  frameId: number;
  id: string;
  /** How many times the same finding was reported in this frame; absent means once. */
  count?: number;
}

export type BackgroundRequest = PageConfigRequest | FindingMessage | TabStateRequest | SetSiteAllowedRequest;
