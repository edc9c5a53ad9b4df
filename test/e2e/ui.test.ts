// The popup and the options page in real browsers: axe-core finds no WCAG A/AA violations,
// every control can take keyboard focus, and screenshots in English and Simplified Chinese
// go to docs/screenshots/.
import { existsSync, readFileSync } from 'node:fs';
import puppeteer, { type Browser as FirefoxBrowser } from 'puppeteer-core';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server.mjs';
import { CHROMIUM_BASE_FLAGS } from '../../scripts/chromium-flags.mjs';
import { BROWSER_KINDS, openBrowser, waitFor, type Harness, type HarnessPage } from './harness';
import { builtExtensionDir, CHROMIUM_PATH, FIREFOX_ADDON_ID, FIREFOX_ADDON_UUID, FIREFOX_PATH, repoRoot } from './harness/constants';
import { setFirefoxViewport } from './harness/firefox';
import { makeTempDir, removeTempDir } from './harness/temp-dir';
import { EVENT_WAIT_MS } from './harness/wait-for';

const OPTIONS_PATH = 'src/ui/options/index.html';
const SHOTS = resolve(repoRoot, 'docs/screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string; help: string; nodes: { target: string[] }[] }

/**
 * Runs axe in the page. The source goes in as an expression evaluated by the automation
 * protocol, which the extension page's CSP (no inline scripts, no eval) does not govern.
 */
async function axeViolations(page: HarnessPage): Promise<string[]> {
  await page.evaluate(AXE_SOURCE as never);
  const violations = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }))),
  );
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Controls a keyboard user must reach: each takes focus and none is taken out of the tab order. */
async function unfocusableControls(page: HarnessPage): Promise<string[]> {
  return page.evaluate(() => {
    const controls = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary')]
      .filter((el) => !(el as HTMLButtonElement).disabled && el.checkVisibility());
    return controls.filter((el) => {
      el.focus();
      return document.activeElement !== el || el.tabIndex < 0;
    }).map((el) => el.id || el.outerHTML.slice(0, 80));
  });
}

async function waitReady(page: HarnessPage) {
  await waitFor(() => page.evaluate(() => document.body.dataset.state === 'ready'), { what: 'page ready' });
}

/**
 * Types `text` into the options page's rules editor and returns what its check shows. The
 * check runs on a timer after the last keystroke and always ends by setting aria-invalid
 * (to the same value or not): that mutation, not a guessed delay, says it has run.
 */
async function typeRules(page: HarnessPage, text: string) {
  return page.evaluate(async (value) => {
    const editor = document.getElementById('rules-editor') as HTMLTextAreaElement;
    const checked = new Promise<void>((done) => {
      const watch = new MutationObserver(() => {
        watch.disconnect();
        done();
      });
      watch.observe(editor, { attributes: true, attributeFilter: ['aria-invalid'] });
    });
    editor.value = value;
    editor.dispatchEvent(new Event('input'));
    await checked;
    return {
      invalid: editor.getAttribute('aria-invalid'),
      lines: [...document.querySelectorAll<HTMLElement>('#rules-check li')].map((li) => li.dataset.line),
      saveDisabled: (document.getElementById('rules-save') as HTMLButtonElement).disabled,
    };
  }, text);
}

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0, altPort: 0, jobIntervalMs: 2000 });
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await demo?.close();
});

function minerUrl(label: string) {
  return `${demo.origin}/miner.html?pool=${encodeURIComponent(`ws://${demo.host}:${demo.port}/pool/ui-${label}`)}`;
}

