import browser from 'webextension-polyfill';
import type { EnforcementMode } from '../engine/protocol';
import type { SubscriptionSource, UserSettings } from '../engine/policy/types';
import { parseSubscriptionSource } from '../engine/policy/subscription-source';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from '../engine/policy/limits';
import { ALLOWLIST_KEY, isValidHost } from './allowlist';

/** The user's choices (everything but the allowlist, which keeps its own key). */
export const SETTINGS_KEY = 'settings';

const MODES: readonly EnforcementMode[] = ['block', 'report-only', 'off'];
/** Custom rules are typed by hand; a megabyte is far beyond any real list of one's own. */
export const MAX_CUSTOM_RULES_CHARS = 1_000_000;
export const MAX_USER_SUBSCRIPTIONS = 50;
export const MAX_SITE_MODES = 2000;

const isMode = (v: unknown): v is EnforcementMode => MODES.includes(v as EnforcementMode);

function siteModes(raw: unknown): Record<string, EnforcementMode> | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const out: Record<string, EnforcementMode> = {};
  for (const [host, mode] of Object.entries(raw).slice(0, MAX_SITE_MODES)) if (isValidHost(host) && isMode(mode)) out[host] = mode;
  return out;
}

function subscriptions(raw: unknown): SubscriptionSource[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw
    .map((entry) => parseSubscriptionSource(entry).source)
    .filter((s): s is SubscriptionSource => s !== null)
    .slice(0, MAX_USER_SUBSCRIPTIONS);
}

/**
 * Storage is written by our own pages, but also by anyone with devtools open on them:
 * every field is checked, and a bad one reads as "never chosen".
 */
export function parseUserSettings(raw: unknown, allowlist?: unknown): UserSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: UserSettings = {};
  if (isMode(r.mode)) out.mode = r.mode;
  const modes = siteModes(r.siteModes);
  if (modes) out.siteModes = modes;
  const subs = subscriptions(r.subscriptions);
  if (subs) out.subscriptions = subs;
  if (typeof r.customRules === 'string' && r.customRules.length <= MAX_CUSTOM_RULES_CHARS) out.customRules = r.customRules;
  if (typeof r.notifications === 'boolean') out.notifications = r.notifications;
  if (Number.isInteger(r.retentionDays) && (r.retentionDays as number) >= MIN_RETENTION_DAYS && (r.retentionDays as number) <= MAX_RETENTION_DAYS) {
    out.retentionDays = r.retentionDays as number;
  }
  if (Array.isArray(allowlist)) out.allowlist = allowlist.filter(isValidHost);
  return out;
}

export async function getUserSettings(): Promise<UserSettings> {
  const stored = await browser.storage.local.get([SETTINGS_KEY, ALLOWLIST_KEY]);
  return parseUserSettings(stored[SETTINGS_KEY], stored[ALLOWLIST_KEY]);
}

type SettingsPatch = Omit<UserSettings, 'allowlist'>;

let queue: Promise<unknown> = Promise.resolve();

/** Serialised read-modify-write; `undefined` in the patch clears a choice. Returns what was stored. */
export function updateUserSettings(patch: SettingsPatch): Promise<SettingsPatch> {
  const run = queue.then(async () => {
    const stored = await browser.storage.local.get(SETTINGS_KEY);
    const merged: Record<string, unknown> = { ...parseUserSettings(stored[SETTINGS_KEY]), ...patch };
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    const next = parseUserSettings(merged);
    await browser.storage.local.set({ [SETTINGS_KEY]: next });
    return next;
  });
  queue = run.catch(() => undefined);
  return run;
}

/**
 * The bundled static rulesets block on their own, so outside 'block' mode they must be
 * switched off; the choice persists across browser sessions but not across updates,
 * which is why this runs on install/update and at startup as well as on change.
 */
export async function applyEnforcement(mode: EnforcementMode): Promise<void> {
  const ids = (browser.runtime.getManifest().declarative_net_request?.rule_resources ?? []).map((r) => r.id);
  if (ids.length === 0) return;
  await browser.declarativeNetRequest.updateEnabledRulesets(
    mode === 'block' ? { enableRulesetIds: ids } : { disableRulesetIds: ids },
  );
}
