import browser from 'webextension-polyfill';

const BROWSING_ACTIVITY = 'browsingActivity';

interface DataCollectionManifest {
  browser_specific_settings?: { gecko?: { data_collection_permissions?: { optional?: string[] } } };
}

/**
 * Firefox asks the user before an add-on sends browsing activity anywhere. Reports carry
 * page and script URLs, so the Firefox manifest declares `browsingActivity` as optional
 * data collection, and the queue sends only once the user has granted it. Chrome has no
 * such consent: there the function is absent and an admin's endpoint is enough.
 */
export function browsingActivityConsent(): (() => Promise<boolean>) | undefined {
  const manifest = browser.runtime.getManifest() as DataCollectionManifest;
  if (!manifest.browser_specific_settings?.gecko?.data_collection_permissions?.optional?.includes(BROWSING_ACTIVITY)) {
    return undefined;
  }
  return async () => {
    try {
      return await browser.permissions.contains({ data_collection: [BROWSING_ACTIVITY] } as never);
    } catch {
      // A Firefox with the consent feature switched off knows no `data_collection` key and
      // asks nobody: the admin's endpoint is then the only condition, as in Chrome.
      return true;
    }
  };
}
