// A shared worker that loads the module when a page asks over its port.
'use strict';
importScripts('../worker-common.js');
self.onconnect = ({ ports: [port] }) => {
  port.onmessage = async ({ data }) => {
    try {
      const module = await WebAssembly.compileStreaming(fetch(`../wasm/${data.wasm}.wasm`));
      const instance = await WebAssembly.instantiate(module, {});
      port.postMessage(self.useInstance(instance.exports));
    } catch (e) {
      port.postMessage({ failed: self.describeError(e) });
    }
  };
};
