#!/usr/bin/env node
// Compiles the hand-written Wasm fixtures (test/fixtures/wasm/*.wat and gen-*.mjs generators)
// with wabt into test/fixtures/wasm/build/. The built files are committed; a unit test
// rebuilds them and compares bytes so sources and binaries cannot drift apart.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import wabtInit from 'wabt';

export const FIXTURE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/wasm');
export const BUILD_DIR = join(FIXTURE_DIR, 'build');

/** name (without extension) -> compiled bytes */
export async function buildFixtures() {
  const wabt = await wabtInit();
  const out = new Map();
  for (const file of readdirSync(FIXTURE_DIR).sort()) {
    let name;
    let wat;
    if (file.endsWith('.wat')) {
      name = file.slice(0, -4);
      wat = readFileSync(join(FIXTURE_DIR, file), 'utf8');
    } else if (/^gen-.*\.mjs$/.test(file)) {
      name = file.slice(4, -4);
      wat = (await import(pathToFileURL(join(FIXTURE_DIR, file)).href)).default();
    } else continue;
    const mod = wabt.parseWat(`${name}.wat`, wat, { bulk_memory: true, mutable_globals: true });
    try {
      mod.validate();
      out.set(name, new Uint8Array(mod.toBinary({ log: false, write_debug_names: false }).buffer));
    } finally {
      mod.destroy();
    }
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(BUILD_DIR, { recursive: true });
  for (const [name, bytes] of await buildFixtures()) {
    writeFileSync(join(BUILD_DIR, `${name}.wasm`), bytes);
    console.log(`${name}.wasm ${bytes.length} bytes`);
  }
}
