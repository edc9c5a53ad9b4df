// Runs modules through every WebAssembly entry point and reports what the page sees:
// 'ok', the error's class name, or 'timeout'. The same file runs with and without the
// extension, so the test can compare the two outcome by outcome.
(() => {
  const WA = WebAssembly;
  const CLASSES = ['CompileError', 'LinkError', 'RuntimeError'];

  /** An error's class as the page would test it: the realm's own constructors first. */
  function className(err) {
    for (const name of CLASSES) if (err instanceof WA[name]) return name;
    for (const ctor of [RangeError, TypeError, SyntaxError, ReferenceError, DOMException]) if (err instanceof ctor) return ctor.name;
    if (err instanceof Error) return `other:${err.name}`;
    return `non-error:${typeof err}`;
  }

  function bounded(run, ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), ms);
      Promise.resolve()
        .then(run)
        .then(() => 'ok', className)
        .then((outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        });
    });
  }

  function decode(base64) {
    const text = atob(base64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  async function outcomes(bytes, { instantiate, timeoutMs }) {
    const out = {};
    try {
      out.validate = WA.validate(bytes) ? 'valid' : 'invalid';
    } catch (e) {
      out.validate = className(e);
    }
    out.compile = await bounded(() => WA.compile(bytes), timeoutMs);
    try {
      new WA.Module(bytes);
      out.Module = 'ok';
    } catch (e) {
      out.Module = className(e);
    }
    if (instantiate) out.instantiate = await bounded(() => WA.instantiate(bytes, {}), timeoutMs);
    return out;
  }

  /** modules: [{ base64, instantiate }] */
  window.runBatch = async (modules, timeoutMs) => {
    const results = [];
    for (const m of modules) results.push(await outcomes(decode(m.base64), { instantiate: m.instantiate, timeoutMs }));
    return results;
  };

  /** Big inputs made in the page, so they never cross the automation pipe. */
  window.runBig = async (kind, megabytes, timeoutMs) => {
    const bytes = new Uint8Array(megabytes * 1024 * 1024);
    for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
    if (kind === 'custom-section') {
      // A valid module: header, then one custom section holding the rest as payload.
      const size = bytes.length - 14;
      bytes.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0]);
      for (let i = 0, n = size; i < 5; i++, n = Math.floor(n / 128)) bytes[9 + i] = (n % 128) | (i < 4 ? 0x80 : 0);
      bytes[14] = 1; // name length, then a one-letter name; the payload is the random rest
      bytes[15] = 0x6a;
    }
    // Not instantiated: compile already reads every byte, and each call costs seconds at this size.
    return outcomes(bytes, { instantiate: false, timeoutMs });
  };
})();
