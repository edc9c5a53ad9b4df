import browser from 'webextension-polyfill';
import type { SetSiteAllowedRequest } from '../../engine/protocol';
import type { SiteLock } from '../../background/tab-state';
import { t } from './i18n';

export interface SiteToggleTarget { tabId: number; host: string; allowed: boolean; lock?: SiteLock }

const LOCK_KEYS: Record<SiteLock, string> = {
  'policy-allowlist': 'siteLockedPolicyAllowlist',
  'user-allowlist-disabled': 'siteLockedNoUserAllowlist',
};

/** Wires the "Allow this site" switch; changes reach pages on their next load, so it offers a reload. */
export function setupSiteToggle(section: HTMLElement, target: SiteToggleTarget): void {
  const toggle = section.querySelector<HTMLInputElement>('#site-toggle')!;
  const help = section.querySelector<HTMLElement>('#site-help')!;
  const reloadBox = section.querySelector<HTMLElement>('#site-reload')!;
  const reloadButton = section.querySelector<HTMLButtonElement>('#reload-button')!;

  section.hidden = false;
  toggle.checked = target.allowed;
  // The admin decides for this site: the switch stays visible, so the state is clear, but can't move.
  toggle.disabled = target.lock !== undefined;
  help.textContent = target.lock ? t(LOCK_KEYS[target.lock]) : t('siteToggleHelp', target.host);
  section.dataset.locked = target.lock ?? '';

  toggle.onchange = async () => {
    toggle.disabled = true;
    const request: SetSiteAllowedRequest = { type: 'ms:set-site-allowed', host: target.host, allowed: toggle.checked };
    let locked = false;
    try {
      const reply = (await browser.runtime.sendMessage(request)) as { ok: boolean; reason?: SiteLock } | undefined;
      if (reply?.ok === false && reply.reason) {
        locked = true;
        toggle.checked = !toggle.checked;
        help.textContent = t(LOCK_KEYS[reply.reason]);
      } else reloadBox.hidden = false;
    } catch {
      toggle.checked = !toggle.checked;
      help.textContent = t('siteToggleFailed');
    } finally {
      toggle.disabled = locked;
      if (!locked) toggle.focus();
    }
  };
  reloadButton.onclick = async () => {
    await browser.tabs.reload(target.tabId);
    reloadBox.hidden = true;
  };
}
