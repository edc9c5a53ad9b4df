#!/usr/bin/env node
// Benign Wasm corpus: real modules from widely used npm packages, pinned in packages.json
// with the registry's tarball integrity and the sha256 of every module. Nothing is committed:
// this script fetches the tarballs with `npm pack`, checks them, and extracts the modules to
// .cache/benign-corpus/modules/<sha256>.wasm, where test/unit/corpus/benign-corpus.test.ts
// and the benchmarks read them.
//
//   node scripts/benign-corpus/fetch.mjs                 fetch everything (idempotent)
//   node scripts/benign-corpus/fetch.mjs --only a,b      only these package names
//   node scripts/benign-corpus/fetch.mjs --jobs 2        download concurrency (default 4)
//   node scripts/benign-corpus/fetch.mjs --discover name@version... [--category C] [--add]
//        list the modules a package ships with their sha256; --add merges them into
//        packages.json, dropping modules already listed.
//
// A module's path is the file's path in the tarball, or `embedded:<js path>#<n>` for the n-th
// module embedded in that JS file as base64 (plain or data: URL) or as a byte array, or
// `zlib:<js path>#<n>` for the n-th zlib-compressed base64 module in it (see findEmbedded).
//
// BENIGN_CORPUS_DIR overrides the cache directory (default .cache/benign-corpus).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { readTgz } from './tar.mjs';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const LIST = join(HERE, 'packages.json');
const CORPUS = process.env.BENIGN_CORPUS_DIR ? resolve(process.env.BENIGN_CORPUS_DIR) : join(ROOT, '.cache', 'benign-corpus');
const TARBALLS = join(CORPUS, 'tarballs');
const MODULES = join(CORPUS, 'modules');
const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);
const JS_FILE = /\.(?:m|c)?js$/;

const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const integrityOf = (b) => `sha512-${createHash('sha512').update(b).digest('base64')}`;
const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
const tarballName = (name, version) => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

