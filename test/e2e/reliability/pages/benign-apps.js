// Real Wasm apps from npm, each doing one real job with fixed inputs. The outputs are
// plain strings so the test can compare them byte for byte across browsers with and
// without the extension.
import sodiumReady from 'libsodium-wrappers';

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const text = new TextEncoder().encode('Miner Sentry benign compatibility check');
const salt = new TextEncoder().encode('fixed-salt-0123456789');

const apps = {
  async 'sql.js'() {
    const SQL = await initSqlJs({ locateFile: (f) => `/npm/sql.js/dist/${f}` });
    const db = new SQL.Database();
    db.run('CREATE TABLE t (k TEXT, v INTEGER); INSERT INTO t VALUES (\'a\', 1), (\'b\', 2), (\'a\', 40);');
    return JSON.stringify(db.exec('SELECT k, SUM(v), COUNT(*) FROM t GROUP BY k ORDER BY k'));
  },
  async 'hash-wasm'() {
    const { sha256, sha3, blake2b, argon2id } = hashwasm;
    const argon = await argon2id({ password: text, salt, parallelism: 1, iterations: 2, memorySize: 512, hashLength: 32, outputType: 'hex' });
    return [await sha256(text), await sha3(text, 512), await blake2b(text, 256), argon].join(' ');
  },
  async 'libsodium-wrappers'() {
    await sodiumReady.ready;
    const s = sodiumReady;
    const { publicKey, privateKey } = s.crypto_sign_seed_keypair(new Uint8Array(32).fill(7));
    const sig = s.crypto_sign_detached(text, privateKey);
    return `${hex(publicKey)} ${hex(sig)} ${s.crypto_sign_verify_detached(sig, text, publicKey)}`;
  },
  async 'argon2-browser'() {
    const r = await argon2.hash({ pass: 'password', salt: 'fixed-salt-0123', time: 2, mem: 1024, hashLen: 32, type: argon2.ArgonType.Argon2id });
    return r.hashHex;
  },
  async 'esbuild-wasm'() {
    await esbuild.initialize({ wasmURL: '/npm/esbuild-wasm/esbuild.wasm', worker: false });
    const r = await esbuild.transform('const answer: number = 6 * 7; export default answer;', { loader: 'ts', format: 'esm' });
    return r.code;
  },
  async wabt() {
    const wabt = await WabtModule();
    const wat = '(module (func (export "mul") (param i32 i32) (result i32) local.get 0 local.get 1 i32.mul))';
    const { buffer } = wabt.parseWat('mul.wat', wat).toBinary({});
    const { instance } = await WebAssembly.instantiate(buffer);
    return `${hex(buffer)} ${instance.exports.mul(6, 7)}`;
  },
  async 'xxhash-wasm'() {
    const { h32, h64 } = await xxhash();
    return `${h32('Miner Sentry')} ${h64('Miner Sentry')}`;
  },
  async 'brotli-wasm'() {
    const brotli = await (await import('/npm/brotli-wasm/index.web.js')).default;
    const input = new TextEncoder().encode('wasm '.repeat(500));
    const packed = brotli.compress(input);
    const back = new TextDecoder().decode(brotli.decompress(packed));
    return `${hex(packed)} ${back.length}`;
  },
};

window.benignResults = (async () => {
  const out = {};
  for (const [name, run] of Object.entries(apps)) {
    try {
      out[name] = { ok: true, value: await run() };
    } catch (e) {
      out[name] = { ok: false, value: `${e?.name}: ${e?.message}` };
    }
  }
  return out;
})();
