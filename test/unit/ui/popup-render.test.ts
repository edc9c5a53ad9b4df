// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredFinding, TabState } from '../../../src/engine/protocol';

vi.mock('webextension-polyfill', async () => ({ default: (await import('../background/fake-browser')).fakeBrowser }));

import { fakeBrowser, resetFakeBrowser } from '../background/fake-browser';
import { renderFindings } from '../../../src/ui/popup/render-findings';
import { summaryFor } from '../../../src/ui/popup/render-summary';
import { exportState } from '../../../src/ui/popup/state-export';
import { resolveTargetTab } from '../../../src/ui/popup/target-tab';

const stored = (over: Partial<StoredFinding> = {}): StoredFinding => ({
  kind: 'wasm',
  verdict: 'miner',
  action: 'blocked',
  reason: 'CryptoNight: AES + Keccak',
  time: Date.UTC(2026, 0, 1, 12, 0, 0),
  tabId: 1,
  frameId: 0,
  id: Math.random().toString(36),
  ...over,
});

const state = (findings: StoredFinding[], over: Partial<TabState> = {}): TabState => ({
  tabId: 1,
  url: 'https://page.test/',
  findings,
  badge: { text: String(findings.length || ''), color: '#000' },
  allowed: false,
  mode: 'block',
  ...over,
});

beforeEach(() => {
  resetFakeBrowser();
  document.body.innerHTML = '<ul id="findings"></ul><script type="application/json" id="tab-state"></script>';
});

describe('popup findings list', () => {
  it('shows page-supplied strings as text, never as markup', () => {
    const list = document.getElementById('findings') as HTMLUListElement;
    const evil = '<img src=x onerror="window.pwned=1">';
    renderFindings(list, [stored({ reason: evil, url: `https://x.test/${evil}`, ruleId: evil, frameUrl: evil })], 'https://page.test/', 'en');
    expect(list.querySelector('img')).toBeNull();
    expect(list.textContent).toContain(evil);
    expect(list.querySelector('.finding__value--long')!.getAttribute('title')).toBe(`https://x.test/${evil}`);
  });

  it('labels kind, verdict, action and matched signature, most alarming first', () => {
    const list = document.getElementById('findings') as HTMLUListElement;
    renderFindings(
      list,
      [
        stored({ kind: 'script', verdict: 'crypto-capable', action: 'reported', time: 3 }),
        stored({ kind: 'websocket', verdict: 'miner', action: 'blocked', primitives: ['keccak', 'aes-round'], ruleId: 'builtin:stratum', time: 1 }),
      ],
      'https://page.test/',
      'en',
    );
    const items = [...list.querySelectorAll('li')];
    expect(items.map((li) => li.dataset.kind)).toEqual(['websocket', 'script']);
    expect(items[0].textContent).toContain('WebSocket / mining pool');
    expect(items[0].textContent).toContain('Miner');
    expect(items[0].textContent).toContain('Blocked');
    expect(items[0].textContent).toContain('keccak, aes-round');
    expect(items[0].textContent).toContain('builtin:stratum');
    expect(items[1].textContent).toContain('Crypto code');
    expect(items[0].querySelector('svg.glyph')).not.toBeNull();
    expect(list.hidden).toBe(false);
  });

  it('hides the list when there is nothing to show', () => {
    const list = document.getElementById('findings') as HTMLUListElement;
    renderFindings(list, [], 'https://page.test/', 'en');
    expect(list.hidden).toBe(true);
  });
});

describe('popup summary', () => {
  it('explains an empty page', () => {
    expect(summaryFor(state([]), true)).toMatchObject({ title: 'No miners found on this page', tone: 'clear' });
  });

  it('counts findings and blocked ones', () => {
    const s = summaryFor(state([stored(), stored({ action: 'reported', verdict: 'suspicious' })]), true);
    expect(s).toMatchObject({ title: '2 findings on this page', detail: '1 blocked', tone: 'alert' });
  });

  it('says when a page cannot be checked or the site is allowed', () => {
    expect(summaryFor(state([], { url: 'chrome://settings/' }), false).title).toBe("Miner Sentry doesn't run on this page");
    expect(summaryFor(state([], { allowed: true }), true).title).toBe('This site is allowed');
  });
});

describe('popup automation hooks', () => {
  it('publishes the tab state as JSON and marks the page ready', () => {
    const s = state([stored({ url: 'https://m.test/x.wasm' })]);
    exportState(document, s, 'ready');
    expect(document.body.dataset.state).toBe('ready');
    expect(JSON.parse(document.getElementById('tab-state')!.textContent!)).toEqual(s);
  });

  it('resolves the target tab from tabId, tabUrl prefix or the active tab', async () => {
    fakeBrowser.state.tabs.set(3, { id: 3, url: 'http://127.0.0.1:8080/miner.html', active: false });
    fakeBrowser.state.tabs.set(4, { id: 4, url: 'https://other.test/', active: true });
    expect(await resolveTargetTab('?tabId=3')).toBe(3);
    expect(await resolveTargetTab('?tabUrl=' + encodeURIComponent('http://127.0.0.1:8080/'))).toBe(3);
    expect(await resolveTargetTab('?tabUrl=https://none.test/')).toBeNull();
    expect(await resolveTargetTab('')).toBe(4);
    expect(await resolveTargetTab('?tabId=abc')).toBeNull();
  });
});
