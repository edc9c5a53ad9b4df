/**
 * The size a value takes once serialised, in UTF-8 bytes: what storage quotas count
 * (near enough: Chrome's session quota counts its own in-memory estimate, which this
 * tracks within a small factor, so the bounds below keep a wide margin).
 */
const encoder = new TextEncoder();

export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}
