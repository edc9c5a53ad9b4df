import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

import { fakeBrowser, resetFakeBrowser } from './fake-browser';
import { ALLOWLIST_RULE_ID_BASE, getAllowlist, isSiteAllowed, setSiteAllowed } from '../../../src/background/allowlist';

beforeEach(() => resetFakeBrowser());

describe('site allowlist', () => {
  it('adds an allowAllRequests rule on the main frame of an allowed site', async () => {
    await setSiteAllowed('shop.example', true);
    expect(await getAllowlist()).toEqual(['shop.example']);
    expect(fakeBrowser.state.dynamicRules).toEqual([
      expect.objectContaining({
        action: { type: 'allowAllRequests' },
        condition: { requestDomains: ['shop.example'], resourceTypes: ['main_frame'] },
      }),
    ]);
  });

  it('removes only its own rule when a site is no longer allowed', async () => {
    fakeBrowser.state.dynamicRules.push({ id: 5, action: { type: 'block' } });
    await setSiteAllowed('a.example', true);
    await setSiteAllowed('b.example', true);
    await setSiteAllowed('a.example', false);
    expect(await getAllowlist()).toEqual(['b.example']);
    const rules = fakeBrowser.state.dynamicRules;
    expect(rules.map((r) => r.id).sort((a, b) => a - b)).toEqual([5, ALLOWLIST_RULE_ID_BASE]);
    expect(rules.find((r) => r.id === ALLOWLIST_RULE_ID_BASE)).toMatchObject({ condition: { requestDomains: ['b.example'] } });
  });

  it('serialises quick toggles', async () => {
    await Promise.all(['a.example', 'b.example', 'c.example'].map((h) => setSiteAllowed(h, true)));
    expect((await getAllowlist()).sort()).toEqual(['a.example', 'b.example', 'c.example']);
    expect(fakeBrowser.state.dynamicRules).toHaveLength(3);
  });

  it('covers subdomains, like requestDomains does', () => {
    expect(isSiteAllowed('www.shop.example', ['shop.example'])).toBe(true);
    expect(isSiteAllowed('shop.example', ['shop.example'])).toBe(true);
    expect(isSiteAllowed('notshop.example', ['shop.example'])).toBe(false);
    expect(isSiteAllowed(null, ['shop.example'])).toBe(false);
  });
});