describe.each(BROWSER_KINDS)('%s', (kind) => {
  let browser: Harness;
  let url: string;

  beforeAll(async () => {
    browser = await openBrowser(kind);
    url = minerUrl(kind);
    await browser.newPage(url);
    await waitFor(async () => (await browser.tabState(url)).findings.length >= 3, { timeout: EVENT_WAIT_MS, what: 'findings on the miner page' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('popup: no axe violations, every control focusable; screenshot', async () => {
    const popup = await browser.openPopup({ tabUrl: url });
    await popup.setViewport(380, 600);
    expect(await axeViolations(popup)).toEqual([]);
    expect(await unfocusableControls(popup)).toEqual([]);
    await popup.screenshot(resolve(SHOTS, `popup-${kind}-en.png`));
    await popup.close();
  });

  it('options: no axe violations, every control focusable; screenshot', async () => {
    const options = await browser.newPage(`${browser.extensionBase}${OPTIONS_PATH}`);
    await waitReady(options);
    // The Activity view lists the miner page's findings.
    await waitFor(() => options.evaluate(() => document.querySelectorAll('#history li').length > 0), { what: 'activity entries' });
    await options.setViewport(1000, 1800);
    expect(await axeViolations(options)).toEqual([]);
    expect(await unfocusableControls(options)).toEqual([]);
    // The rules editor reports a bad line as the user types.
    const check = await typeRules(options, [
      '{"format": "miner-sentry-rules", "version": 1, "name": "Mine", "rules": [',
      '  {"id": "ok", "type": "domain", "pattern": "ok.example", "action": "block", "severity": "high"},',
      '  {"id": "bad", "type": "script-url", "pattern": "(a+)+b", "action": "block", "severity": "high"}',
      ']}',
    ].join('\n'));
    expect(check).toEqual({ invalid: 'true', lines: ['3'], saveDisabled: true });
    // Emptied, and checked again, so the screenshot shows no stale issue list.
    await typeRules(options, '');
    await options.screenshot(resolve(SHOTS, `options-${kind}-en.png`));
    await options.close();
  });
});

/**
 * Chromium takes its UI language from `--lang` and, on Linux, from LANGUAGE; the harness
 * starts it in English, so this one launch is made here with both set.
 */
describe('chromium in Simplified Chinese', () => {
  let context: BrowserContext;
  let userDataDir: string;
  let base: string;
  let minerPage: Page;

  beforeAll(async () => {
    const extensionDir = builtExtensionDir('chromium');
    userDataDir = await makeTempDir('chromium-zh');
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      env: { ...process.env, LANGUAGE: 'zh_CN', LANG: 'zh_CN.UTF-8' },
      locale: 'zh-CN',
      args: [
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        '--lang=zh-CN',
        ...CHROMIUM_BASE_FLAGS,
      ],
    });
    context.setDefaultTimeout(EVENT_WAIT_MS);
    const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker', { timeout: EVENT_WAIT_MS });
    base = `chrome-extension://${new URL(worker.url()).host}/`;
    minerPage = await context.newPage();
    await minerPage.goto(minerUrl('zh'));
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    if (userDataDir) await removeTempDir(userDataDir);
  });

  it('popup and options speak Chinese; screenshots', async () => {
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(`${base}src/ui/popup/index.html?tabUrl=${encodeURIComponent(`${demo.origin}/miner.html`)}`);
    await popup.waitForSelector('body[data-state="ready"]');
    // A page opened the moment the extension's worker appears can beat the registration of its
    // content scripts on a busy machine; one reload then gets the hook, as it would for a user.
    const findingsShown = () => popup.waitForFunction(() => document.querySelectorAll('.finding').length >= 3, undefined, { timeout: EVENT_WAIT_MS });
    await findingsShown().catch(async () => {
      await minerPage.reload();
      await findingsShown();
    });
    const ui = await popup.evaluate(() => ({ lang: chrome.i18n.getUILanguage(), text: document.body.innerText }));
    expect(ui.lang.toLowerCase()).toMatch(/^zh/);
    expect(ui.text).toContain('设置');
    await popup.screenshot({ path: resolve(SHOTS, 'popup-chromium-zh_CN.png') });

    const options = await context.newPage();
    await options.setViewportSize({ width: 1000, height: 1800 });
    await options.goto(`${base}${OPTIONS_PATH}`);
    await options.waitForSelector('body[data-state="ready"]');
    expect(await options.locator('h1').textContent()).toBe('Miner Sentry 设置');
    expect(await options.locator('html').getAttribute('lang')).toMatch(/^zh/);
    await options.screenshot({ path: resolve(SHOTS, 'options-chromium-zh_CN.png') });
  });
});

/** Debian's firefox-esr-l10n-zh-cn; Firefox shows extensions in Chinese only with its language pack. */
const FIREFOX_ZH_LANGPACK = '/usr/lib/firefox-esr/browser/extensions/langpack-zh-CN@firefox-esr.mozilla.org.xpi';

describe.skipIf(!existsSync(FIREFOX_ZH_LANGPACK))('firefox in Simplified Chinese (needs firefox-esr-l10n-zh-cn)', () => {
  let browser: FirefoxBrowser;
  const base = `moz-extension://${FIREFOX_ADDON_UUID}/`;

  /** As in the harness: WebDriver BiDi doesn't report the load of moz-extension:// pages, so poll. */
  async function openExtensionPage(path: string, width: number, height: number) {
    const page = await browser.newPage();
    await setFirefoxViewport(page, width, height);
    page.goto(`${base}${path}`).catch(() => {});
    await waitFor(() => page.evaluate(() => document.body?.dataset.state === 'ready'), { timeout: EVENT_WAIT_MS, what: path });
    return page;
  }

  beforeAll(async () => {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      protocol: 'webDriverBiDi',
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'intl.locale.requested': 'zh-CN',
        // The language pack sits in the application's extension directory.
        'extensions.autoDisableScopes': 0,
        'extensions.enabledScopes': 15,
        'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_ADDON_UUID }),
      },
    });
    await browser.installExtension(builtExtensionDir('firefox'));
    const page = await browser.newPage();
    await page.goto(minerUrl('zh-firefox'));
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
  });

  it('popup and options speak Chinese; screenshots', async () => {
    const popup = await openExtensionPage(`src/ui/popup/index.html?tabUrl=${encodeURIComponent(`${demo.origin}/miner.html`)}`, 380, 600);
    await waitFor(() => popup.evaluate(() => document.querySelectorAll('.finding').length >= 3), { timeout: EVENT_WAIT_MS, what: 'findings in the popup' });
    const ui = await popup.evaluate(() => ({ lang: (globalThis as unknown as { browser: typeof chrome }).browser.i18n.getUILanguage(), text: document.body.innerText }));
    expect(ui.lang.toLowerCase()).toMatch(/^zh/);
    expect(ui.text).toContain('设置');
    await popup.screenshot({ path: resolve(SHOTS, 'popup-firefox-zh_CN.png') });

    const options = await openExtensionPage(OPTIONS_PATH, 1000, 1800);
    expect(await options.evaluate(() => document.querySelector('h1')?.textContent)).toBe('Miner Sentry 设置');
    await options.screenshot({ path: resolve(SHOTS, 'options-firefox-zh_CN.png') });
  });
});
