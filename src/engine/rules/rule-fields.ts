import type { HashAlgorithm, ResourceType, RuleAction, RuleType, Severity } from '../types';

// Runtime copies of the union types in types.ts, for validation and the schema test.
export const RULE_TYPES: readonly RuleType[] = ['domain', 'url', 'script-url', 'content', 'hash', 'ws-message', 'allow'];
export const ACTIONS: readonly RuleAction[] = ['block', 'report'];
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
export const HASH_HEX_LENGTH: Readonly<Record<HashAlgorithm, number>> = { sha256: 64, sha1: 40, md5: 32 };
export const RESOURCE_TYPES: readonly ResourceType[] = [
  'main_frame', 'sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest',
  'ping', 'csp_report', 'media', 'websocket', 'webtransport', 'webbundle', 'other',
];

const COMMON = ['id', 'type', 'action', 'severity', 'description', 'pattern'];

/** Properties each rule type may carry; anything else is most likely a typo. */
export const ALLOWED_KEYS: Readonly<Record<RuleType, readonly string[]>> = {
  domain: [...COMMON, 'resourceTypes', 'thirdParty', 'initiatorDomains', 'excludedInitiatorDomains'],
  url: [...COMMON, 'resourceTypes', 'thirdParty', 'initiatorDomains', 'excludedInitiatorDomains'],
  'script-url': COMMON,
  content: COMMON,
  hash: [...COMMON, 'algorithm'],
  'ws-message': COMMON,
  allow: [...COMMON, 'scope'],
};
