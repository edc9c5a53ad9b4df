// Runs a crypto-capable (not miner-shaped) module in a loop for `busyMs`, the way a miner
// keeps every core saturated; posts once it is done.
'use strict';
self.onmessage = async ({ data }) => {
  try {
    const { instance } = await WebAssembly.instantiateStreaming(fetch(`../wasm/${data.wasm}.wasm`), {});
    const run = instance.exports.keccakf || instance.exports.compress;
    const end = Date.now() + data.busyMs;
    let calls = 0;
    do {
      run(0);
      calls++;
    } while (Date.now() < end);
    postMessage({ result: calls > 0 ? 'ran' : 'idle' });
  } catch (e) {
    postMessage({ failed: `${e.name}: ${e.message}` });
  }
};
