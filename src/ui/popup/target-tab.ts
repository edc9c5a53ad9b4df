import browser from 'webextension-polyfill';

/**
 * The tab the popup reports on: the active tab normally; `?tabId=N` or `?tabUrl=<prefix>`
 * when tests open the popup as a page of its own (see docs/automation.md).
 */
export async function resolveTargetTab(search: string): Promise<number | null> {
  const params = new URLSearchParams(search);
  const idParam = params.get('tabId');
  if (idParam !== null) {
    const id = Number(idParam);
    return Number.isInteger(id) && id >= 0 ? id : null;
  }
  const prefix = params.get('tabUrl');
  if (prefix !== null) {
    const tabs = await browser.tabs.query({});
    return tabs.find((tab) => tab.url?.startsWith(prefix))?.id ?? null;
  }
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id ?? null;
}
