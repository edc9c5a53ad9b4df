import browser from 'webextension-polyfill';
import type { OptionsModel } from '../../background/options-model';
import type { HistoryEntry } from '../../background/history';
import type { UserSettings } from '../../engine/policy/types';
import type { AllowReply } from '../../background/message-router';

// The options page changes settings only through the background, which checks them
// against the policy; it never writes storage itself.

async function ask<T>(message: Record<string, unknown>): Promise<T> {
  const reply = (await browser.runtime.sendMessage(message)) as T | undefined;
  if (reply === undefined) throw new Error(`no answer to ${String(message.type)}`);
  return reply;
}

export const getModel = () => ask<OptionsModel>({ type: 'ms:get-options' });
export const updateSettings = (patch: Omit<UserSettings, 'allowlist'>) => ask<OptionsModel>({ type: 'ms:update-settings', patch });
export const setUserAllowlist = (hosts: string[]) => ask<AllowReply>({ type: 'ms:set-user-allowlist', hosts });
export const updateSubscriptions = (urls?: string[]) => ask<OptionsModel>({ type: 'ms:update-subscriptions', urls });
export const getHistory = () => ask<HistoryEntry[]>({ type: 'ms:get-history' });
export const clearHistory = () => ask<{ ok: true }>({ type: 'ms:clear-history' });
