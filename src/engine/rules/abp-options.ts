import type { ResourceType } from '../types';
import { canonicalHost, hostProblem } from './host-names';
import { RESOURCE_TYPES } from './rule-fields';

export interface AbpOptions {
  resourceTypes?: ResourceType[];
  thirdParty?: boolean;
  initiatorDomains?: string[];
  excludedInitiatorDomains?: string[];
  /** `$document`: on an exception it means "do not check this site at all". */
  document: boolean;
}

const TYPE_OPTIONS: Readonly<Record<string, ResourceType>> = {
  script: 'script', image: 'image', stylesheet: 'stylesheet', css: 'stylesheet', object: 'object',
  xmlhttprequest: 'xmlhttprequest', xhr: 'xmlhttprequest', subdocument: 'sub_frame', frame: 'sub_frame',
  document: 'main_frame', doc: 'main_frame', websocket: 'websocket', media: 'media', font: 'font',
  ping: 'ping', other: 'other', webtransport: 'webtransport', webbundle: 'webbundle',
};

const OPTION_LIST = /^~?[a-z0-9-]+(=[^,]*)?(,~?[a-z0-9-]+(=[^,]*)?)*$/;

/**
 * Splits `pattern$options`. The `$` that starts options is the last one followed
 * by something shaped like an option list; a regex filter may contain `$` itself.
 */
export function splitOptions(filter: string): { pattern: string; options: string | null } {
  const at = filter.lastIndexOf('$');
  if (at < 0) return { pattern: filter, options: null };
  const tail = filter.slice(at + 1);
  if (!OPTION_LIST.test(tail)) return { pattern: filter, options: null };
  return { pattern: filter.slice(0, at), options: tail };
}

/** Parsed options, or the reason the filter cannot be imported. */
export function parseOptions(text: string | null): AbpOptions | string {
  const out: AbpOptions = { document: false };
  if (text === null) return out;
  const wanted = new Set<ResourceType>();
  const unwanted = new Set<ResourceType>();
  for (const part of text.split(',')) {
    const negated = part.startsWith('~');
    const [name, value] = (negated ? part.slice(1) : part).split(/=(.*)/s);
    if (name === 'third-party' || name === '3p') out.thirdParty = !negated;
    else if (name === 'first-party' || name === '1p') out.thirdParty = negated;
    else if (name === 'domain' && !negated && value) {
      const problem = parseDomains(value, out);
      if (problem) return problem;
    } else if (TYPE_OPTIONS[name]) {
      (negated ? unwanted : wanted).add(TYPE_OPTIONS[name]);
      if (name === 'document' || name === 'doc') out.document = !negated;
    } else {
      return `unsupported option "$${part.length > 40 ? `${part.slice(0, 40)}…` : part}"`;
    }
  }
  if (wanted.size || unwanted.size) {
    // A filter with only negated types covers every other type except the page itself.
    const base = wanted.size ? [...wanted] : RESOURCE_TYPES.filter((t) => t !== 'main_frame');
    out.resourceTypes = base.filter((t) => !unwanted.has(t));
    if (out.resourceTypes.length === 0) return 'options exclude every resource type';
  }
  return out;
}

function parseDomains(value: string, out: AbpOptions): string | null {
  for (const entry of value.split('|')) {
    const negated = entry.startsWith('~');
    const raw = negated ? entry.slice(1) : entry;
    if (raw.endsWith('.*')) return `domain option "${raw}" uses an entity wildcard, which declarativeNetRequest cannot express`;
    const host = canonicalHost(raw);
    const problem = host === null ? 'not a host name' : hostProblem(host);
    if (problem || host === null) return `domain option "${raw}": ${problem}`;
    const key = negated ? 'excludedInitiatorDomains' : 'initiatorDomains';
    (out[key] ??= []).push(host);
  }
  return null;
}