const B64 = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') B64[c.charCodeAt(0)] = 1;
const isB64 = (code) => code < 128 && B64[code] === 1;
const isWasm = (b) => b.length >= 8 && b[0] === 0 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d;
function b64RunEnd(text, from) {
  let j = from;
  while (j < text.length && isB64(text.charCodeAt(j))) j++;
  for (let pad = 0; pad < 2 && text[j] === '='; pad++) j++;
  return j;
}
const BYTE_ARRAY_START = /\[\s*(?:0x0*0|0)\s*,\s*(?:0x61|97)\s*,\s*(?:0x73|115)\s*,\s*(?:0x6d|109)\s*,/g;

/**
 * Wasm modules embedded in JS source, in the same two shapes the engine's extractor looks for
 * (src/engine/embedded-wasm.ts): base64 runs starting with "AGFzbQ" (also inside data: URLs),
 * then literal byte arrays. Written without a backtracking regex over the run, because multi-MB
 * base64 modules overflow the regex engine's stack. `embedded:<js path>#<n>` is the n-th of this list.
 */
export function findEmbedded(text) {
  const found = [];
  for (let i = text.indexOf('AGFzbQ'); i >= 0; i = text.indexOf('AGFzbQ', i + 1)) {
    const end = b64RunEnd(text, i);
    const bytes = Buffer.from(text.slice(i, end), 'base64');
    if (isWasm(bytes)) found.push(bytes);
    i = end - 1;
  }
  for (const m of text.matchAll(BYTE_ARRAY_START)) {
    const close = text.indexOf(']', m.index);
    if (close < 0) continue;
    const parts = text.slice(m.index + 1, close).split(',').map((x) => x.trim()).filter((x) => x !== '');
    const nums = parts.map(Number);
    if (nums.every((v) => Number.isInteger(v) && v >= 0 && v <= 255) && isWasm(nums)) found.push(Buffer.from(nums));
  }
  return found;
}

/**
 * Modules shipped as base64 of a zlib stream in a JS string literal (e.g. @polkadot/wasm-crypto-wasm).
 * `zlib:<js path>#<n>` is the n-th of this list.
 */
export function findZlibEmbedded(text) {
  const found = [];
  for (let i = 0; i < text.length; i++) {
    const q = text.charCodeAt(i);
    if (q !== 0x22 && q !== 0x27 && q !== 0x60) continue;
    if (text[i + 1] !== 'e' || !isB64(text.charCodeAt(i + 2))) continue;
    const end = b64RunEnd(text, i + 1);
    if (end - i > 1024 && text.charCodeAt(end) === q) {
      const z = Buffer.from(text.slice(i + 1, end), 'base64');
      if (z[0] === 0x78 && ((z[0] << 8) | z[1]) % 31 === 0) {
        try {
          const bytes = inflateSync(z);
          if (isWasm(bytes)) found.push(bytes);
        } catch { /* not a zlib stream after all */ }
      }
    }
    i = Math.max(i, end - 1);
  }
  return found;
}

export async function loadList() {
  return JSON.parse(await readFile(LIST, 'utf8'));
}

/** Runs fn over items, at most `jobs` at a time, keeping result order. */
async function pool(items, jobs, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/** `npm pack` of several specs in one npm process (start-up dominates on a busy machine). */
async function npmPack(specs) {
  await mkdir(TARBALLS, { recursive: true });
  let stdout;
  try {
    ({ stdout } = await run('npm', ['pack', ...specs, '--pack-destination', TARBALLS, '--json', '--ignore-scripts', '--loglevel', 'error'], { maxBuffer: 256 << 20 }));
  } catch (err) {
    const lines = String(err.stderr || err.message).trim().split('\n').filter((l) => l.trim() && !/complete log of this run/.test(l));
    const detail = lines.slice(0, 2).join(' / ');
    throw new Error(`npm pack ${specs.join(' ')} failed: ${detail}`);
  }
  return JSON.parse(stdout).map((info) => ({ file: join(TARBALLS, info.filename), name: info.name, version: info.version, integrity: info.integrity, size: info.size }));
}

/** "name" of "name@range" (scoped names start with @). */
const specName = (spec) => spec.replace(/(?<=.)@[^@]*$/, '');

/** Packs specs in batches; a failed batch is retried one spec at a time so errors name the package. */
async function npmPackMany(specs, jobs, batchSize = 6) {
  const batches = [];
  for (let i = 0; i < specs.length; i += batchSize) batches.push(specs.slice(i, i + batchSize));
  const results = new Map();
  await pool(batches, jobs, async (batch) => {
    try {
      const packed = await npmPack(batch);
      for (const spec of batch) results.set(spec, packed.find((p) => p.name === specName(spec)));
    } catch {
      for (const spec of batch) {
        // One more try each, after a pause: registry hiccups should not fail a CI run.
        for (let attempt = 1; attempt <= 2; attempt++) {
          try {
            results.set(spec, (await npmPack([spec]))[0]);
            break;
          } catch (err) {
            results.set(spec, err);
            if (attempt === 1) await new Promise((r) => setTimeout(r, 3000));
          }
        }
      }
    }
  });
  return results;
}

/** The pinned tarball from the cache, checked against the integrity packages.json pins. */
async function cachedTarball(pkg) {
  const file = join(TARBALLS, tarballName(pkg.name, pkg.version));
  if (!existsSync(file)) return undefined;
  const bytes = await readFile(file);
  if (integrityOf(bytes) === pkg.integrity) return bytes;
  await rm(file);
  return undefined;
}

function parseModulePath(p) {
  const m = /^(embedded|zlib):(.+)#(\d+)$/.exec(p);
  return m ? { kind: m[1], file: m[2], index: Number(m[3]) } : { kind: 'file', file: p, index: -1 };
}

async function moduleIsPresent(m) {
  const file = join(MODULES, `${m.sha256}.wasm`);
  try {
    if ((await stat(file)).size !== m.bytes) return false;
    return sha256(await readFile(file)) === m.sha256;
  } catch {
    return false;
  }
}

async function missingModules(pkg) {
  const present = await Promise.all(pkg.modules.map(moduleIsPresent));
  return pkg.modules.filter((_, i) => !present[i]);
}

/** Extracts the missing modules of one package from its (verified) tarball. */
async function extract(pkg, tgz, missing) {
  const wanted = new Map(missing.map((m) => [parseModulePath(m.path).file, null]));
  for (const entry of readTgz(tgz)) if (wanted.has(entry.path)) wanted.set(entry.path, entry.data);
  await mkdir(MODULES, { recursive: true });
  for (const m of missing) {
    const { kind, file, index } = parseModulePath(m.path);
    const data = wanted.get(file);
    if (!data) throw new Error(`${file} is not in the tarball`);
    let bytes = data;
    if (kind !== 'file') {
      const text = data.toString('utf8');
      const found = kind === 'zlib' ? findZlibEmbedded(text) : findEmbedded(text);
      if (!found[index]) throw new Error(`${m.path}: only ${found.length} ${kind} modules in ${file}`);
      bytes = found[index];
    }
    const got = sha256(bytes);
    if (got !== m.sha256) throw new Error(`${m.path}: sha256 ${got}, packages.json pins ${m.sha256}`);
    const out = join(MODULES, `${m.sha256}.wasm`);
    await writeFile(`${out}.part`, bytes);
    await rename(`${out}.part`, out);
  }
}

async function fetchAll({ jobs, only }) {
  const list = await loadList();
  const pkgs = only ? list.packages.filter((p) => only.includes(p.name)) : list.packages;
  if (only && pkgs.length !== only.length) throw new Error(`unknown package(s): ${only.filter((n) => !pkgs.some((p) => p.name === n)).join(', ')}`);
  const started = process.hrtime.bigint();
  const status = new Map();
  const fail = (pkg, err) => {
    status.set(pkg, 'failed');
    console.error(`  FAILED  ${pkg.name}@${pkg.version}: ${err.message ?? err}`);
  };

  // 1. What is missing, and which tarballs are already here.
  const todo = [];
  await pool(pkgs, jobs, async (pkg) => {
    const missing = await missingModules(pkg);
    if (missing.length === 0) { status.set(pkg, 'cached'); return; }
    todo.push({ pkg, missing, tgz: await cachedTarball(pkg) });
  });

  // 2. Download the others, a few npm processes at a time, and check their integrity.
  let downloaded = 0;
  const toPack = todo.filter((t) => !t.tgz);
  const packed = await npmPackMany(toPack.map((t) => `${t.pkg.name}@${t.pkg.version}`), jobs);
  for (const t of toPack) {
    const r = packed.get(`${t.pkg.name}@${t.pkg.version}`);
    if (r instanceof Error || !r) { fail(t.pkg, r ?? new Error('npm pack gave no tarball')); continue; }
    const bytes = await readFile(r.file);
    const got = integrityOf(bytes);
    if (got !== t.pkg.integrity) {
      await rm(r.file, { force: true });
      fail(t.pkg, new Error(`tarball integrity mismatch: packages.json pins ${t.pkg.integrity}, registry gave ${got}`));
      continue;
    }
    downloaded += bytes.length;
    t.tgz = bytes;
  }

  // 3. Extract and check every module.
  await pool(todo.filter((t) => t.tgz), jobs, async (t) => {
    try {
      await extract(t.pkg, t.tgz, t.missing);
      status.set(t.pkg, 'fetched');
      console.log(`  ok      ${t.pkg.name}@${t.pkg.version}: ${t.missing.length} module(s) extracted`);
    } catch (err) {
      fail(t.pkg, err);
    }
    t.tgz = undefined;
  });

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const count = (s) => [...status.values()].filter((v) => v === s).length;
  const modules = pkgs.reduce((n, p) => n + p.modules.length, 0);
  const moduleBytes = pkgs.reduce((n, p) => n + p.modules.reduce((k, m) => k + m.bytes, 0), 0);
  console.log(`benign corpus: ${pkgs.length} packages (${count('fetched')} fetched, ${count('cached')} already present, ${count('failed')} failed), `
    + `${modules} modules (${mb(moduleBytes)}) in ${relative(process.cwd(), CORPUS).startsWith('..') ? CORPUS : relative(process.cwd(), CORPUS)}; downloaded ${mb(downloaded)} in ${seconds.toFixed(1)} s`);
  return count('failed') === 0 ? 0 : 1;
}

/** Lists every module a package ships, for adding it to packages.json. */
async function discover(packed, minBytes) {
  const spec = `${packed.name}@${packed.version}`;
  const bytes = await readFile(packed.file);
  if (integrityOf(bytes) !== packed.integrity) throw new Error(`${spec}: tarball does not match the registry's integrity`);
  const name = packed.name;
  const modules = [];
  const seen = new Set();
  const add = (path, b) => {
    if (b.length < minBytes) return;
    const digest = sha256(b);
    if (seen.has(digest)) return;
    seen.add(digest);
    modules.push({ path, sha256: digest, bytes: b.length });
  };
  for (const entry of readTgz(bytes)) {
    if (entry.data.length >= 8 && entry.data.subarray(0, 4).equals(WASM_MAGIC)) add(entry.path, entry.data);
    else if (JS_FILE.test(entry.path)) {
      const text = entry.data.toString('utf8');
      for (const [i, b] of findEmbedded(text).entries()) add(`embedded:${entry.path}#${i}`, b);
      for (const [i, b] of findZlibEmbedded(text).entries()) add(`zlib:${entry.path}#${i}`, b);
    }
  }
  modules.sort((a, b) => a.path.localeCompare(b.path));
  return { name, version: packed.version, integrity: packed.integrity, tarballBytes: packed.size, modules };
}

async function discoverMode(specs, { category, addToList, minBytes, jobs }) {
  const packed = await npmPackMany(specs, jobs);
  const found = await pool(specs, jobs, async (spec) => {
    try {
      const r = packed.get(spec);
      if (r instanceof Error || !r) throw r ?? new Error('npm pack gave no tarball');
      return await discover(r, minBytes);
    } catch (err) {
      console.error(`  FAILED  ${spec}: ${err.message}`);
      return null;
    }
  });
  if (!addToList) {
    console.log(JSON.stringify(found.filter(Boolean), null, 2));
    return found.every(Boolean) ? 0 : 1;
  }
  const list = await loadList();
  for (const d of found) {
    if (!d) continue;
    const others = new Set(list.packages.filter((p) => p.name !== d.name).flatMap((p) => p.modules.map((m) => m.sha256)));
    const modules = d.modules.filter((m) => !others.has(m.sha256));
    const dropped = d.modules.length - modules.length;
    const entry = { name: d.name, version: d.version, category: category ?? 'uncategorised', integrity: d.integrity, modules };
    const at = list.packages.findIndex((p) => p.name === d.name);
    if (modules.length === 0) {
      console.log(`  skip    ${d.name}@${d.version}: no new module${dropped ? ` (${dropped} already listed)` : ''}`);
      continue;
    }
    if (at >= 0) list.packages[at] = { ...entry, category: category ?? list.packages[at].category };
    else list.packages.push(entry);
    console.log(`  added   ${d.name}@${d.version}: ${modules.length} module(s), ${mb(d.tarballBytes)} tarball${dropped ? ` (${dropped} duplicate(s) dropped)` : ''}`);
  }
  await writeFile(LIST, `${JSON.stringify(list, null, 2)}\n`);
  return found.every(Boolean) ? 0 : 1;
}

async function main(argv) {
  const opts = { jobs: 4, only: undefined, category: undefined, addToList: false, minBytes: 1024 };
  const specs = [];
  let discoverRun = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--jobs') opts.jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '--only') opts.only = argv[++i].split(',');
    else if (a === '--discover') discoverRun = true;
    else if (a === '--category') opts.category = argv[++i];
    else if (a === '--add') opts.addToList = true;
    else if (a === '--min-bytes') opts.minBytes = Number(argv[++i]);
    else if (discoverRun && !a.startsWith('--')) specs.push(a);
    else throw new Error(`unknown argument ${a}`);
  }
  if (discoverRun) {
    if (specs.length === 0) throw new Error('--discover needs name@version');
    return discoverMode(specs, opts);
  }
  return fetchAll(opts);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
    console.error(`corpus:fetch: ${err.message}`);
    process.exitCode = 2;
  });
}
