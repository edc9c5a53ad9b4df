// A classic worker: relative importScripts and fetch, as a miner's worker bundle does.
'use strict';
importScripts('../worker-common.js');
self.onmessage = async ({ data }) => {
  try {
    const bytes = await (await fetch(`../wasm/${data.wasm}.wasm`)).arrayBuffer();
    const { instance } = await WebAssembly.instantiate(bytes, {});
    postMessage(self.useInstance(instance.exports));
  } catch (e) {
    postMessage({ failed: self.describeError(e) });
  }
};
