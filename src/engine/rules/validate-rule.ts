import type { Rule, RuleType } from '../types';
import { hostProblem } from './host-names';
import { MAX_DESCRIPTION_LENGTH, MAX_ID_LENGTH } from './limits';
import { regexProblem } from './regex-check';
import { regexFlagsFor } from './regex-flags';
import { ACTIONS, ALLOWED_KEYS, HASH_HEX_LENGTH, RESOURCE_TYPES, RULE_TYPES, SEVERITIES } from './rule-fields';

export interface RuleCheck {
  /** The rule with only known properties, digests lower-cased; null when invalid. */
  rule: Rule | null;
  problems: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export function checkRule(raw: unknown): RuleCheck {
  if (!isObject(raw)) return { rule: null, problems: ['rule must be a JSON object'] };
  const problems: string[] = [];
  const { id, type, action, severity, description, pattern } = raw;

  if (typeof id !== 'string' || !/^\S+$/.test(id)) problems.push('id must be a non-empty string without spaces');
  else if (id.length > MAX_ID_LENGTH) problems.push(`id is longer than ${MAX_ID_LENGTH} characters`);

  if (!RULE_TYPES.includes(type as RuleType)) {
    problems.push(`unknown rule type ${JSON.stringify(type)} (expected one of ${RULE_TYPES.join(', ')})`);
    return { rule: null, problems };
  }
  const ruleType = type as RuleType;
  for (const key of Object.keys(raw)) {
    if (!ALLOWED_KEYS[ruleType].includes(key)) problems.push(`unknown property "${key}" for a ${ruleType} rule`);
  }
  if (!ACTIONS.includes(action as never)) problems.push(`action must be one of ${ACTIONS.join(', ')}, got ${JSON.stringify(action)}`);
  if (!SEVERITIES.includes(severity as never)) problems.push(`severity must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(severity)}`);
  if (description !== undefined && (typeof description !== 'string' || description.length > MAX_DESCRIPTION_LENGTH)) {
    problems.push(`description must be a string of at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }

  const out: Record<string, unknown> = { id, type, action, severity };
  if (description !== undefined) out.description = description;
  out.pattern = pattern;
  // No real host, regex or digest holds raw control characters: a pattern with them is junk
  // that happened to decode (a truncated or binary download), and must not replace a good list.
  if (typeof pattern === 'string' && CONTROL_CHARS.test(pattern)) {
    problems.push('pattern: contains control characters (escape them, e.g. \\x00)');
    return { rule: null, problems };
  }

  switch (ruleType) {
    case 'domain':
    case 'allow': {
      const why = hostProblem(pattern as string);
      if (why) problems.push(`pattern: ${why}`);
      break;
    }
    case 'hash': {
      const expected = HASH_HEX_LENGTH[raw.algorithm as keyof typeof HASH_HEX_LENGTH];
      if (expected === undefined) {
        problems.push(`algorithm must be one of ${Object.keys(HASH_HEX_LENGTH).join(', ')}, got ${JSON.stringify(raw.algorithm)}`);
      } else if (typeof pattern !== 'string' || !/^[0-9a-fA-F]*$/.test(pattern)) {
        problems.push('pattern: a hash must be hexadecimal');
      } else if (pattern.length !== expected) {
        problems.push(`pattern: a ${raw.algorithm as string} digest has ${expected} hex digits, got ${pattern.length}`);
      } else {
        out.pattern = pattern.toLowerCase();
      }
      out.algorithm = raw.algorithm;
      break;
    }
    default: {
      const why = regexProblem(pattern, regexFlagsFor(ruleType), ruleType === 'url');
      if (why) problems.push(`pattern: ${why}`);
    }
  }

  if (ruleType === 'domain' || ruleType === 'url') checkRequestOptions(raw, out, problems);
  if (ruleType === 'allow') {
    if (raw.scope !== 'request' && raw.scope !== 'site') problems.push(`scope must be "request" or "site", got ${JSON.stringify(raw.scope)}`);
    out.scope = raw.scope;
  }
  return { rule: problems.length ? null : (out as unknown as Rule), problems };
}

function checkRequestOptions(raw: Record<string, unknown>, out: Record<string, unknown>, problems: string[]): void {
  const { resourceTypes, thirdParty } = raw;
  if (resourceTypes !== undefined) {
    if (!Array.isArray(resourceTypes) || resourceTypes.length === 0) {
      problems.push('resourceTypes must be a non-empty array (omit it to match every type)');
    } else {
      const unknown = resourceTypes.filter((t) => !RESOURCE_TYPES.includes(t));
      if (unknown.length) problems.push(`unknown resource types: ${unknown.map((t) => JSON.stringify(t)).join(', ')}`);
      if (new Set(resourceTypes).size !== resourceTypes.length) problems.push('resourceTypes lists a type twice');
      out.resourceTypes = resourceTypes;
    }
  }
  if (thirdParty !== undefined) {
    if (typeof thirdParty !== 'boolean') problems.push('thirdParty must be true or false');
    out.thirdParty = thirdParty;
  }
  for (const key of ['initiatorDomains', 'excludedInitiatorDomains'] as const) {
    const hosts = raw[key];
    if (hosts === undefined) continue;
    if (!Array.isArray(hosts) || hosts.length === 0) {
      problems.push(`${key} must be a non-empty array of hosts`);
      continue;
    }
    for (const h of hosts) {
      const why = hostProblem(h);
      if (why) problems.push(`${key}: ${JSON.stringify(h)}: ${why}`);
    }
    out[key] = hosts;
  }
}
