/**
 * How long a wait for an event may take before the test fails. Waits end as soon as the event
 * comes, so this only bounds a real failure; a busy 2-core CI machine once took more than
 * 20 s for a finding that comes within 1 s on a quiet one.
 */
export const EVENT_WAIT_MS = 60_000;

/**
 * Polls until `probe` returns something other than undefined/false, so tests
 * wait for asynchronous extension state instead of sleeping a fixed time.
 * On timeout the error carries the last value seen, which is what a failing
 * test needs to show.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeout = EVENT_WAIT_MS, interval = 100, what = 'condition' }: { timeout?: number; interval?: number; what?: string } = {},
): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (last !== undefined && last !== false) return last as Exclude<T, false | undefined>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const seen = lastError ? `last error: ${String(lastError)}` : `last value: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (${seen})`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
