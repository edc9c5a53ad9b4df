import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy, POLICY_SETTINGS } from '../../../../src/engine/policy/parse-policy';
import { MAX_UPDATE_INTERVAL_MINUTES, MIN_UPDATE_INTERVAL_MINUTES } from '../../../../src/engine/policy/limits';
import { encodeBase64 } from '../../../../src/engine/signing';

const KEY = encodeBase64(Uint8Array.from({ length: 32 }, (_, i) => i + 1));
const HASH = 'ab'.repeat(32);

function only(raw: Record<string, unknown>) {
  return parsePolicy(raw);
}

describe('parsePolicy: whole input', () => {
  it('treats a missing policy as no policy, without errors', () => {
    expect(parsePolicy(undefined)).toEqual({ policy: {}, errors: [] });
    expect(parsePolicy({})).toEqual({ policy: {}, errors: [] });
  });

  it('refuses a policy that is not an object', () => {
    const { policy, errors } = parsePolicy(['mode', 'block']);
    expect(policy).toEqual({});
    expect(errors).toHaveLength(1);
  });

  it('keeps good fields when others are bad', () => {
    const { policy, errors } = parsePolicy({ mode: 'report-only', lockMode: 'yes', allowUserDisable: false });
    expect(policy).toEqual({ mode: 'report-only', allowUserDisable: false });
    expect(errors).toEqual([expect.stringMatching(/^lockMode: /)]);
  });

  it('reports unknown settings, including prototype names, and ignores them', () => {
    const raw = JSON.parse('{"mdoe":"off","constructor":1,"__proto__":{"mode":"off"}}');
    const { policy, errors } = parsePolicy(raw);
    expect(policy).toEqual({});
    expect(errors).toHaveLength(3);
    expect(errors.every((e) => /unknown policy setting/.test(e))).toBe(true);
  });
});

