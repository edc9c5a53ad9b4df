import { describe, expect, it } from 'vitest';
import { classicWrapper, dataUrl, hookCall, moduleWrapper, type WorkerBoot } from '../../../src/page/worker-boot';

const boot: WorkerBoot = {
  token: 'a'.repeat(32),
  url: 'https://site.example/js/miner.js',
  context: 'worker',
  frameUrl: 'https://site.example/',
  host: 'site.example',
  origin: 'https://site.example',
  config: { mode: 'block', allowed: false, rules: '{"x":"</script>"}' },
};

/** Runs a classic wrapper the way a worker would, with recording stand-ins for the hook and importScripts. */
function runClassic(text: string) {
  const calls: unknown[][] = [];
  const importScripts = (...urls: unknown[]) => calls.push(['import', ...urls]);
  new Function('importScripts', text)(importScripts);
  return calls;
}

describe('worker wrappers', () => {
  it('classic: runs the hook with the boot data, then loads the original with the importScripts captured before it', () => {
    const calls: unknown[][] = [];
    // The hook replaces importScripts, as the real one does; the wrapper must still use the native.
    const hook = `function (b) { globalThis.__seen.push(['hook', b]); importScripts = () => globalThis.__seen.push(['patched']); }`;
    (globalThis as unknown as { __seen: unknown[][] }).__seen = calls;
    try {
      const imported = runClassic(classicWrapper(hook, boot, boot.url));
      expect(calls).toEqual([['hook', boot]]);
      expect(imported).toEqual([['import', boot.url]]);
    } finally {
      delete (globalThis as unknown as { __seen?: unknown }).__seen;
    }
  });

  it('keeps "</script" out of the generated text and the boot data intact', () => {
    const text = hookCall('function (b) { return b; }', boot);
    expect(text).not.toMatch(/<\/script/i);
    expect(new Function(`return ${text.trim().replace(/;$/, '')}`)()).toEqual(boot);
  });

  it('module: the hook is the first static import, the original the second', () => {
    expect(moduleWrapper('blob:https://site.example/hook', 'https://site.example/w.mjs'))
      .toBe('import "blob:https://site.example/hook";\nimport "https://site.example/w.mjs";\n');
  });

  it('data: wrappers decode back to the same script', () => {
    const text = classicWrapper('function () {}', boot, 'data:text/javascript,postMessage(1)');
    const url = dataUrl(text);
    expect(url.startsWith('data:text/javascript;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe(text);
  });
});
