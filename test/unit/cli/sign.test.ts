import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keygenCommand, signCommand, verifyCommand } from '../../../src/cli/sign';
import { sha256Hex } from '../../../src/engine/signing';

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
    expect(await signCommand([list, '--key', `${prefix}.key`])).toBe(0);
    expect(out.join('\n')).toContain(`sha256 ${sha256Hex(new TextEncoder().encode('||coinhive.com^\n'))}`);
    expect((await readFile(`${list}.sig`, 'utf8')).trim()).toMatch(/^[A-Za-z0-9+/]{86}==$/);

    expect(await verifyCommand([list, '--pub', `${prefix}.pub`])).toBe(0);
    expect(await verifyCommand([list, '--sig', `${list}.sig`, '--pub', pub])).toBe(0);

    await writeFile(list, '||coinhive.con^\n');
    expect(await verifyCommand([list, '--pub', `${prefix}.pub`])).toBe(1);
    expect(out.join('\n')).toMatch(/BAD signature: signature does not match/);
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
    expect(await signCommand([list, '--key', `${prefix}.key`, '--out', join(dir, 'custom.sig')])).toBe(0);
    expect((await stat(join(dir, 'custom.sig'))).isFile()).toBe(true);
    expect(await signCommand([list, '--key', `${prefix}.pub`])).toBe(1);
    expect(out.at(-1)).toMatch(/PKCS #8/);
  });

  it('rejects missing arguments as usage errors', async () => {
    await expect(signCommand(['list.txt'])).rejects.toThrow(/--key/);
    await expect(verifyCommand(['list.txt'])).rejects.toThrow(/--pub/);
  });
});
