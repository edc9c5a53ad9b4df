import browser from 'webextension-polyfill';
import { effectiveSettings } from '../engine/policy/effective-settings';
import type { EffectiveSettings } from '../engine/policy/types';
import type { EnforcementMode } from '../engine/protocol';
import { readPolicy } from './policy';
import { ALLOWLIST_KEY } from './allowlist';
import { SETTINGS_KEY, getUserSettings } from './settings';
import { hostCoveredBy } from './site-host';

export interface Effective { settings: EffectiveSettings; policyErrors: string[] }

let cached: Promise<Effective> | null = null;

async function compute(): Promise<Effective> {
  const [{ policy, errors }, user] = await Promise.all([readPolicy(), getUserSettings()]);
  return { settings: effectiveSettings(policy, user), policyErrors: errors };
}

/**
 * Policy combined with the user's choices. Every frame's page config needs it, so it is
 * kept until managed storage or the user's settings change.
 */
export function currentEffective(): Promise<Effective> {
  watchChanges();
  cached ??= compute().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

export async function currentSettings(): Promise<EffectiveSettings> {
  return (await currentEffective()).settings;
}

/** Storage changes that alter the effective settings. */
export function affectsSettings(changes: Record<string, unknown>, area: string): boolean {
  return area === 'managed' || (area === 'local' && (SETTINGS_KEY in changes || ALLOWLIST_KEY in changes));
}

/** Drops the cached settings; listeners that react to a change call this before reading them. */
export function invalidateEffective(): void {
  cached = null;
}

function onChange(changes: Record<string, unknown>, area: string): void {
  if (affectsSettings(changes, area)) invalidateEffective();
}

/** The cache is only as good as the change listener behind it: without one yet, start afresh. */
function watchChanges(): void {
  if (browser.storage.onChanged.hasListener(onChange)) return;
  browser.storage.onChanged.addListener(onChange);
  cached = null;
}

/** The mode that applies on `host`: a per-site choice of the user, else the global mode. */
export function modeForHost(settings: EffectiveSettings, host: string | null): EnforcementMode {
  if (host) {
    // The most specific entry wins, so "example.com: off" and "shop.example.com: block" coexist.
    const entries = Object.entries(settings.siteModes.value).filter(([site]) => hostCoveredBy(host, site));
    entries.sort(([a], [b]) => b.length - a.length);
    if (entries.length) return entries[0][1];
  }
  return settings.mode.value;
}
