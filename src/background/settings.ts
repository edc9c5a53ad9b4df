import browser from 'webextension-polyfill';
import type { EnforcementMode } from '../engine/protocol';

export const SETTINGS_KEY = 'settings';

export interface Settings { mode: EnforcementMode }

const MODES: readonly EnforcementMode[] = ['block', 'report-only', 'off'];
export const DEFAULT_SETTINGS: Settings = { mode: 'block' };

export function parseSettings(raw: unknown): Settings {
  const mode = (raw as Partial<Settings> | undefined)?.mode;
  return { mode: MODES.includes(mode as EnforcementMode) ? (mode as EnforcementMode) : DEFAULT_SETTINGS.mode };
}

export async function getSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return parseSettings(stored[SETTINGS_KEY]);
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
