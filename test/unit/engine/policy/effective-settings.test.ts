import { describe, expect, it } from 'vitest';
import { effectiveSettings } from '../../../../src/engine/policy/effective-settings';
import { parsePolicy } from '../../../../src/engine/policy/parse-policy';
import type { UserSettings } from '../../../../src/engine/policy/types';

const policyOf = (raw: Record<string, unknown>) => {
  const { policy, errors } = parsePolicy(raw);
  expect(errors).toEqual([]);
  return policy;
};

describe('effectiveSettings: mode', () => {
  it('without a policy the user chooses, over the default', () => {
    expect(effectiveSettings({}, {}).mode).toMatchObject({ value: 'block', source: 'default', locked: false });
    expect(effectiveSettings({}, { mode: 'off' }).mode).toMatchObject({ value: 'off', source: 'user', locked: false });
    expect(effectiveSettings({}, {}).managed).toBe(false);
  });

  it('a locked policy mode beats the user and leaves no choice', () => {
    const s = effectiveSettings(policyOf({ mode: 'report-only', lockMode: true }), { mode: 'off' });
    expect(s.mode).toEqual({ value: 'report-only', locked: true, source: 'policy', choices: ['report-only'] });
    expect(s.managed).toBe(true);
  });

  it('lockMode without a mode locks the default', () => {
    expect(effectiveSettings(policyOf({ lockMode: true }), { mode: 'off' }).mode).toMatchObject({ value: 'block', locked: true });
  });

  it('an unlocked policy mode is only the default: the user may still choose', () => {
    const policy = policyOf({ mode: 'report-only' });
    expect(effectiveSettings(policy, {}).mode).toMatchObject({ value: 'report-only', source: 'policy', locked: false });
    expect(effectiveSettings(policy, { mode: 'block' }).mode).toMatchObject({ value: 'block', source: 'user', locked: false });
  });

  it('allowUserDisable: false takes "off" away from the user', () => {
    const s = effectiveSettings(policyOf({ mode: 'block', allowUserDisable: false }), { mode: 'off', siteModes: { 'a.example': 'off', 'b.example': 'report-only' } });
    expect(s.mode).toMatchObject({ value: 'block', source: 'policy', choices: ['block', 'report-only'] });
    expect(s.siteModes.value).toEqual({ 'b.example': 'report-only' });
  });

  it('a locked mode ignores per-site overrides', () => {
    const s = effectiveSettings(policyOf({ lockMode: true }), { siteModes: { 'a.example': 'off' } });
    expect(s.siteModes).toEqual({ value: {}, locked: true, source: 'policy' });
    expect(effectiveSettings({}, { siteModes: { 'a.example': 'off' } }).siteModes).toMatchObject({ value: { 'a.example': 'off' }, source: 'user' });
  });
});

describe('effectiveSettings: lists', () => {
  const user: UserSettings = { allowlist: ['mine.example', 'shared.example'] };

  it('merges the user allowlist after the policy one by default', () => {
    const s = effectiveSettings(policyOf({ allowlist: ['intranet.example', 'shared.example'] }), user);
    expect(s.allowlist).toEqual({
      value: ['intranet.example', 'shared.example', 'mine.example'],
      fromPolicy: ['intranet.example', 'shared.example'],
      locked: false,
      source: 'policy',
    });
  });

  it('refuses the user allowlist when allowUserAllowlist is false', () => {
    const s = effectiveSettings(policyOf({ allowlist: ['intranet.example'], allowUserAllowlist: false }), user);
    expect(s.allowlist).toMatchObject({ value: ['intranet.example'], locked: true, source: 'policy' });
    expect(effectiveSettings(policyOf({ allowUserAllowlist: false }), user).allowlist.value).toEqual([]);
  });

  it('without a policy the user allowlist is the allowlist', () => {
    expect(effectiveSettings({}, user).allowlist).toMatchObject({ value: user.allowlist, fromPolicy: [], source: 'user', locked: false });
  });

  it('puts policy subscriptions first and lets the policy entry win for a shared URL', () => {
    const policy = policyOf({ subscriptions: [{ url: 'https://lists.example/a.txt', requireSignature: true }] });
    const s = effectiveSettings(policy, {
      subscriptions: [{ url: 'https://lists.example/a.txt' }, { url: 'https://lists.example/b.txt', name: 'B' }],
    });
    expect(s.subscriptions.value).toEqual([
      { url: 'https://lists.example/a.txt', requireSignature: true },
      { url: 'https://lists.example/b.txt', name: 'B' },
    ]);
    expect(s.subscriptions.fromPolicy).toHaveLength(1);
  });
});

describe('effectiveSettings: other settings', () => {
  it('locks the update interval when the policy sets it', () => {
    expect(effectiveSettings(policyOf({ updateIntervalMinutes: 60 }), {}).updateIntervalMinutes).toEqual({ value: 60, locked: true, source: 'policy' });
    expect(effectiveSettings({}, {}).updateIntervalMinutes).toMatchObject({ value: 1440, locked: false, source: 'default' });
  });

  it('keeps user-only settings and falls back to defaults for unusable values', () => {
    const s = effectiveSettings({}, { notifications: true, retentionDays: 7, customRules: '||x.example^' });
    expect(s.notifications).toMatchObject({ value: true, source: 'user' });
    expect(s.retentionDays).toMatchObject({ value: 7, source: 'user' });
    expect(s.customRules).toMatchObject({ value: '||x.example^', source: 'user' });
    const d = effectiveSettings({}, { retentionDays: 0 });
    expect(d.retentionDays).toMatchObject({ value: 30, source: 'default' });
    expect(d.notifications).toMatchObject({ value: false, source: 'default' });
  });

  it('reports only where the policy says, with its header', () => {
    expect(effectiveSettings({}, {}).report).toBeNull();
    const s = effectiveSettings(policyOf({ reportEndpoint: 'https://soc.example/in', reportAuthHeader: 'Bearer t' }), {});
    expect(s.report).toEqual({ endpoint: 'https://soc.example/in', authHeader: 'Bearer t' });
  });

  it('passes policy rules and keys through', () => {
    const s = effectiveSettings(policyOf({ inlineRules: [{ id: 'x', type: 'domain', action: 'block', severity: 'high', pattern: 'x.example' }] }), {});
    expect(s.inlineRules?.rules).toHaveLength(1);
    expect(s.trustedKeys).toEqual([]);
  });
});
