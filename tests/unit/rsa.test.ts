import { constants, createPrivateKey, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptBlock,
  decryptChunked,
  encryptChunked,
  parsePrivateKeyPem,
  parsePublicKeyPem,
  RsaKeyError,
  secureRandomBytes,
} from '../../src/core/signing/rsa.ts';
import { base64ToBytes } from '../../src/core/signing/bytes.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';

const pair = generateKeyPairSync('rsa', { modulusLength: 1024 });
const spkiPem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const pkcs1PublicPem = pair.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const pkcs8Pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const pkcs1PrivatePem = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;

/** Independent check of our ciphertext: node:crypto raw RSA (no padding), then the PKCS#1 v1.5 layout by hand. */
function nodeRawDecrypt(block: Buffer): Buffer {
  const em = privateDecrypt({ key: pair.privateKey, padding: constants.RSA_NO_PADDING }, block);
  expect(em[0]).toBe(0x00);
  expect(em[1]).toBe(0x02);
  const separator = em.indexOf(0, 2);
  expect(separator).toBeGreaterThanOrEqual(10); // at least 8 non-zero padding bytes
  return em.subarray(separator + 1);
}

describe('RSA key parsing', () => {
  it('reads SPKI and PKCS#1 public keys to the same modulus node:crypto reports', () => {
    const jwk = pair.publicKey.export({ format: 'jwk' });
    const n = BigInt('0x' + Buffer.from(jwk.n!, 'base64url').toString('hex'));
    expect(parsePublicKeyPem(spkiPem).n).toBe(n);
    expect(parsePublicKeyPem(pkcs1PublicPem).n).toBe(n);
    expect(parsePublicKeyPem(spkiPem).e).toBe(65537n);
    expect(parsePublicKeyPem(spkiPem).size).toBe(128);
  });

  it('reads PKCS#8 and PKCS#1 private keys with their CRT parameters', () => {
    const jwk = pair.privateKey.export({ format: 'jwk' });
    const d = BigInt('0x' + Buffer.from(jwk.d!, 'base64url').toString('hex'));
    expect(parsePrivateKeyPem(pkcs8Pem).d).toBe(d);
    expect(parsePrivateKeyPem(pkcs1PrivatePem).d).toBe(d);
  });

  it('accepts a PEM pasted from an .env file with literal \\n sequences', () => {
    const oneLine = spkiPem.trim().replace(/\n/g, '\\n');
    expect(parsePublicKeyPem(oneLine).size).toBe(128);
  });

  it.each([
    ['', /empty/],
    ['hello', /not a PEM/],
    [spkiPem.slice(0, 120), /no matching -----END/],
    [pkcs8Pem, /private key; paste the RSA public key/],
    [generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string, /not an RSA key/],
    ['-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----', /not Base64/],
  ])('explains a bad public key (%#)', (pem, message) => {
    expect(() => parsePublicKeyPem(pem)).toThrow(RsaKeyError);
    expect(() => parsePublicKeyPem(pem)).toThrow(message);
  });
});

