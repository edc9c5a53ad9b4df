// importScripts'd by the classic evasion workers: hashing with a fixture instance, and
// the report back to the page (which forwards it to the server).
'use strict';
self.hashWith = (exports, n = 4) => {
  if (exports.setIterations) exports.setIterations(0x400);
  const memory = new Uint8Array(exports.memory.buffer);
  for (let i = 0; i < n; i++) {
    memory[0x400] = i;
    exports.hash(0x400, 76, 0x600);
  }
  return n;
};
self.describeError = (e) => `${(e && e.name) || 'Error'}: ${(e && e.message) || e}`;
/** The message a worker sends back for an instance: hashes for a miner fixture, a sum for benign-add. */
self.useInstance = (exports) => (exports.hash ? { hashed: self.hashWith(exports) } : { result: exports.add(19, 23) });
