// Makes findings on demand while the test breaks the browser around the page.
(() => {
  let miner;
  const load = async () => (miner ??= new Uint8Array(await (await fetch('/wasm/demo-miner.wasm')).arrayBuffer()));

  /** Each label gives the module its own bytes (a trailing custom section), so its own finding. */
  function labelled(bytes, label) {
    const body = [1, 0x6e, ...new TextEncoder().encode(label)];
    return new Uint8Array([...bytes, 0, body.length, ...body]);
  }

  window.compileMiner = async (label) => {
    try {
      await WebAssembly.compile(labelled(await load(), label));
      return 'ran';
    } catch (e) {
      return e.name;
    }
  };

  /** A script from the NoCoin-listed host; resolves 'loaded' or 'blocked'. */
  window.loadListed = (port, label) => new Promise((resolve) => {
    const s = document.createElement('script');
    s.src = `http://crypto-loot.com:${port}/rel/listed.js?${label}`;
    s.onload = () => resolve('loaded');
    s.onerror = () => resolve('blocked');
    document.head.append(s);
  });
})();
