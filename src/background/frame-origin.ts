import type { Runtime } from 'webextension-polyfill';

/**
 * The budget unit for a frame's findings: the origin the browser names for the sender,
 * never anything the page wrote. Opaque origins (sandboxed frames, data: URLs) share one
 * bucket, which only makes a page that uses many of them pay sooner.
 */
export function frameOrigin(sender: Runtime.MessageSender): string {
  const named = (sender as { origin?: unknown }).origin;
  if (typeof named === 'string' && named !== '') return named;
  try {
    return new URL(sender.url ?? '').origin;
  } catch {
    return 'null';
  }
}