describe('parsePolicy: each setting', () => {
  it('mode accepts the three modes only', () => {
    for (const mode of ['block', 'report-only', 'off']) expect(only({ mode }).policy.mode).toBe(mode);
    const bad = only({ mode: 'Block' });
    expect(bad.policy.mode).toBeUndefined();
    expect(bad.errors[0]).toMatch(/^mode: must be one of block, report-only, off/);
  });

  it.each(['lockMode', 'allowUserAllowlist', 'allowUserDisable'])('%s must be a boolean', (key) => {
    expect(only({ [key]: true }).policy).toEqual({ [key]: true });
    expect(only({ [key]: false }).policy).toEqual({ [key]: false });
    const bad = only({ [key]: 'false' });
    expect(bad.policy).toEqual({});
    expect(bad.errors[0]).toMatch(new RegExp(`^${key}: must be true or false`));
  });

  it('updateIntervalMinutes takes whole minutes within bounds', () => {
    expect(only({ updateIntervalMinutes: MIN_UPDATE_INTERVAL_MINUTES }).policy.updateIntervalMinutes).toBe(15);
    expect(only({ updateIntervalMinutes: MAX_UPDATE_INTERVAL_MINUTES }).policy.updateIntervalMinutes).toBe(10080);
    for (const bad of [14, 10081, 60.5, '60', null]) {
      const r = only({ updateIntervalMinutes: bad });
      expect(r.policy.updateIntervalMinutes, String(bad)).toBeUndefined();
      expect(r.errors[0]).toMatch(/^updateIntervalMinutes: /);
    }
  });

  it('allowlist keeps canonical hosts and reports bad entries one by one', () => {
    const { policy, errors } = only({ allowlist: ['Intranet.Example.COM.', '*.corp.example', 'not a host', 42, 'intranet.example.com'] });
    expect(policy.allowlist).toEqual(['intranet.example.com', 'corp.example']);
    expect(errors).toEqual([expect.stringMatching(/^allowlist\[2\]/), expect.stringMatching(/^allowlist\[3\]/)]);
    expect(only({ allowlist: 'example.com' }).errors[0]).toMatch(/^allowlist: must be an array/);
  });

  it('reportEndpoint needs https, or http on 127.0.0.1', () => {
    expect(only({ reportEndpoint: 'https://soc.example/ingest' }).policy.reportEndpoint).toBe('https://soc.example/ingest');
    expect(only({ reportEndpoint: 'http://127.0.0.1:8080/r' }).policy.reportEndpoint).toBe('http://127.0.0.1:8080/r');
    for (const bad of ['http://soc.example/ingest', 'ftp://soc.example/', 'https://user:pw@soc.example/', 'soc.example', 7]) {
      const r = only({ reportEndpoint: bad });
      expect(r.policy.reportEndpoint, String(bad)).toBeUndefined();
      expect(r.errors[0]).toMatch(/^reportEndpoint: /);
    }
  });

  it('reportAuthHeader is a single line and only kept with an endpoint', () => {
    const ok = only({ reportEndpoint: 'https://soc.example/', reportAuthHeader: 'Bearer abc' });
    expect(ok.policy.reportAuthHeader).toBe('Bearer abc');
    expect(ok.errors).toEqual([]);
    const injected = only({ reportEndpoint: 'https://soc.example/', reportAuthHeader: 'Bearer abc\r\nX-Evil: 1' });
    expect(injected.policy.reportAuthHeader).toBeUndefined();
    expect(injected.errors[0]).toMatch(/^reportAuthHeader: /);
    const alone = only({ reportAuthHeader: 'Bearer abc' });
    expect(alone.policy).toEqual({});
    expect(alone.errors[0]).toMatch(/without a valid reportEndpoint/);
  });

  it('trustedKeys need an id and a 32-byte base64 key', () => {
    const { policy, errors } = only({
      trustedKeys: [
        { id: 'it-2025', publicKey: KEY },
        { id: '', publicKey: KEY },
        { id: 'short', publicKey: encodeBase64(new Uint8Array(16)) },
        { id: 'junk', publicKey: '%%%' },
        { id: 'it-2025', publicKey: KEY },
      ],
    });
    expect(policy.trustedKeys).toEqual([{ id: 'it-2025', publicKey: KEY }]);
    expect(errors.map((e) => e.slice(0, 14))).toEqual(['trustedKeys[1]', 'trustedKeys[2]', 'trustedKeys[3]', 'trustedKeys[4]']);
    expect(errors[1]).toMatch(/32 raw bytes, got 16/);
  });

  it('subscriptions keep valid entries, normalise pins and refuse weakened ones whole', () => {
    const { policy, errors } = only({
      subscriptions: [
        { url: 'https://lists.example/miners.txt', name: 'Miners', sha256: HASH.toUpperCase(), requireSignature: true },
        { url: 'http://lists.example/plain.txt' },
        { url: 'https://lists.example/pin.txt', sha256: 'abc' },
        { url: 'https://lists.example/sig.txt', requireSignature: 'yes' },
        { url: 'https://lists.example/miners.txt' },
        { url: 'https://lists.example/other.json', sigUrl: 'https://sigs.example/other.sig' },
      ],
    });
    expect(policy.subscriptions).toEqual([
      { url: 'https://lists.example/miners.txt', name: 'Miners', sha256: HASH, requireSignature: true },
      { url: 'https://lists.example/other.json', sigUrl: 'https://sigs.example/other.sig' },
    ]);
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/^subscriptions\[1\]: url must use https/);
    expect(errors[1]).toMatch(/^subscriptions\[2\]: sha256 must be 64 hex digits/);
    expect(errors[2]).toMatch(/^subscriptions\[3\]: requireSignature/);
    expect(errors[3]).toMatch(/^subscriptions\[4\]: duplicate url/);
  });

  it('inlineRules accept a native list or a bare rules array, keeping the valid rules', () => {
    const good = { id: 'corp-pool', type: 'domain', action: 'block', severity: 'high', pattern: 'pool.corp-miner.example' };
    const badRegex = { id: 'bad-re', type: 'script-url', action: 'block', severity: 'high', pattern: '(unclosed' };
    const asList = only({ inlineRules: { format: 'miner-sentry-rules', version: 1, name: 'Corp', rules: [good, badRegex] } });
    expect(asList.policy.inlineRules?.name).toBe('Corp');
    expect(asList.policy.inlineRules?.rules.map((r) => r.id)).toEqual(['corp-pool']);
    expect(asList.errors).toHaveLength(1);
    expect(asList.errors[0]).toMatch(/^inlineRules: rule bad-re: pattern: /);

    const asArray = only({ inlineRules: [good] });
    expect(asArray.policy.inlineRules?.rules).toEqual([good]);
    expect(asArray.errors).toEqual([]);

    const notRules = only({ inlineRules: 'coinhive.com' });
    expect(notRules.policy.inlineRules).toBeUndefined();
    expect(notRules.errors[0]).toMatch(/^inlineRules: /);
  });
});

describe('managed_schema.json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../../../managed_schema.json', import.meta.url), 'utf8'));

  it('is a Chrome managed schema: an object of properties, each with exactly one type', () => {
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBeUndefined();
    const walk = (node: Record<string, unknown>, path: string): void => {
      expect(typeof node.type, path).toBe('string');
      for (const [k, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) walk(child, `${path}.${k}`);
      if (node.items) walk(node.items as Record<string, unknown>, `${path}[]`);
    };
    walk(schema, '$');
  });

  it('names exactly the settings parsePolicy understands', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...POLICY_SETTINGS].sort());
    for (const key of Object.keys(schema.properties)) {
      const { errors } = parsePolicy({ [key]: null });
      expect(errors.join(' '), key).not.toMatch(/unknown policy setting/);
    }
    expect(schema.properties.updateIntervalMinutes).toMatchObject({
      minimum: MIN_UPDATE_INTERVAL_MINUTES,
      maximum: MAX_UPDATE_INTERVAL_MINUTES,
    });
  });
});

describe('docs/policy.md examples', () => {
  const doc = readFileSync(new URL('../../../../docs/policy.md', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));

  it('carry policies that parse without errors under the right ids', () => {
    const chrome = blocks.find((b) => b['3rdparty'])?.['3rdparty'].extensions.pjgbhhcaimphlfgdejbgcbncgnlnhifh;
    const firefox = blocks.find((b) => b.policies)?.policies['3rdparty'].Extensions['miner-sentry@miner-sentry.dev'];
    for (const example of [chrome, firefox]) {
      expect(example).toBeTypeOf('object');
      const { policy, errors } = parsePolicy(example);
      expect(errors).toEqual([]);
      expect(Object.keys(policy)).toEqual(Object.keys(example));
    }
  });
});
