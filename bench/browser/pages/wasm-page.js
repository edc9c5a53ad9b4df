// Times WebAssembly calls from the page's point of view: from the call to the settled
// promise, with the module bytes already in memory so the network plays no part.
'use strict';
(() => {
  const modules = new Map();

  function stubImports(list) {
    const imports = {};
    for (const { module, name } of list) (imports[module] ??= {})[name] = () => 0;
    return imports;
  }

  // Timers are coarse (100 µs in Chromium, 1 ms in Firefox without cross-origin
  // isolation), so a small module is timed over `reps` calls in a row, one after another.
  async function settle(run, reps) {
    const outcomes = new Set();
    let error;
    const t = performance.now();
    for (let i = 0; i < reps; i++) {
      try {
        await run();
        outcomes.add('instantiated');
      } catch (err) {
        outcomes.add('refused');
        error = `${err && err.name}: ${err && err.message}`;
      }
    }
    const ms = (performance.now() - t) / reps;
    return { ms, outcome: outcomes.size === 1 ? [...outcomes][0] : 'mixed', ...(error ? { error } : {}) };
  }

  // A fresh worker per sample: with the extension, a worker that loads a miner is
  // terminated by the hook, and the answer it posts may be lost with it. So the worker
  // also writes its result into shared memory (the page is cross-origin isolated), which
  // survives the termination if the worker got that far.
  const OUTCOMES = ['instantiated', 'refused', 'mixed'];
  function inWorker(name, reps) {
    const { bytes, imports } = modules.get(name);
    const shared = new SharedArrayBuffer(16);
    const state = new Int32Array(shared, 0, 2);
    const took = new Float64Array(shared, 8, 1);
    const worker = new Worker('wasm-worker.js');
    const fromShared = () => ({ ms: took[0], outcome: OUTCOMES[state[1]] });
    return new Promise((resolve) => {
      let poll = 0;
      let limit = 0;
      const finish = (result) => {
        clearInterval(poll);
        clearTimeout(limit);
        worker.terminate();
        resolve(result);
      };
      worker.onmessage = ({ data }) => finish(data.result);
      poll = setInterval(() => { if (Atomics.load(state, 0) === 2) finish(fromShared()); }, 2);
      limit = setTimeout(() => finish({ ms: NaN, outcome: Atomics.load(state, 0) === 1 ? 'worker terminated before the call settled' : 'no answer from the worker' }), 500);
      worker.postMessage({ bytes: bytes.slice(0), imports, reps, shared });
    });
  }

  window.wasmBench = {
    /** `specs`: [{ name, imports: [{ module, name }] }], fetched from /modules/<name>.wasm. */
    async load(specs) {
      for (const s of specs) {
        const bytes = await fetch(`modules/${s.name}.wasm`).then((r) => r.arrayBuffer());
        modules.set(s.name, { bytes, imports: s.imports });
      }
      return [...modules.keys()];
    },
    bytesOf: (name) => modules.get(name).bytes,
    /** `how`: 'streaming' (instantiateStreaming of an in-memory Response), 'bytes' (instantiate), 'worker' (instantiate in a dedicated worker). */
    run(name, how, reps = 1) {
      const { bytes, imports } = modules.get(name);
      if (how === 'worker') return inWorker(name, reps);
      if (how === 'streaming') {
        return settle(() => {
          const response = new Response(bytes, { headers: { 'content-type': 'application/wasm' } });
          return WebAssembly.instantiateStreaming(response, stubImports(imports));
        }, reps);
      }
      return settle(() => WebAssembly.instantiate(bytes, stubImports(imports)), reps);
    },
  };
})();
