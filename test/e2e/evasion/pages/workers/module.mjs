// A module worker with a relative static import and instantiateStreaming.
import { useInstance } from './hash-lib.mjs';

self.onmessage = async ({ data }) => {
  try {
    const { instance } = await WebAssembly.instantiateStreaming(fetch(new URL(`../wasm/${data.wasm}.wasm`, import.meta.url)), {});
    postMessage(useInstance(instance.exports));
  } catch (e) {
    postMessage({ failed: `${e.name}: ${e.message}` });
  }
};
