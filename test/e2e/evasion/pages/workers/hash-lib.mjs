// Imported relatively by module.mjs: the original module URL must stay its base.
export function useInstance(exports) {
  if (!exports.hash) return { result: exports.add(19, 23) };
  exports.setIterations(0x400);
  const memory = new Uint8Array(exports.memory.buffer);
  for (let i = 0; i < 4; i++) {
    memory[0x400] = i;
    exports.hash(0x400, 76, 0x600);
  }
  return { hashed: 4 };
}
