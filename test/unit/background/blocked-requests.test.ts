import { beforeAll, describe, expect, it } from 'vitest';
import type { PageMatcher } from '../../../src/engine/rules/page-matcher';
import { blockedRequestFinding, type RequestErrorDetails } from '../../../src/background/blocked-requests';
import { requestMatcher } from '../../../src/background/lists';
import { serveListAssetsFromDisk } from './list-assets';

let matcher: PageMatcher;
beforeAll(async () => {
  serveListAssetsFromDisk();
  matcher = await requestMatcher();
});

const details = (over: Partial<RequestErrorDetails> = {}): RequestErrorDetails => ({
  url: 'https://coinhive.com/lib/coinhive.min.js',
  error: 'net::ERR_BLOCKED_BY_CLIENT',
  tabId: 3,
  frameId: 0,
  type: 'script',
  timeStamp: 1234,
  initiator: 'https://news.example',
  ...over,
});

describe('blocked requests', () => {
  it('turns a blocked request our lists block into a finding naming the rule', () => {
    const f = blockedRequestFinding(details(), matcher);
    expect(f).toMatchObject({
      kind: 'blocked-request',
      action: 'blocked',
      verdict: 'miner',
      url: 'https://coinhive.com/lib/coinhive.min.js',
      frameUrl: 'https://news.example',
      time: 1234,
    });
    expect(f!.ruleId).toMatch(/^NoCoin/);
  });

  it("accepts Firefox's DNR error and its document URL", () => {
    const f = blockedRequestFinding(
      details({ error: 'NS_ERROR_ABORT', initiator: undefined, documentUrl: 'https://news.example/article' }),
      matcher,
    );
    expect(f?.frameUrl).toBe('https://news.example/article');
  });

  it('ignores blocked URLs no list of ours blocks', () => {
    expect(blockedRequestFinding(details({ url: 'https://cdn.example/app.js' }), matcher)).toBeNull();
  });

  it('ignores errors that are not blocks', () => {
    for (const error of ['net::ERR_CONNECTION_REFUSED', 'net::ERR_ABORTED', 'NS_ERROR_NET_ON_RESOLVED']) {
      expect(blockedRequestFinding(details({ error }), matcher)).toBeNull();
    }
  });

  it('ignores requests outside tabs', () => {
    expect(blockedRequestFinding(details({ tabId: -1 }), matcher)).toBeNull();
  });
});
