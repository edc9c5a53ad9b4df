// Issue 9, attack 1 inside a worker: the worker's own code poisons the worker's built-ins.
'use strict';
importScripts('../worker-common.js', '../tamper-attempts.js', '../tamper-builtins.js');
self.onmessage = async ({ data }) => {
  const { hashes, results } = await self.tamperAttempts(`../wasm/${data.wasm}.wasm`, self.hashWith);
  postMessage(hashes > 0 ? { hashed: hashes } : { failed: JSON.stringify(results) });
};
