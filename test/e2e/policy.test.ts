// Enterprise policy through the browsers' real mechanisms: Chromium's managed policy
// directory and Firefox's policies.json. Checks that the admin's inline rule blocks its
// host, that a locked mode holds against the user's storage, that the user allowlist is
// refused, and that findings reach the report endpoint with the admin's auth header.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { repoRoot } from './harness/constants';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, openBrowser, waitFor, type Harness, type HarnessPage } from './harness';
import { installPolicy, type InstalledPolicy } from './support/managed-policy';
import { startPolicyServer, type PolicyServer } from './support/policy-server';
import type { OptionsModel } from '../../src/background/options-model';
import { generateKeyPair, sha256Hex } from '../../src/engine/signing';
import { signEnvelope } from '../../src/engine/subscriptions/envelope';
import { EVENT_WAIT_MS } from './harness/wait-for';

const OPTIONS_PATH = 'src/ui/options/index.html';
const TIMEOUT = EVENT_WAIT_MS;

describe.each(BROWSER_KINDS)('%s', (kind) => {
  const tag = randomBytes(4).toString('hex');
  // Unique per run, so the policy file can't touch what other tests load meanwhile.
  const blockedHost = `ms-policy-${tag}.localhost`;
  const controlHost = `ms-ok-${tag}.localhost`;
  let server: PolicyServer;
  let policy: InstalledPolicy | undefined;
  let browser: Harness;
  const pages: HarnessPage[] = [];

  const open = async (url: string) => {
    const page = await browser.newPage(url);
    pages.push(page);
    return page;
  };
  const seen = (host: string, label: string) =>
    server.requests.some((r) => r.host.startsWith(host) && r.path.endsWith('.js') && r.label === label);

  async function loadPage(label: string) {
    const url = server.pageUrl(blockedHost, controlHost, label);
    const page = await open(url);
    // The control script proves *.localhost reaches this server, so the blocked one's absence means something.
    await waitFor(() => seen(controlHost, label), { timeout: TIMEOUT, what: `control script of ${label}` });
    return { page, url };
  }

  async function optionsModel(page: HarnessPage): Promise<OptionsModel> {
    return waitFor(() => page.evaluate(() => {
      const text = document.getElementById('options-state')?.textContent;
      return text ? JSON.parse(text) : undefined;
    }), { what: 'options model' });
  }

  // A list signed by the admin's key (issue 9, attack 7): release 2 is served first, release 1 is kept for a replay.
  const listPath = `/signed-${tag}.txt`;
  let listUrl: string;
  let replay: { body: string; sig: string };

  async function signedRelease(sequence: number, body: string, privateKey: string) {
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    return { body, sig: await signEnvelope({ url: listUrl, sequence, expires, sha256: sha256Hex(new TextEncoder().encode(body)) }, privateKey) };
  }

  async function backgroundModel(page: HarnessPage, message: Record<string, unknown> = { type: 'ms:get-options' }): Promise<OptionsModel> {
    return page.evaluate(async (msg) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      return (await api.runtime.sendMessage(msg)) as OptionsModel;
    }, message);
  }

  beforeAll(async () => {
    server = await startPolicyServer();
    listUrl = `${server.origin}${listPath}`;
    const keys = await generateKeyPair();
    const current = await signedRelease(2, `||signed-${tag}.localhost^\n||signed2-${tag}.localhost^\n`, keys.privateKey);
    replay = await signedRelease(1, `||signed-${tag}.localhost^\n`, keys.privateKey);
    server.lists.set(listPath, { status: 200, body: current.body });
    server.lists.set(`${listPath}.sig`, { status: 200, body: current.sig });
    const settings = {
      mode: 'block',
      lockMode: true,
      allowUserAllowlist: false,
      allowlist: ['intranet.example'],
      inlineRules: {
        format: 'miner-sentry-rules',
        version: 1,
        name: 'E2E organisation rules',
        rules: [{ id: `org-${tag}`, type: 'domain', pattern: blockedHost, action: 'block', severity: 'high', description: 'E2E organisation host' }],
      },
      reportEndpoint: `${server.origin}/report`,
      reportAuthHeader: `Bearer e2e-${tag}`,
      trustedKeys: [{ id: `e2e-${tag}`, publicKey: keys.publicKey }],
      requireSignature: true,
      subscriptions: [{ url: listUrl, name: 'E2E signed list' }],
    };
    policy = await installPolicy(kind, settings, tag);
    try {
      browser = await openBrowser(kind);
    } finally {
      // Firefox reads policies.json once at start-up: the file can go at once.
      if (kind === 'firefox') await policy.remove();
    }
  });

  afterAll(async () => {
    await policy?.remove();
    for (const p of pages) await p.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  it('the options page shows the policy, locked and marked as set by the organisation', async () => {
    const options = await open(`${browser.extensionBase}${OPTIONS_PATH}`);
    const model = await waitFor(async () => {
      const m = await optionsModel(options);
      return m.settings.managed && m.settings.mode.locked && m;
    }, { timeout: TIMEOUT, what: 'the policy to reach the extension' });
    expect(model.settings.mode).toMatchObject({ value: 'block', locked: true, source: 'policy' });
    expect(model.settings.allowlist).toMatchObject({ locked: true, fromPolicy: ['intranet.example'] });
    expect(model.settings.inlineRuleCount).toBe(1);
    expect(model.report?.endpoint).toBe(`${server.origin}/report`);
    const dom = await options.evaluate(() => ({
      modeInputs: [...document.querySelectorAll<HTMLInputElement>('input[name="mode"]')].map((i) => i.disabled),
      modeNote: document.getElementById('mode-locked')!.hidden ? '' : document.getElementById('mode-locked')!.textContent,
      allowInput: (document.getElementById('allowlist-host') as HTMLInputElement).disabled,
      policyHosts: [...document.querySelectorAll('#allowlist li[data-source="policy"]')].map((li) => li.textContent),
      managedNote: !document.getElementById('managed-note')!.hidden,
    }));
    expect(dom.modeInputs).toEqual([true, true, true]);
    expect(dom.modeNote).toContain('Set by your organisation');
    expect(dom.allowInput).toBe(true);
    expect(dom.policyHosts.join()).toContain('intranet.example');
    expect(dom.managedNote).toBe(true);
    await mkdir(resolve(repoRoot, 'docs/screenshots'), { recursive: true });
    await options.setViewport(1000, 1100);
    await options.screenshot(resolve(repoRoot, `docs/screenshots/options-${kind}-managed-en.png`));
  });

  it("the admin's inline rule blocks its host: the request never reaches the server", async () => {
    const { url } = await loadPage('inline');
    const state = await waitFor(async () => {
      const s = await browser.tabState(url);
      return s.findings.some((f) => f.kind === 'blocked-request' && f.url?.includes(blockedHost)) && s;
    }, { timeout: TIMEOUT, what: 'the blocked request finding' });
    expect(state.mode).toBe('block');
    expect(seen(blockedHost, 'inline')).toBe(false);
  });

  it("a user's change to storage.local does not override the locked mode", async () => {
    const options = await open(`${browser.extensionBase}${OPTIONS_PATH}`);
    await optionsModel(options);
    await options.evaluate(async () => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      await api.storage.local.set({ settings: { mode: 'off' } });
    });
    const { url } = await loadPage('after-user-change');
    expect((await browser.tabState(url)).mode).toBe('block');
    expect(seen(blockedHost, 'after-user-change')).toBe(false);
    expect((await optionsModel(options)).settings.mode.value).toBe('block');
  });

  it('the user allowlist is refused: the popup shows the switch disabled with the reason', async () => {
    const { url } = await loadPage('allowlist');
    const popup = await browser.openPopup({ tabUrl: url });
    pages.push(popup);
    const view = await popup.evaluate(async () => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      const reply = await api.runtime.sendMessage({ type: 'ms:set-site-allowed', host: '127.0.0.1', allowed: true });
      const stored = await api.storage.local.get('allowlist');
      return {
        disabled: (document.getElementById('site-toggle') as HTMLInputElement).disabled,
        help: document.getElementById('site-help')!.textContent,
        reply,
        stored: stored.allowlist ?? [],
      };
    });
    expect(view.disabled).toBe(true);
    expect(view.help).toMatch(/organisation/i);
    expect(view.reply).toEqual({ ok: false, reason: 'user-allowlist-disabled' });
    expect(view.stored).toEqual([]);
  });

  // Issue 9, attack 3: allow rules in "My rules" must not outrank the admin's block or
  // switch the locked site off.
  it("a user's allow rules do not lift the admin's block on a locked site", async () => {
    const options = await open(`${browser.extensionBase}${OPTIONS_PATH}`);
    await optionsModel(options);
    const customRules = `@@||${blockedHost}^\n@@||127.0.0.1^$document\n`;
    await options.evaluate(async (rules) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      await api.storage.local.set({ settings: { customRules: rules } });
    }, customRules);
    // The rebuilt network rules report the user's list once they are installed.
    await waitFor(async () => {
      const m = await options.evaluate(async () => {
        const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
        return (await api.runtime.sendMessage({ type: 'ms:get-options' })) as OptionsModel;
      });
      return m.settings.customRules.value === customRules && m.customRules !== undefined && m;
    }, { timeout: TIMEOUT, what: "the user's rules to be installed" });
    const { url } = await loadPage('user-allow');
    const state = await waitFor(async () => {
      const s = await browser.tabState(url);
      return s.findings.some((f) => f.kind === 'blocked-request' && f.url?.includes(blockedHost)) && s;
    }, { timeout: TIMEOUT, what: 'the blocked request finding despite the user allow rule' });
    expect(state.mode).toBe('block');
    expect(seen(blockedHost, 'user-allow')).toBe(false);
    const fresh = await open(`${browser.extensionBase}${OPTIONS_PATH}`);
    await optionsModel(fresh);
    const note = await fresh.evaluate(() => {
      const el = document.getElementById('rules-allow-note')!;
      return el.hidden ? '' : el.textContent;
    });
    expect(note).toContain('Set by your organisation');
  });

  it('a signed list is accepted; a replay of an older signed release is refused and the last good copy stays', async () => {
    const options = await open(`${browser.extensionBase}${OPTIONS_PATH}`);
    await optionsModel(options);
    const accepted = await waitFor(async () => {
      const sub = (await backgroundModel(options)).subscriptions.find((s) => s.url === listUrl);
      return sub?.inForce !== undefined && sub;
    }, { timeout: TIMEOUT, what: 'the signed list to be accepted' });
    expect(accepted).toMatchObject({ fromPolicy: true, requireSignature: true, inForce: { ruleCount: 2, signedBy: `e2e-${tag}`, sequence: 2 } });

    server.lists.set(listPath, { status: 200, body: replay.body });
    server.lists.set(`${listPath}.sig`, { status: 200, body: replay.sig });
    const model = await backgroundModel(options, { type: 'ms:update-subscriptions', urls: [listUrl] });
    const refused = model.subscriptions.find((s) => s.url === listUrl);
    expect(refused?.error?.kind).toBe('signature');
    expect(refused?.error?.message).toMatch(/older than release 2/);
    expect(refused?.inForce).toMatchObject({ ruleCount: 2, sequence: 2 });
  });

  it("findings are POSTed to the admin's report endpoint with the auth header", async () => {
    if (kind === 'firefox') {
      // Firefox: reports carry browsing activity, an optional data collection the user grants
      // with the options page's button (the harness turns the permission prompt off).
      const options = await open(`${browser.extensionBase}${OPTIONS_PATH}`);
      await waitFor(() => options.evaluate(() => !document.getElementById('report-consent')!.hidden), { what: 'the consent button' });
      await options.click('#report-consent');
    }
    const report = await waitFor(
      () => server.reports.find((r) => r.body?.findings?.some((f: { url?: string }) => f.url?.includes(blockedHost))),
      { timeout: TIMEOUT, what: 'a report with the blocked request' },
    );
    expect(report.headers.authorization).toBe(`Bearer e2e-${tag}`);
    expect(report.body).toMatchObject({ format: 'miner-sentry-report', version: 1, extension: { name: 'Miner Sentry' } });
    expect(typeof report.body.batchId).toBe('string');
    expect(report.body.browser.userAgent).toBeTruthy();
  });
});
