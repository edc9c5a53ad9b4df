// Hashes pool jobs with the module the page sends over, a few nonces per tick
// so the demo never heats the machine. A share is a hash whose last four bytes,
// read little-endian, fall below the job's target (the usual web-miner rule).
'use strict';

// demo-miner.wasm keeps its state below 0x220 and its tables from 0x800 up;
// the gap between holds the job blob and the hash.
const BLOB_OFFSET = 0x400;
const HASH_OFFSET = 0x600;
const NONCE_AT = 39;
const TICK_MS = 200;
// The module's default (0x80000 scratchpad rounds) is a real hash's cost; the
// demo only needs to show the loop running.
const DEMO_ITERATIONS = 0x400;

let exports = null;
let job = null;
let nonce = 0;
let hashesPerTick = 8;

const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const leU32 = (bytes, at) => (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;

function tick() {
  if (!exports || !job) return;
  const memory = new Uint8Array(exports.memory.buffer);
  const target = leU32(fromHex(job.target.padEnd(8, '0')), 0);
  let share = null;
  for (let i = 0; i < hashesPerTick; i++) {
    const n = nonce++ >>> 0;
    memory.set(job.blob, BLOB_OFFSET);
    memory.set([n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255], BLOB_OFFSET + NONCE_AT);
    exports.hash(BLOB_OFFSET, job.blob.length, HASH_OFFSET);
    const out = memory.slice(HASH_OFFSET, HASH_OFFSET + 32);
    if (!share && leU32(out, 28) < target) {
      share = { job_id: job.job_id, nonce: toHex(memory.slice(BLOB_OFFSET + NONCE_AT, BLOB_OFFSET + NONCE_AT + 4)), result: toHex(out) };
    }
  }
  postMessage({ type: 'hashed', count: hashesPerTick });
  if (share) postMessage({ type: 'share', ...share });
}

self.onmessage = async ({ data }) => {
  if (data.type === 'job') {
    job = { ...data.job, blob: fromHex(data.job.blob) };
    nonce = 0;
  }
  if (data.type === 'module') {
    if (!data.module) {
      postMessage({ type: 'failed', detail: 'the page had no module to hand over' });
      return;
    }
    hashesPerTick = data.hashesPerTick;
    try {
      exports = (await WebAssembly.instantiate(data.module, {})).exports;
      exports.setIterations(DEMO_ITERATIONS);
      setInterval(tick, TICK_MS);
    } catch (err) {
      postMessage({ type: 'failed', detail: `${err.name}: ${err.message}` });
    }
  }
};
