// A user's own subscription, added and refreshed through the options page, against a list
// server on 127.0.0.1: the accepted list blocks its host; a broken update shows its line in
// the options page and the last good list keeps blocking; a server error shows its status.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_KINDS, openBrowser, waitFor, type Harness, type HarnessPage } from './harness';
import { startPolicyServer, type PolicyServer } from './support/policy-server';
import type { OptionsModel, SubscriptionView } from '../../src/background/options-model';
import { EVENT_WAIT_MS } from './harness/wait-for';

const OPTIONS_PATH = 'src/ui/options/index.html';
const TIMEOUT = EVENT_WAIT_MS;

describe.each(BROWSER_KINDS)('%s', (kind) => {
  const tag = randomBytes(4).toString('hex');
  const blockedHost = `ms-sub-${tag}.localhost`;
  const controlHost = `ms-subok-${tag}.localhost`;
  let server: PolicyServer;
  let browser: Harness;
  let options: HarnessPage;
  let listUrl: string;

  const seen = (host: string, label: string) => server.requests.some((r) => r.host.startsWith(host) && r.label === label);

  async function subscription(predicate: (s: SubscriptionView) => boolean, what: string): Promise<SubscriptionView> {
    return waitFor(async () => {
      const model: OptionsModel | null = await options.evaluate(() => JSON.parse(document.getElementById('options-state')?.textContent || 'null'));
      const sub = model?.subscriptions.find((s) => s.url === listUrl);
      return sub && predicate(sub) && sub;
    }, { timeout: TIMEOUT, what });
  }

  async function pageBlocks(label: string) {
    await browser.newPage(server.pageUrl(blockedHost, controlHost, label));
    await waitFor(() => seen(controlHost, label), { timeout: TIMEOUT, what: `control script of ${label}` });
    return !seen(blockedHost, label);
  }

  beforeAll(async () => {
    server = await startPolicyServer();
    listUrl = `${server.origin}/list-${tag}.txt`;
    server.lists.set(`/list-${tag}.txt`, { status: 200, body: `[Adblock Plus 2.0]\n! Title: E2E list\n||${blockedHost}^\n` });
    browser = await openBrowser(kind);
    options = await browser.newPage(`${browser.extensionBase}${OPTIONS_PATH}`);
    await waitFor(() => options.evaluate(() => document.body.dataset.state === 'ready'), { what: 'options page' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a list added in the options page is fetched and blocks its host', async () => {
    await options.evaluate((url) => {
      (document.getElementById('subscription-url') as HTMLInputElement).value = url;
      (document.getElementById('subscription-name') as HTMLInputElement).value = 'E2E list';
      (document.getElementById('subscription-form') as HTMLFormElement).requestSubmit();
    }, listUrl);
    const sub = await subscription((s) => s.inForce !== undefined, 'the list to be accepted');
    expect(sub).toMatchObject({ fromPolicy: false, name: 'E2E list', inForce: { ruleCount: 1, format: 'abp' } });
    expect(await waitFor(() => pageBlocks('accepted').then((b) => b || undefined), { timeout: TIMEOUT, what: 'the host to be blocked' })).toBe(true);
  });

  it('a broken update names its line in the options page and the last good list keeps blocking', async () => {
    server.lists.set(`/list-${tag}.txt`, {
      status: 200,
      body: [
        '{"format": "miner-sentry-rules", "version": 1, "name": "E2E list", "rules": [',
        `  {"id": "pool", "type": "domain", "pattern": "${blockedHost}", "action": "block", "severity": "high"},`,
        '  {"id": "bad", "type": "script-url", "pattern": "(a+)+b", "action": "block", "severity": "high"}',
        ']}',
      ].join('\n'),
    });
    await options.evaluate((url) => {
      const item = [...document.querySelectorAll<HTMLElement>('#subscription-list li')].find((li) => li.dataset.url === url);
      item?.querySelector<HTMLButtonElement>('.sub__head button')?.click();
    }, listUrl);
    const sub = await subscription((s) => s.error?.kind === 'validation', 'the validation error');
    expect(sub.error?.line).toBe(3);
    expect(sub.inForce?.ruleCount).toBe(1);
    const shown = await waitFor(() => options.evaluate((url) => {
      const item = [...document.querySelectorAll<HTMLElement>('#subscription-list li')].find((li) => li.dataset.url === url);
      return item?.querySelector('.sub__error')?.textContent || undefined;
    }, listUrl), { what: 'the error in the list' });
    expect(shown).toMatch(/^Line 3 — /);
    expect(shown).toContain('last good copy');
    expect(await pageBlocks('after-bad-update')).toBe(true);
  });

  it('a server error shows its HTTP status', async () => {
    server.lists.set(`/list-${tag}.txt`, { status: 503, body: 'down' });
    await options.evaluate(() => (document.getElementById('update-all') as HTMLButtonElement).click());
    const sub = await subscription((s) => s.error?.kind === 'http', 'the HTTP error');
    expect(sub.error?.status).toBe(503);
    expect(sub.failures).toBeGreaterThanOrEqual(2);
    expect(await pageBlocks('after-503')).toBe(true);
  });
});
