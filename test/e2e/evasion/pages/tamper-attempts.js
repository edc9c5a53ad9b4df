// Every way to compile the fixture, each tried once; resolves to the number of hashes that
// ran and what each attempt met. Shared by the tampering pages and their worker.
'use strict';
self.tamperAttempts = async (wasmUrl, hashWith, extra = {}) => {
  const bytes = await (await fetch(wasmUrl)).arrayBuffer();
  const attempts = {
    'new Module': async () => new WebAssembly.Instance(new WebAssembly.Module(bytes), {}),
    'compile': async () => new WebAssembly.Instance(await WebAssembly.compile(bytes), {}),
    'instantiate(bytes)': async () => (await WebAssembly.instantiate(bytes, {})).instance,
    'instantiateStreaming': async () => (await WebAssembly.instantiateStreaming(fetch(wasmUrl), {})).instance,
    ...extra,
  };
  const results = {};
  let hashes = 0;
  for (const name of Object.keys(attempts)) {
    try {
      const instance = await attempts[name]();
      hashes += hashWith(instance.exports);
      results[name] = 'hashed';
    } catch (err) {
      results[name] = `${err && err.name}: ${err && err.message}`;
    }
  }
  return { hashes, results };
};
