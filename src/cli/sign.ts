// Signing side of list subscriptions: the admin keeps the private key offline, signs
// each list release for the URL it is published at, and pushes only the public key
// through policy (trustedKeys).
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeBase64, generateKeyPair, publicKeyProblem, sha256Hex } from '../engine/signing';
import { openEnvelope, signEnvelope, type ListManifest } from '../engine/subscriptions/envelope';
import { manifestRefusal } from '../engine/subscriptions/manifest-check';
import { remoteUrlProblem } from '../engine/policy/remote-url';
import { parseArgs, UsageError } from './args';

/** `miner-sentry keygen [--out <prefix>]` */
export async function keygenCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], ['--out']);
  if (args.positionals.length) throw new UsageError('keygen takes no positional arguments');
  const prefix = args.get('--out') ?? 'miner-sentry';
  const { publicKey, privateKey } = await generateKeyPair();
  try {
    // 'wx': overwriting a key would orphan every list signed with it.
    await writeFile(`${prefix}.key`, `${privateKey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    console.error(`miner-sentry: ${prefix}.key already exists; choose another --out prefix`);
    return 1;
  }
  await writeFile(`${prefix}.pub`, `${publicKey}\n`);
  console.log(publicKey);
  console.error(`private key: ${prefix}.key (keep it offline)\npublic key:  ${prefix}.pub`);
  console.error(`policy entry: ${JSON.stringify({ trustedKeys: [{ id: basename(prefix), publicKey }] })}`);
  return 0;
}

const DAY_MS = 86_400_000;
const DEFAULT_VALID_DAYS = 30;

/** The release's expiry: `--expires <ISO date>` or `--valid-days <n>` from now (30 by default). */
function expiryFrom(expires: string | undefined, validDays: string | undefined, now: number): string {
  if (expires !== undefined) {
    const at = Date.parse(expires);
    if (Number.isNaN(at)) throw new UsageError(`--expires ${expires} is not a date`);
    if (at <= now) throw new UsageError(`--expires ${expires} is in the past`);
    return new Date(at).toISOString();
  }
  const days = validDays === undefined ? DEFAULT_VALID_DAYS : Number(validDays);
  if (!Number.isInteger(days) || days < 1) throw new UsageError('--valid-days must be a whole number of days, at least 1');
  return new Date(now + days * DAY_MS).toISOString();
}

/**
 * The release number: `--sequence <n>`, or by default the current Unix time in seconds,
 * which grows between releases without the publisher keeping a counter.
 */
function sequenceFrom(raw: string | undefined, now: number): number {
  if (raw === undefined) return Math.floor(now / 1000);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError('--sequence must be a positive whole number');
  return n;
}

/** `miner-sentry rules sign <list> --key <file.key> --url <subscription url> [--sequence n] [--expires date | --valid-days n] [--out <list>.sig]` */
export async function signCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], ['--key', '--out', '--url', '--sequence', '--expires', '--valid-days']);
  const [list] = args.positionals;
  const keyFile = args.get('--key');
  const url = args.get('--url');
  if (!list || !keyFile || !url) throw new UsageError('rules sign needs a list, --key <file.key> and --url <the subscription URL>');
  const urlProblem = remoteUrlProblem(url);
  if (urlProblem) throw new UsageError(`--url ${urlProblem}`);
  if (args.get('--expires') !== undefined && args.get('--valid-days') !== undefined) throw new UsageError('give --expires or --valid-days, not both');
  const now = Date.now();
  const sequence = sequenceFrom(args.get('--sequence'), now);
  const expires = expiryFrom(args.get('--expires'), args.get('--valid-days'), now);
  const out = args.get('--out') ?? `${list}.sig`;
  const bytes = new Uint8Array(await readFile(list));
  const manifest: ListManifest = { url, sequence, expires, sha256: sha256Hex(bytes) };
  let envelope: string;
  try {
    envelope = await signEnvelope(manifest, await readFile(keyFile, 'utf8'));
  } catch (err) {
    console.error(`miner-sentry: ${keyFile}: ${(err as Error).message}`);
    return 1;
  }
  await writeFile(out, envelope);
  console.log(`${out}: release ${manifest.sequence} of ${url}, valid until ${manifest.expires} (${bytes.length} bytes)`);
  console.log(`sha256 ${manifest.sha256}  (use as the subscription's "sha256" to pin this exact version)`);
  return 0;
}

/** The contents of the .pub file `arg` names, or `arg` itself when it is the base64 key. */
async function readPublicKey(arg: string): Promise<{ id: string; publicKey: string }> {
  try {
    return { id: basename(arg, '.pub'), publicKey: (await readFile(arg, 'utf8')).trim() };
  } catch (err) {
    // A base64 key can contain '/', which reads as a missing directory.
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && decodeBase64(arg)) return { id: 'the given key', publicKey: arg };
    throw err;
  }
}

/** `miner-sentry rules verify <list> --pub <file.pub|base64> [--sig <file>] [--url <subscription url>]` */
export async function verifyCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], ['--sig', '--pub', '--url']);
  const [list] = args.positionals;
  const pub = args.get('--pub');
  if (!list || !pub) throw new UsageError('rules verify needs a list and --pub <file.pub or base64 key>');
  const sigFile = args.get('--sig') ?? `${list}.sig`;
  const key = await readPublicKey(pub);
  const problem = publicKeyProblem(key.publicKey);
  if (problem) {
    console.error(`miner-sentry: ${pub}: ${problem}`);
    return 1;
  }
  const bytes = new Uint8Array(await readFile(list));
  const sha256 = sha256Hex(bytes);
  const opened = await openEnvelope(await readFile(sigFile, 'utf8'), [key]);
  if (!opened.ok) {
    console.log(`${list}: BAD signature: ${opened.reason}`);
    return 1;
  }
  const m = opened.manifest;
  // The extension's own checks, minus the sequence: the CLI has no memory of earlier releases.
  const refusal = manifestRefusal(m, { url: args.get('--url') ?? m.url, sha256, now: Date.now() });
  console.log(`${list}: ${refusal ? `BAD signature: ${refusal}` : `good signature by "${opened.keyId}"`}`);
  console.log(`release ${m.sequence} of ${m.url}, valid until ${m.expires}`);
  console.log(`sha256 ${sha256}`);
  return refusal ? 1 : 0;
}
