// Signing side of list subscriptions: the admin keeps the private key offline, signs
// each list release and pushes only the public key through policy (trustedKeys).
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeBase64, generateKeyPair, publicKeyProblem, sha256Hex, signDetached, verifyDetached } from '../engine/signing';
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

/** `miner-sentry rules sign <list> --key <file.key> [--out <list>.sig]` */
export async function signCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], ['--key', '--out']);
  const [list] = args.positionals;
  const keyFile = args.get('--key');
  if (!list || !keyFile) throw new UsageError('rules sign needs a list and --key <file.key>');
  const out = args.get('--out') ?? `${list}.sig`;
  const bytes = new Uint8Array(await readFile(list));
  let signature: string;
  try {
    signature = await signDetached(bytes, await readFile(keyFile, 'utf8'));
  } catch (err) {
    console.error(`miner-sentry: ${keyFile}: ${(err as Error).message}`);
    return 1;
  }
  await writeFile(out, `${signature}\n`);
  console.log(`${out}: signature of ${list} (${bytes.length} bytes)`);
  console.log(`sha256 ${sha256Hex(bytes)}  (use as the subscription's "sha256" to pin this exact version)`);
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

/** `miner-sentry rules verify <list> --sig <file> --pub <file.pub|base64>` */
export async function verifyCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], ['--sig', '--pub']);
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
  const result = await verifyDetached(bytes, await readFile(sigFile, 'utf8'), [key]);
  console.log(`${list}: ${result.ok ? 'good signature' : 'BAD signature'}: ${result.reason}`);
  console.log(`sha256 ${sha256Hex(bytes)}`);
  return result.ok ? 0 : 1;
}
