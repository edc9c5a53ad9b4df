// Chrome's declarativeNetRequest limits (chrome.declarativeNetRequest constants).
export const DNR_MAX_REGEX_RULES = 1000;
export const DNR_GUARANTEED_STATIC_RULES = 30000;

/** requestDomains entries per DNR rule: 100k hosts still become only ~100 rules. */
export const DEFAULT_DOMAINS_PER_RULE = 1000;

/**
 * Longest regex accepted. Chrome also caps each compiled regexFilter at 2 KB of RE2
 * program memory; staying well below that keeps rules from being refused at load.
 */
export const MAX_REGEX_LENGTH = 1024;
export const MAX_ID_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 1000;
