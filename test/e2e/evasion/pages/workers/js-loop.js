// No Wasm at all: a hashing loop in plain JS (our own toy mixing function), keeping the
// worker's event loop saturated the way a JS miner does.
'use strict';
function mix(state, nonce) {
  let a = state ^ nonce;
  for (let r = 0; r < 64; r++) {
    a = Math.imul(a ^ (a >>> 15), 0x2c1b3c6d);
    a = Math.imul(a ^ (a >>> 12), 0x297a2d39);
    a ^= a >>> 15;
  }
  return a >>> 0;
}
self.onmessage = () => {
  const end = Date.now() + 4000;
  let hashes = 0;
  let acc = 1;
  while (Date.now() < end) {
    for (let i = 0; i < 1000; i++) acc = mix(acc, hashes++);
  }
  postMessage({ hashed: hashes > 0 ? 1 : 0, acc });
};
