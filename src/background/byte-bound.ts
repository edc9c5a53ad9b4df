import type { Finding } from '../engine/types';
import { byEvictionOrder } from './evidence-value';
import { entryBytes } from './tab-budget';

/**
 * Keeps `entries` within `maxBytes` of JSON, giving up the least valuable and then the
 * oldest first; the rest stay in their order. Storage quotas count bytes, and a count
 * bound alone lets a few long URLs fill them.
 */
export function boundByBytes<T extends Finding>(entries: T[], maxBytes: number): T[] {
  // Each entry plus its comma, and the brackets: the size of the array as JSON.
  let bytes = entries.reduce((n, e) => n + entryBytes(e) + 1, 1);
  if (bytes <= maxBytes) return entries;
  const drop = new Set<T>();
  for (const e of [...entries].sort(byEvictionOrder)) {
    if (bytes <= maxBytes) break;
    drop.add(e);
    bytes -= entryBytes(e) + 1;
  }
  return entries.filter((e) => !drop.has(e));
}
