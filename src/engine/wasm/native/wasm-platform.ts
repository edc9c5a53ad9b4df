// How the native walker reaches WebAssembly. Node, the CLI and the background use the global
// object; the page hook passes what it captured at install (src/page/wasm-platform.ts), since
// a page may replace WebAssembly.Instance, Memory.prototype.buffer or grow afterwards, and
// WebAssembly.Module is the hook's own wrapper there.

export interface WasmPlatform {
  compile(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module;
  /** The instance's exports. */
  instantiate(module: WebAssembly.Module, imports: WebAssembly.Imports): WebAssembly.Exports;
  buffer(memory: WebAssembly.Memory): ArrayBuffer;
  grow(memory: WebAssembly.Memory, pages: number): void;
}

export const globalWasmPlatform: WasmPlatform = {
  compile: (bytes) => new WebAssembly.Module(bytes),
  instantiate: (module, imports) => new WebAssembly.Instance(module, imports).exports,
  buffer: (memory) => memory.buffer,
  grow: (memory, pages) => {
    memory.grow(pages);
  },
};
