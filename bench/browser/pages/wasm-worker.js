// The worker half of wasm-page.js: the same timing, on a worker thread. The result goes
// into the shared memory the page handed over as well as into a message (see inWorker).
'use strict';
function stubImports(list) {
  const imports = {};
  for (const { module, name } of list) (imports[module] ??= {})[name] = () => 0;
  return imports;
}

self.onmessage = async ({ data }) => {
  const state = new Int32Array(data.shared, 0, 2);
  const took = new Float64Array(data.shared, 8, 1);
  const outcomes = new Set();
  let error;
  Atomics.store(state, 0, 1);
  const t = performance.now();
  for (let i = 0; i < data.reps; i++) {
    try {
      await WebAssembly.instantiate(data.bytes, stubImports(data.imports));
      outcomes.add('instantiated');
    } catch (err) {
      outcomes.add('refused');
      error = `${err && err.name}: ${err && err.message}`;
    }
  }
  const ms = (performance.now() - t) / data.reps;
  const outcome = outcomes.size === 1 ? [...outcomes][0] : 'mixed';
  took[0] = ms;
  state[1] = ['instantiated', 'refused', 'mixed'].indexOf(outcome);
  Atomics.store(state, 0, 2);
  postMessage({ result: { ms, outcome, ...(error ? { error } : {}) } });
};
