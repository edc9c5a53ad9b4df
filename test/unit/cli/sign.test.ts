import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keygenCommand, signCommand, verifyCommand } from '../../../src/cli/sign';
import { sha256Hex } from '../../../src/engine/signing';

const URL_ = 'https://lists.example/list.txt';
let dir: string;
let out: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ms-sign-'));
  out = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('keygen / rules sign / rules verify', () => {
  it('signs a list that then verifies, and catches a changed byte', async () => {
    const prefix = join(dir, 'corp');
    expect(await keygenCommand(['--out', prefix])).toBe(0);
    const pub = (await readFile(`${prefix}.pub`, 'utf8')).trim();
    expect(out[0]).toBe(pub);
    expect((await stat(`${prefix}.key`)).mode & 0o777).toBe(0o600);

    const list = join(dir, 'list.txt');
    await writeFile(list, '||coinhive.com^\n');
    expect(await signCommand([list, '--key', `${prefix}.key`, '--url', URL_, '--sequence', '7', '--valid-days', '10'])).toBe(0);
    const sha = sha256Hex(new TextEncoder().encode('||coinhive.com^\n'));
    expect(out.join('\n')).toContain(`sha256 ${sha}`);
    const envelope = JSON.parse(await readFile(`${list}.sig`, 'utf8'));
    expect(envelope).toMatchObject({ format: 'miner-sentry-signature', version: 2 });
    expect(JSON.parse(envelope.manifest)).toMatchObject({ url: URL_, sequence: 7, sha256: sha });

    expect(await verifyCommand([list, '--pub', `${prefix}.pub`])).toBe(0);
    expect(await verifyCommand([list, '--sig', `${list}.sig`, '--pub', pub, '--url', URL_])).toBe(0);
    expect(await verifyCommand([list, '--pub', pub, '--url', 'https://elsewhere.example/list.txt'])).toBe(1);
    expect(out.at(-3)).toMatch(/BAD signature: the list was signed for/);

    await writeFile(list, '||coinhive.con^\n');
    expect(await verifyCommand([list, '--pub', `${prefix}.pub`])).toBe(1);
    expect(out.join('\n')).toMatch(/BAD signature: the signed manifest names sha256/);
  });

  it('refuses to overwrite an existing private key', async () => {
    const prefix = join(dir, 'k');
    expect(await keygenCommand(['--out', prefix])).toBe(0);
    const before = await readFile(`${prefix}.key`, 'utf8');
    expect(await keygenCommand(['--out', prefix])).toBe(1);
    expect(await readFile(`${prefix}.key`, 'utf8')).toBe(before);
  });

  it('writes the signature where --out says and fails cleanly on a bad key file', async () => {
    const prefix = join(dir, 'k');
    await keygenCommand(['--out', prefix]);
    const list = join(dir, 'l.json');
    await writeFile(list, '{}');
    expect(await signCommand([list, '--key', `${prefix}.key`, '--url', URL_, '--out', join(dir, 'custom.sig')])).toBe(0);
    expect((await stat(join(dir, 'custom.sig'))).isFile()).toBe(true);
    expect(await signCommand([list, '--key', `${prefix}.pub`, '--url', URL_])).toBe(1);
    expect(out.at(-1)).toMatch(/PKCS #8/);
  });

  it('rejects missing arguments as usage errors', async () => {
    await expect(signCommand(['list.txt'])).rejects.toThrow(/--key/);
    await expect(signCommand(['list.txt', '--key', 'k.key'])).rejects.toThrow(/--url/);
    await expect(signCommand(['list.txt', '--key', 'k.key', '--url', 'http://lists.example/l.txt'])).rejects.toThrow(/https/);
    await expect(signCommand(['list.txt', '--key', 'k.key', '--url', URL_, '--expires', '2001-01-01'])).rejects.toThrow(/past/);
    await expect(verifyCommand(['list.txt'])).rejects.toThrow(/--pub/);
  });
});
