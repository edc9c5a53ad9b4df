import { describe, expect, it, vi } from 'vitest';
import {
  decodeBase64,
  encodeBase64,
  generateKeyPair,
  publicKeyProblem,
  sha256Hex,
  signDetached,
  verifyDetached,
} from '../../../src/engine/signing';

const list = new TextEncoder().encode('||coinhive.com^\n||miner.example^$third-party\n');

describe('Ed25519 detached signatures', () => {
  it('verifies a signature made with the matching private key and names the key', async () => {
    const pair = await generateKeyPair();
    const signature = await signDetached(list, pair.privateKey);
    const result = await verifyDetached(list, signature, [{ id: 'it-2025', publicKey: pair.publicKey }]);
    expect(result).toMatchObject({ ok: true, keyId: 'it-2025' });
  });

  it('rejects the list when one byte changed', async () => {
    const pair = await generateKeyPair();
    const signature = await signDetached(list, pair.privateKey);
    const tampered = list.slice();
    tampered[3] ^= 0x01;
    const result = await verifyDetached(tampered, signature, [{ id: 'k', publicKey: pair.publicKey }]);
    expect(result.ok).toBe(false);
    expect(result.keyId).toBeUndefined();
    expect(result.reason).toMatch(/does not match/);
  });

  it('rejects a signature from a key that is not trusted', async () => {
    const signer = await generateKeyPair();
    const other = await generateKeyPair();
    const signature = await signDetached(list, signer.privateKey);
    const result = await verifyDetached(list, signature, [{ id: 'other', publicKey: other.publicKey }]);
    expect(result.ok).toBe(false);
  });

  it('accepts when any one of several trusted keys signed (key rotation)', async () => {
    const oldKey = await generateKeyPair();
    const newKey = await generateKeyPair();
    const signature = await signDetached(list, newKey.privateKey);
    const result = await verifyDetached(list, `${signature}\n`, [
      { id: 'old', publicKey: oldKey.publicKey },
      { id: 'new', publicKey: newKey.publicKey },
    ]);
    expect(result).toMatchObject({ ok: true, keyId: 'new' });
  });

  it('explains malformed signatures and missing keys instead of throwing', async () => {
    const pair = await generateKeyPair();
    const key = [{ id: 'k', publicKey: pair.publicKey }];
    expect((await verifyDetached(list, 'not base64!', key)).reason).toMatch(/base64/);
    expect((await verifyDetached(list, encodeBase64(new Uint8Array(10)), key)).reason).toMatch(/64 bytes/);
    const signature = await signDetached(list, pair.privateKey);
    expect((await verifyDetached(list, signature, [])).reason).toMatch(/no trusted keys/);
  });

  it('produces keys of the documented shapes', async () => {
    const pair = await generateKeyPair();
    expect(decodeBase64(pair.publicKey)?.length).toBe(32);
    expect(publicKeyProblem(pair.publicKey)).toBeNull();
    expect(publicKeyProblem(encodeBase64(new Uint8Array(31)))).toMatch(/32 raw bytes/);
    await expect(signDetached(list, pair.publicKey)).rejects.toThrow(/PKCS #8/);
  });

  it('says Ed25519 is unavailable rather than calling the signature bad', async () => {
    const pair = await generateKeyPair();
    const signature = await signDetached(list, pair.privateKey);
    const spy = vi.spyOn(crypto.subtle, 'importKey').mockRejectedValue(new DOMException('Unrecognized name.', 'NotSupportedError'));
    try {
      const result = await verifyDetached(list, signature, [{ id: 'k', publicKey: pair.publicKey }]);
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(/no Ed25519 in WebCrypto/);
    } finally {
      spy.mockRestore();
    }
  });

  it('hashes with sha256 as lower-case hex', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('round-trips base64 of every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeBase64(encodeBase64(all))).toEqual(all);
  });
});
