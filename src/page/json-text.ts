// JSON.stringify consults `toJSON` up the prototype chain, so a page that defines
// `Array.prototype.toJSON` could rewrite or break every finding we send. This encoder
// only reads own data of plain values and uses JSON.stringify for primitives alone.
import { apply, getOwnPropertyDescriptor, jsonStringify, ownKeys } from './intrinsics';

const isArrayValue = Array.isArray;

export type JsonValue = string | number | boolean | null | undefined | JsonValue[] | { [key: string]: JsonValue };

export function encodeJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return apply(jsonStringify, undefined, [value]) as string;
  const isArray = isArrayValue(value);
  let out = '';
  let first = true;
  for (const key of ownKeys(value)) {
    if (typeof key !== 'string' || (isArray && key === 'length')) continue;
    const d = getOwnPropertyDescriptor(value, key);
    if (!d || !('value' in d) || d.value === undefined) continue;
    out += (first ? '' : ',') + (isArray ? '' : encodeJson(key) + ':') + encodeJson(d.value as JsonValue);
    first = false;
  }
  return isArray ? `[${out}]` : `{${out}}`;
}
