import type { ResourceType } from '../types';

/**
 * The subset of chrome.declarativeNetRequest.Rule this engine produces, declared
 * here so the engine does not depend on browser typings.
 */
export interface DnrRule {
  id: number;
  priority: number;
  action: { type: 'block' | 'allow' | 'allowAllRequests' };
  condition: DnrCondition;
}

export interface DnrCondition {
  requestDomains?: string[];
  regexFilter?: string;
  /** Omitted = every type except main_frame (websocket included). */
  resourceTypes?: ResourceType[];
  domainType?: 'firstParty' | 'thirdParty';
  initiatorDomains?: string[];
  excludedInitiatorDomains?: string[];
}
