import browser from 'webextension-polyfill';
import type { ExportEnvironment } from '../engine/export/index';

/** Which browser and extension produced the evidence; Firefox also names itself exactly. */
export async function exportEnvironment(): Promise<ExportEnvironment> {
  const env: ExportEnvironment = {
    extensionVersion: browser.runtime.getManifest().version,
    browser: { userAgent: navigator.userAgent },
  };
  // Only Firefox has getBrowserInfo; Chrome's version is in the user agent.
  const getInfo = (browser.runtime as { getBrowserInfo?: () => Promise<{ name: string; version: string }> }).getBrowserInfo;
  if (typeof getInfo === 'function') {
    try {
      const info = await getInfo();
      env.browser.name = info.name;
      env.browser.version = info.version;
    } catch {
      // The user agent still says enough.
    }
  }
  return env;
}
