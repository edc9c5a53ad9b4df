// No Wasm and no rule knows it: a plain-JS loop (a toy xorshift, unlike js-loop.js so the
// user rules of that cell leave it alone) that keeps the worker's event loop saturated
// for `busyMs`, then posts that it is done.
'use strict';
self.onmessage = ({ data }) => {
  const end = Date.now() + data.busyMs;
  let x = 0x9e3779b9;
  let rounds = 0;
  while (Date.now() < end) {
    for (let i = 0; i < 1000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
    }
    rounds++;
  }
  postMessage({ result: rounds > 0 ? 'ran' : 'idle', x });
};
