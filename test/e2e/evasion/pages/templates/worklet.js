// An AudioWorklet module carrying its Wasm as base64 and hashing inside the worklet.
const MODULE_BASE64 = '__WASM_BASE64__';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// Worklet scopes have no atob.
function decode(text) {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const c of clean) {
    acc = (acc << 6) | ALPHABET.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}
registerProcessor('evasion', class extends AudioWorkletProcessor {
  constructor() {
    super();
    try {
      const bytes = decode(MODULE_BASE64);
      const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
      if (!exports.hash) {
        this.port.postMessage({ result: exports.add(19, 23) });
        return;
      }
      exports.setIterations(0x400);
      for (let i = 0; i < 4; i++) exports.hash(0x400, 76, 0x600);
      this.port.postMessage({ hashed: 4 });
    } catch (e) {
      this.port.postMessage({ failed: `${e.name}: ${e.message}` });
    }
  }

  process() {
    return false;
  }
});
