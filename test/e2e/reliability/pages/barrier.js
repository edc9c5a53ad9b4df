// Barriers for tests that must know a frame's earlier reports have all been handled. A
// frame's hook reports synchronously into its bridge, which sends to the background in
// order, and the background stores in arrival order: once a barrier's finding is stored,
// everything that frame's channel sent before it has been stored or turned away. Each
// barrier is a distinct miner (its own custom section, so its own SHA-256), so the test
// can tell it apart, and a miner, so the store keeps it over lower-value findings.
(() => {
  let minerBytes = null;
  const demoMiner = () => (minerBytes ??= fetch('/wasm/demo-miner.wasm').then((r) => r.arrayBuffer()).then((b) => new Uint8Array(b)));

  /** A custom section at the end keeps a module valid and judged the same, but gives each copy its own hash. */
  function withCustomSection(bytes, label) {
    const name = new TextEncoder().encode('n');
    const payload = new TextEncoder().encode(label);
    const body = [name.length, ...name, ...payload];
    const size = [];
    let n = body.length;
    do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; size.push(b); } while (n);
    return new Uint8Array([...bytes, 0, ...size, ...body]);
  }

  async function sha256Hex(bytes) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** Compiles `bytes` with `wasm`, returns the error's name (or 'ran') and the module's SHA-256. */
  async function compileIn(wasm, bytes) {
    let outcome = 'ran';
    try {
      await wasm.compile(bytes);
    } catch (e) {
      outcome = e.name;
    }
    return { outcome, sha256: await sha256Hex(bytes) };
  }

  /** Sends one barrier through the channel of the realm `wasm` belongs to; returns its SHA-256. */
  async function barrier(label, wasm = WebAssembly) {
    return (await compileIn(wasm, withCustomSection(await demoMiner(), `barrier: ${label}`))).sha256;
  }

  window.testWasm = { demoMiner, withCustomSection, sha256Hex, compileIn, barrier };
})();
