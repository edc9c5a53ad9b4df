// Managed storage is written by hand by admins. Chrome filters values against
// managed_schema.json, Firefox passes policies.json through unchecked, so every field
// is checked here and a bad one is dropped with a message while the rest still apply.
import type { EnforcementMode } from '../protocol';
import type { Policy } from './types';
import { parseHostList } from './host-list';
import { parseInlineRules } from './inline-rules';
import { remoteUrlProblem } from './remote-url';
import { parseSubscriptionList } from './subscription-source';
import { parseTrustedKeys } from './trusted-keys';
import { MAX_AUTH_HEADER_LENGTH, MAX_UPDATE_INTERVAL_MINUTES, MIN_UPDATE_INTERVAL_MINUTES } from './limits';

const MODES: readonly EnforcementMode[] = ['block', 'report-only', 'off'];

type FieldParser = (raw: unknown, label: string, errors: string[]) => unknown;

function booleanField(raw: unknown, label: string, errors: string[]): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  errors.push(`${label}: must be true or false`);
  return undefined;
}

function modeField(raw: unknown, label: string, errors: string[]): EnforcementMode | undefined {
  if (MODES.includes(raw as EnforcementMode)) return raw as EnforcementMode;
  errors.push(`${label}: must be one of ${MODES.join(', ')}, got ${JSON.stringify(raw)}`);
  return undefined;
}

function intervalField(raw: unknown, label: string, errors: string[]): number | undefined {
  if (Number.isInteger(raw) && (raw as number) >= MIN_UPDATE_INTERVAL_MINUTES && (raw as number) <= MAX_UPDATE_INTERVAL_MINUTES) {
    return raw as number;
  }
  errors.push(`${label}: must be a whole number of minutes from ${MIN_UPDATE_INTERVAL_MINUTES} to ${MAX_UPDATE_INTERVAL_MINUTES}, got ${JSON.stringify(raw)}`);
  return undefined;
}

function endpointField(raw: unknown, label: string, errors: string[]): string | undefined {
  const problem = remoteUrlProblem(raw);
  if (problem === null) return raw as string;
  errors.push(`${label}: ${problem}`);
  return undefined;
}

function authHeaderField(raw: unknown, label: string, errors: string[]): string | undefined {
  // A line break would let the value smuggle extra headers into the report request.
  if (typeof raw === 'string' && raw.trim() !== '' && !/[\r\n\0]/.test(raw) && raw.length <= MAX_AUTH_HEADER_LENGTH) return raw.trim();
  errors.push(`${label}: must be a single-line string of at most ${MAX_AUTH_HEADER_LENGTH} characters`);
  return undefined;
}

const FIELDS: Record<keyof Policy, FieldParser> = {
  subscriptions: parseSubscriptionList,
  inlineRules: parseInlineRules,
  trustedKeys: parseTrustedKeys,
  requireSignature: booleanField,
  mode: modeField,
  lockMode: booleanField,
  allowlist: parseHostList,
  allowUserAllowlist: booleanField,
  updateIntervalMinutes: intervalField,
  reportEndpoint: endpointField,
  reportAuthHeader: authHeaderField,
  reportFullUrls: booleanField,
  allowUserDisable: booleanField,
};

/** The settings an admin can set; managed_schema.json declares the same names. */
export const POLICY_SETTINGS = Object.keys(FIELDS) as (keyof Policy)[];

export function parsePolicy(raw: unknown): { policy: Policy; errors: string[] } {
  const errors: string[] = [];
  const policy: Policy = {};
  if (raw === undefined || raw === null) return { policy, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { policy, errors: ['the policy must be an object of settings'] };
  }
  for (const [key, value] of Object.entries(raw)) {
    // hasOwn, not a lookup: "constructor" or "__proto__" must not reach Object.prototype.
    if (!Object.hasOwn(FIELDS, key)) {
      errors.push(`${key}: unknown policy setting (ignored)`);
      continue;
    }
    const parsed = FIELDS[key as keyof Policy](value, key, errors);
    if (parsed !== undefined) (policy as Record<string, unknown>)[key] = parsed;
  }
  if (policy.reportAuthHeader !== undefined && policy.reportEndpoint === undefined) {
    errors.push('reportAuthHeader: ignored without a valid reportEndpoint');
    delete policy.reportAuthHeader;
  }
  return { policy, errors };
}
