import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED_KEYS, HASH_HEX_LENGTH, RESOURCE_TYPES, RULE_TYPES, SEVERITIES } from '../../../../src/engine/rules/rule-fields';

// No JSON Schema validator is installed; these checks keep the schema and the
// runtime validator describing the same format.
const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../schema/rule-list.schema.json'), 'utf8'));
const defs = schema.$defs;

describe('schema/rule-list.schema.json', () => {
  it('is draft 2020-12 and lists the same enums as the validator', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(defs.rule.properties.type.enum).toEqual(RULE_TYPES);
    expect(defs.severity.enum).toEqual(SEVERITIES);
    expect(defs.resourceTypes.items.enum).toEqual(RESOURCE_TYPES);
    expect(defs.hashRule.properties.algorithm.enum).toEqual(Object.keys(HASH_HEX_LENGTH));
  });

  it('allows exactly the properties the validator allows, per rule type', () => {
    const defFor = { domain: 'domainRule', url: 'urlRule', 'script-url': 'regexRule', content: 'regexRule', 'ws-message': 'regexRule', hash: 'hashRule', allow: 'allowRule' } as const;
    for (const type of RULE_TYPES) {
      expect(Object.keys(defs[defFor[type]].properties).sort(), type).toEqual([...ALLOWED_KEYS[type]].sort());
    }
  });

  it('host pattern accepts hosts and IPv4, rejects single labels and upper case', () => {
    const host = new RegExp(defs.host.pattern);
    expect(host.test('ws1.coinhive.com')).toBe(true);
    expect(host.test('203.0.113.7')).toBe(true);
    expect(host.test('localhost')).toBe(false);
    expect(host.test('Coinhive.com')).toBe(false);
  });
});
