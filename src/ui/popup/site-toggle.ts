import browser from 'webextension-polyfill';
import type { SetSiteAllowedRequest } from '../../engine/protocol';
import { t } from './i18n';

export interface SiteToggleTarget { tabId: number; host: string; allowed: boolean }

/** Wires the "Allow this site" switch; changes reach pages on their next load, so it offers a reload. */
export function setupSiteToggle(section: HTMLElement, target: SiteToggleTarget): void {
  const toggle = section.querySelector<HTMLInputElement>('#site-toggle')!;
  const help = section.querySelector<HTMLElement>('#site-help')!;
  const reloadBox = section.querySelector<HTMLElement>('#site-reload')!;
  const reloadButton = section.querySelector<HTMLButtonElement>('#reload-button')!;

  section.hidden = false;
  toggle.checked = target.allowed;
  help.textContent = t('siteToggleHelp', target.host);

  toggle.onchange = async () => {
    toggle.disabled = true;
    const request: SetSiteAllowedRequest = { type: 'ms:set-site-allowed', host: target.host, allowed: toggle.checked };
    try {
      await browser.runtime.sendMessage(request);
      reloadBox.hidden = false;
    } catch {
      toggle.checked = !toggle.checked;
      help.textContent = t('siteToggleFailed');
    } finally {
      toggle.disabled = false;
      toggle.focus();
    }
  };
  reloadButton.onclick = async () => {
    await browser.tabs.reload(target.tabId);
    reloadBox.hidden = true;
  };
}
