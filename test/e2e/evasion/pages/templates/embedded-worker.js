// A classic worker carrying its module as base64, for the path where the worker cannot
// be instrumented and only its text can be judged.
'use strict';
const MODULE_BASE64 = '__WASM_BASE64__';
self.onmessage = async () => {
  try {
    const bytes = Uint8Array.from(atob(MODULE_BASE64), (c) => c.charCodeAt(0));
    const { instance } = await WebAssembly.instantiate(bytes, {});
    const exports = instance.exports;
    if (!exports.hash) {
      postMessage({ result: exports.add(19, 23) });
      return;
    }
    exports.setIterations(0x400);
    for (let i = 0; i < 4; i++) exports.hash(0x400, 76, 0x600);
    postMessage({ hashed: 4 });
  } catch (e) {
    postMessage({ failed: `${e.name}: ${e.message}` });
  }
};
