import type { RuleType } from '../types';

// URL rules ignore case like declarativeNetRequest does by default, so a rule
// behaves the same in the network layer and in the page hook. Script text and
// WebSocket frames are matched exactly: JSON keys and code are case-sensitive.
export function regexFlagsFor(type: RuleType): string {
  return type === 'url' || type === 'script-url' ? 'i' : '';
}
