import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../../src/engine/types';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./fake-browser')).fakeBrowser }));

import { fakeBrowser, resetFakeBrowser } from './fake-browser';
import { BADGE_AMBER, BADGE_GREY, BADGE_RED, badgeFor, showBadge } from '../../../src/background/badge';

const f = (verdict: Finding['verdict'], action: Finding['action'] = 'reported') => ({ verdict, action });

beforeEach(() => resetFakeBrowser());

describe('badge', () => {
  it('is empty without findings', () => {
    expect(badgeFor([]).text).toBe('');
  });

  it('counts findings and takes the colour of the worst', () => {
    expect(badgeFor([f('crypto-capable')])).toEqual({ text: '1', color: BADGE_GREY });
    expect(badgeFor([f('crypto-capable'), f('suspicious')])).toEqual({ text: '2', color: BADGE_AMBER });
    expect(badgeFor([f('suspicious'), f('miner'), f('clean')])).toEqual({ text: '3', color: BADGE_RED });
    expect(badgeFor([f('suspicious'), f('clean', 'blocked')])).toEqual({ text: '2', color: BADGE_RED });
  });

  it('is set per tab', async () => {
    await showBadge(1, badgeFor([f('miner')]));
    await showBadge(2, badgeFor([f('suspicious'), f('suspicious')]));
    expect(fakeBrowser.state.badgeText.get(1)).toBe('1');
    expect(fakeBrowser.state.badgeColor.get(1)).toBe(BADGE_RED);
    expect(fakeBrowser.state.badgeText.get(2)).toBe('2');
    expect(fakeBrowser.state.badgeColor.get(2)).toBe(BADGE_AMBER);
  });
});
