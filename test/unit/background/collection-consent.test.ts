import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

import { fakeBrowser, resetFakeBrowser } from './fake-browser';
import { browsingActivityConsent } from '../../../src/background/collection-consent';

const firefoxManifest = {
  ...fakeBrowser.runtime.getManifest(),
  browser_specific_settings: { gecko: { data_collection_permissions: { required: ['none'], optional: ['browsingActivity'] } } },
};

beforeEach(() => resetFakeBrowser());

describe('browsing-activity consent', () => {
  it('is not asked for where the manifest declares no such data collection (Chrome)', () => {
    expect(browsingActivityConsent()).toBeUndefined();
  });

  it('follows the granted data-collection permission in Firefox', async () => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue(firefoxManifest as never);
    let granted = false;
    const contains = vi.fn(async (p: { data_collection?: string[] }) => granted && p.data_collection?.includes('browsingActivity') === true);
    (fakeBrowser as unknown as { permissions: unknown }).permissions = { contains };
    const consent = browsingActivityConsent()!;
    expect(await consent()).toBe(false);
    granted = true;
    expect(await consent()).toBe(true);
  });
});