describe('PKCS#1 v1.5 chunked encryption', () => {
  it('splits UTF-8 plaintext into 117-byte chunks for a 1024-bit key', () => {
    const plaintext = JSON.stringify({ mc_id: 'ec000002', title: 'កាហ្វេ'.repeat(20), amount: '10.00' });
    const trace = encryptChunked(parsePublicKeyPem(spkiPem), plaintext);
    const bytes = Buffer.byteLength(plaintext);
    expect(trace.chunkSize).toBe(117);
    expect(trace.plaintextBytes).toBe(bytes);
    expect(trace.chunks.length).toBe(Math.ceil(bytes / 117));
    expect(trace.chunks.map((c) => c.length).reduce((a, b) => a + b)).toBe(bytes);
    expect(base64ToBytes(trace.base64).length).toBe(128 * trace.chunks.length);
  });

  it('produces blocks that node:crypto raw RSA decrypts to our padding and plaintext', () => {
    const plaintext = JSON.stringify({ mc_id: 'ec000002', tran_id: 'T1', refund_amount: 1, note: 'ព'.repeat(60) });
    const trace = encryptChunked(parsePublicKeyPem(spkiPem), plaintext);
    const joined = Buffer.concat(trace.chunks.map((c) => nodeRawDecrypt(Buffer.from(c.ciphertextHex, 'hex'))));
    expect(joined.toString('utf8')).toBe(plaintext);
  });

  it('decrypts what node:crypto publicEncrypt produced with PKCS#1 v1.5 padding', () => {
    const key = parsePrivateKeyPem(pkcs8Pem);
    const message = Buffer.from('{"mc_id":"ec000002","tran_id":"17394277693","refund_amount":1}');
    const block = publicEncrypt({ key: pair.publicKey, padding: constants.RSA_PKCS1_PADDING }, message);
    expect(Buffer.from(decryptBlock(key, block)).toString()).toBe(message.toString());
  });

  it('round-trips long plaintext through our decryptChunked', () => {
    const plaintext = JSON.stringify([{ account: '200030000', amount: 100 }, { account: '200030001', amount: 5.5 }]).repeat(5);
    const trace = encryptChunked(parsePublicKeyPem(spkiPem), plaintext);
    expect(decryptChunked(parsePrivateKeyPem(pkcs1PrivatePem), trace.base64)).toBe(plaintext);
  });

  it('is randomised: the same plaintext encrypts differently each time', () => {
    const key = parsePublicKeyPem(spkiPem);
    expect(encryptChunked(key, 'same').base64).not.toBe(encryptChunked(key, 'same').base64);
  });

  it('refuses ciphertext made with another key, or of the wrong size', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const foreign = encryptChunked(parsePublicKeyPem(other.publicKey.export({ type: 'spki', format: 'pem' }) as string), 'x');
    expect(() => decryptChunked(parsePrivateKeyPem(pkcs8Pem), foreign.base64)).toThrow(/padding|larger than the key/);
    expect(() => decryptChunked(parsePrivateKeyPem(pkcs8Pem), 'AAAA')).toThrow(/not a multiple/);
    expect(() => decryptChunked(parsePrivateKeyPem(pkcs8Pem), '%%%')).toThrow(/not Base64/);
  });

  it('ships a demo key pair whose halves belong together', () => {
    const trace = encryptChunked(parsePublicKeyPem(DEMO_MERCHANT.rsaPublicKeyPem), '{"mc_id":"ec000002"}');
    expect(decryptChunked(parsePrivateKeyPem(DEMO_MERCHANT.rsaPrivateKeyPem), trace.base64)).toBe('{"mc_id":"ec000002"}');
    expect(createPrivateKey(DEMO_MERCHANT.rsaPrivateKeyPem).asymmetricKeyDetails?.modulusLength).toBe(1024);
  });
});

describe('secureRandomBytes', () => {
  it('gives the length asked for, small (from the pool) and large (straight from the CSPRNG)', () => {
    for (const length of [0, 1, 16, 117, 512, 513, 5000]) expect(secureRandomBytes(length)).toHaveLength(length);
  });

  it('never hands out the same bytes twice, across pool refills', () => {
    const seen = new Set<string>();
    // 2,000 × 16 bytes spans several 4 KB pools; a repeated 128-bit value would mean reused pool bytes.
    for (let i = 0; i < 2000; i++) seen.add(Buffer.from(secureRandomBytes(16)).toString('hex'));
    expect(seen.size).toBe(2000);
  });

  it('gives each caller its own copy: changing one result changes no other', () => {
    const first = secureRandomBytes(32);
    const copy = Uint8Array.from(first);
    first.fill(0);
    const second = secureRandomBytes(32);
    expect(second).not.toEqual(new Uint8Array(32));
    expect(Buffer.from(second).equals(Buffer.from(copy))).toBe(false);
  });

  it('covers every byte value in 64 KB of small draws (a stuck or zeroed pool would not)', () => {
    const counts = new Uint32Array(256);
    for (let i = 0; i < 4096; i++) for (const byte of secureRandomBytes(16)) counts[byte]!++;
    expect(Math.min(...counts)).toBeGreaterThan(0);
    // 65,536 bytes over 256 values: 256 each on average; a fair source stays far inside these bounds.
    expect(Math.max(...counts)).toBeLessThan(400);
  });
});
