// Shared vocabulary of the engine. Every layer (page hook, bridge, background,
// CLI, tests) speaks these types, so they must stay free of browser APIs.

export type RuleType = 'domain' | 'url' | 'script-url' | 'content' | 'hash' | 'ws-message' | 'allow';
export type RuleAction = 'block' | 'report';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type HashAlgorithm = 'sha256' | 'sha1' | 'md5';

/** Request types as declarativeNetRequest names them. */
export type ResourceType =
  | 'main_frame' | 'sub_frame' | 'stylesheet' | 'script' | 'image' | 'font' | 'object'
  | 'xmlhttprequest' | 'ping' | 'csp_report' | 'media' | 'websocket' | 'webtransport'
  | 'webbundle' | 'other';

interface RuleBase {
  id: string;
  action: RuleAction;
  severity: Severity;
  description?: string;
}

/** A host and all its subdomains. */
export interface DomainRule extends RuleBase {
  type: 'domain';
  pattern: string;
  resourceTypes?: ResourceType[];
  thirdParty?: boolean;
  /** Only when the request is made by a page on one of these hosts. */
  initiatorDomains?: string[];
  /** Never when the request is made by a page on one of these hosts (ABP `$domain=~host`). */
  excludedInitiatorDomains?: string[];
}

/** Regex on request URLs; must be RE2-compatible so it can become a DNR rule. */
export interface UrlRule extends RuleBase {
  type: 'url';
  pattern: string;
  resourceTypes?: ResourceType[];
  thirdParty?: boolean;
  initiatorDomains?: string[];
  excludedInitiatorDomains?: string[];
}

/** Regex on URLs of scripts, workers, Wasm modules and WebSockets seen by the hook. */
export interface ScriptUrlRule extends RuleBase { type: 'script-url'; pattern: string }
/** Regex over script / worker source text. */
export interface ContentRule extends RuleBase { type: 'content'; pattern: string }
/** Lower-case hex digest of a Wasm module or script body. */
export interface HashRule extends RuleBase { type: 'hash'; algorithm: HashAlgorithm; pattern: string }
/** Regex over WebSocket text frames. */
export interface WsMessageRule extends RuleBase { type: 'ws-message'; pattern: string }
/**
 * Exception. scope 'request': requests to this host are never blocked (ABP `@@||host^`).
 * scope 'site': pages on this host are not checked at all (ABP `@@||host^$document`).
 */
export interface AllowRule extends RuleBase { type: 'allow'; pattern: string; scope: 'request' | 'site' }

export type Rule = DomainRule | UrlRule | ScriptUrlRule | ContentRule | HashRule | WsMessageRule | AllowRule;

export interface RuleList {
  format: 'miner-sentry-rules';
  version: 1;
  name: string;
  description?: string;
  homepage?: string;
  license?: string;
  updated?: string;
  rules: Rule[];
}

/** One problem found while reading or validating a list; `line` is 1-based where known. */
export interface ListIssue {
  line?: number;
  ruleId?: string;
  reason: string;
  text?: string;
}

export interface RuleHit {
  ruleId: string;
  type: RuleType;
  action: RuleAction;
  severity: Severity;
  description?: string;
  /** What matched: the host, the regex source, or the digest. */
  matched: string;
}

export type VerdictLevel = 'miner' | 'suspicious' | 'crypto-capable' | 'clean';

export interface Verdict {
  level: VerdictLevel;
  /** A sentence a person can read, e.g. `miner (CryptoNight: AES+Keccak, scratchpad mask 0x1FFFF0)`. */
  reason: string;
}

export type FindingKind =
  | 'wasm' | 'worker' | 'script' | 'websocket' | 'blocked-request' | 'behaviour' | 'worklet' | 'service-worker';

export interface Hashes { sha256?: string; sha1?: string; md5?: string }

/** What the page hook reports and the background stores; all fields are plain JSON. */
export interface Finding {
  kind: FindingKind;
  verdict: VerdictLevel;
  /** What the extension did about it. */
  action: 'blocked' | 'reported' | 'allowed';
  reason: string;
  ruleId?: string;
  /** Names of the crypto primitives recognised (Wasm). */
  primitives?: string[];
  url?: string;
  frameUrl?: string;
  /** Where the code ran: the page's main thread or a worker (with its URL in `url`). */
  context?: 'page' | 'worker' | 'shared-worker' | 'worklet';
  hashes?: Hashes;
  /** API path that delivered it, e.g. `WebAssembly.instantiateStreaming`. */
  api?: string;
  time: number;
}
