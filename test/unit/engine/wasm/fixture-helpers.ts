import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../../..');
export const fixture = (name: string) => new Uint8Array(readFileSync(resolve(ROOT, 'test/fixtures/wasm/build', `${name}.wasm`)));

/** Wasm modules shipped by benign npm packages; some embed theirs as base64 inside JS. */
export function benignModules(): { name: string; bytes: Uint8Array<ArrayBuffer> }[] {
  const out: { name: string; bytes: Uint8Array<ArrayBuffer> }[] = [];
  const file = (name: string, path: string) => {
    const p = resolve(ROOT, 'node_modules', path);
    if (existsSync(p)) out.push({ name, bytes: new Uint8Array(readFileSync(p)) });
  };
  file('sql.js', 'sql.js/dist/sql-wasm.wasm');
  file('argon2-browser', 'argon2-browser/dist/argon2.wasm');
  file('argon2-browser simd', 'argon2-browser/dist/argon2-simd.wasm');
  file('esbuild-wasm', 'esbuild-wasm/esbuild.wasm');
  const embedded = (name: string, path: string) => {
    const p = resolve(ROOT, 'node_modules', path);
    if (!existsSync(p)) return;
    const m = /"(AGFzbQ[A-Za-z0-9+/=]+)"/.exec(readFileSync(p, 'utf8'));
    if (m) out.push({ name, bytes: new Uint8Array(Buffer.from(m[1], 'base64')) });
  };
  for (const algo of ['sha3', 'keccak', 'sha256', 'sha512', 'blake2b', 'blake3', 'argon2', 'bcrypt', 'whirlpool', 'md5', 'crc32', 'xxhash64', 'sm3', 'ripemd160']) {
    embedded(`hash-wasm ${algo}`, `hash-wasm/dist/${algo}.umd.min.js`);
  }
  embedded('libsodium', 'libsodium/dist/modules/libsodium.js');
  return out;
}
