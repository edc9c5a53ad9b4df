import browser from 'webextension-polyfill';
import { parsePolicy } from '../engine/policy/parse-policy';
import type { EffectiveSettings, ReportTarget } from '../engine/policy/types';

/**
 * Where reports go, read from managed storage at send time. The auth header is a secret of
 * the admin's: it stays in the background, is never copied to storage.local (the policy
 * copy leaves it out) and never goes to a content script or an extension page, so a
 * compromised renderer or a look at the options page cannot lift it.
 *
 * Throws while managed storage has not answered (the first moments of a browser start,
 * when the settings come from the stored policy copy): the queue then waits and retries,
 * rather than sending without the header or forgetting what it holds.
 */
export async function reportTarget(settings: () => Promise<EffectiveSettings>): Promise<ReportTarget | null> {
  if (!(await settings()).report) return null;
  let raw: Record<string, unknown> | undefined;
  try {
    raw = await browser.storage.managed?.get(['reportEndpoint', 'reportAuthHeader', 'reportFullUrls']);
  } catch {
    raw = undefined;
  }
  const { policy } = parsePolicy(raw && Object.keys(raw).length ? raw : undefined);
  if (!policy.reportEndpoint) throw new Error('the report endpoint is not readable from managed storage yet');
  const target: ReportTarget = { endpoint: policy.reportEndpoint };
  if (policy.reportAuthHeader) target.authHeader = policy.reportAuthHeader;
  if (policy.reportFullUrls === true) target.fullUrls = true;
  return target;
}
