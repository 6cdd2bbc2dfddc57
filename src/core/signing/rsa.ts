// RSA PKCS#1 v1.5 (type 2) encryption and decryption with BigInt. WebCrypto has no RSAES-PKCS1-v1_5 and
// Node 20 refuses PKCS#1 v1.5 private decryption, so PayWay's merchant_auth recipe needs its own code:
// split the UTF-8 plaintext into k−11 byte chunks, encrypt each, join the raw blocks, Base64 once.
import { base64ToBytes, bytesToBase64, bytesToHex, concatBytes, utf8Decode, utf8Encode } from './bytes.ts';

export interface RsaPublicKey {
  n: bigint;
  e: bigint;
  /** Modulus length in bytes (k). */
  size: number;
}

export interface RsaPrivateKey extends RsaPublicKey {
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qinv: bigint;
}

/** A problem with key material, worded for the person who pasted it. */
export class RsaKeyError extends Error {}

// ---- DER -------------------------------------------------------------------------------------------

interface Tlv {
  tag: number;
  start: number; // first content byte
  end: number; // one past the last content byte
}

function readTlv(der: Uint8Array, offset: number): Tlv {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) throw new RsaKeyError('the key data ends too early');
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new RsaKeyError('the key data has an unsupported length encoding');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  if (end > der.length) throw new RsaKeyError('the key data ends too early');
  return { tag, start, end };
}

/** The child TLVs of a constructed value. */
function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const child = readTlv(der, offset);
    out.push(child);
    offset = child.end;
  }
  return out;
}

function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new RsaKeyError(`the key data is not ${what}`);
  return tlv;
}

const toBigInt = (der: Uint8Array, tlv: Tlv): bigint => {
  const bytes = der.subarray(tlv.start, tlv.end);
  return bytes.length ? BigInt('0x' + bytesToHex(bytes)) : 0n;
};

const RSA_ENCRYPTION_OID = '2a864886f70d010101';

function algorithmIsRsa(der: Uint8Array, algorithm: Tlv): void {
  const oid = expect(children(der, algorithm)[0], 0x06, 'an algorithm identifier');
  if (bytesToHex(der.subarray(oid.start, oid.end)) !== RSA_ENCRYPTION_OID) {
    throw new RsaKeyError('the key is not an RSA key (an EC or other key type was given)');
  }
}

const byteSize = (n: bigint) => Math.ceil(n.toString(16).length / 2);

function publicFromRsaPublicKey(der: Uint8Array, tlv: Tlv): RsaPublicKey {
  const [n, e] = children(der, expect(tlv, 0x30, 'an RSA public key'));
  const modulus = toBigInt(der, expect(n, 0x02, 'an RSA public key'));
  return { n: modulus, e: toBigInt(der, expect(e, 0x02, 'an RSA public key')), size: byteSize(modulus) };
}

function privateFromRsaPrivateKey(der: Uint8Array, tlv: Tlv): RsaPrivateKey {
  const parts = children(der, expect(tlv, 0x30, 'an RSA private key'));
  if (parts.length < 9) throw new RsaKeyError('the key data is not an RSA private key');
  const [n, e, d, p, q, dp, dq, qinv] = parts.slice(1, 9).map((t) => toBigInt(der, expect(t, 0x02, 'an RSA private key')));
  return { n: n!, e: e!, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qinv: qinv!, size: byteSize(n!) };
}

// ---- PEM -------------------------------------------------------------------------------------------

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

function readPem(pem: string, what: string): { label: string; der: Uint8Array } {
  const text = pem.trim();
  if (!text) throw new RsaKeyError(`the ${what} is empty`);
  const match = PEM_BLOCK.exec(text);
  if (!match) {
    if (text.includes('-----BEGIN')) throw new RsaKeyError(`the ${what} PEM has no matching -----END line (was it cut off?)`);
    throw new RsaKeyError(`the ${what} is not a PEM: expected a block starting with -----BEGIN PUBLIC KEY-----`);
  }
  // Keys pasted from .env files often carry literal "\n" sequences instead of line breaks.
  const body = match[2]!.replace(/\\n/g, '').replace(/\s+/g, '');
  if (/[^A-Za-z0-9+/=]/.test(body)) throw new RsaKeyError(`the ${what} PEM body is not Base64`);
  return { label: match[1]!, der: base64ToBytes(body) };
}

/** Parses an RSA public key from SPKI (BEGIN PUBLIC KEY) or PKCS#1 (BEGIN RSA PUBLIC KEY) PEM. */
export function parsePublicKeyPem(pem: string): RsaPublicKey {
  const { label, der } = readPem(pem, 'RSA public key');
  if (label.includes('PRIVATE')) throw new RsaKeyError('this is a private key; paste the RSA public key that ABA gave you');
  if (label.includes('CERTIFICATE')) throw new RsaKeyError('this is a certificate, not an RSA public key');
  const root = readTlv(der, 0);
  if (label === 'RSA PUBLIC KEY') return checked(publicFromRsaPublicKey(der, root));
  if (label !== 'PUBLIC KEY') throw new RsaKeyError(`unexpected PEM block "${label}"; expected PUBLIC KEY`);
  const [algorithm, bitString] = children(der, expect(root, 0x30, 'an SPKI public key'));
  algorithmIsRsa(der, expect(algorithm, 0x30, 'an SPKI public key'));
  const bits = expect(bitString, 0x03, 'an SPKI public key');
  // Skip the BIT STRING's "unused bits" byte.
  return checked(publicFromRsaPublicKey(der, readTlv(der, bits.start + 1)));
}

/** Parses an RSA private key from PKCS#8 (BEGIN PRIVATE KEY) or PKCS#1 (BEGIN RSA PRIVATE KEY) PEM. */
export function parsePrivateKeyPem(pem: string): RsaPrivateKey {
  const { label, der } = readPem(pem, 'RSA private key');
  const root = readTlv(der, 0);
  if (label === 'RSA PRIVATE KEY') return checked(privateFromRsaPrivateKey(der, root));
  if (label !== 'PRIVATE KEY') throw new RsaKeyError(`unexpected PEM block "${label}"; expected PRIVATE KEY`);
  const [, algorithm, octets] = children(der, expect(root, 0x30, 'a PKCS#8 private key'));
  algorithmIsRsa(der, expect(algorithm, 0x30, 'a PKCS#8 private key'));
  const inner = expect(octets, 0x04, 'a PKCS#8 private key');
  return checked(privateFromRsaPrivateKey(der, readTlv(der, inner.start)));
}

function checked<K extends RsaPublicKey>(key: K): K {
  if (key.size < 12) throw new RsaKeyError(`the RSA key is too small (${key.size * 8} bits): PKCS#1 v1.5 needs 11 bytes of padding per chunk`);
  return key;
}

// ---- arithmetic ------------------------------------------------------------------------------------

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const bytesToBigInt = (bytes: Uint8Array): bigint => (bytes.length ? BigInt('0x' + bytesToHex(bytes)) : 0n);

function bigIntToBytes(value: bigint, size: number): Uint8Array {
  const hex = value.toString(16).padStart(size * 2, '0');
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

// ---- PKCS#1 v1.5 -----------------------------------------------------------------------------------

export type RandomBytes = (length: number) => Uint8Array;

/** Bytes drawn from the platform's CSPRNG a few kilobytes at a time, each handed out once. */
const RANDOM_POOL_SIZE = 4096;
let randomPool = new Uint8Array(0);
let randomPoolOffset = 0;

/**
 * Cryptographically secure random bytes. Small requests come from a pool that is refilled in one call:
 * in Node each getRandomValues() call costs about 2 µs whatever its size, and the emulator needs fresh
 * ids on every request. Every byte is used once and the caller gets its own copy.
 */
export const secureRandomBytes: RandomBytes = (length) => {
  if (length > RANDOM_POOL_SIZE / 8) return crypto.getRandomValues(new Uint8Array(length));
  if (randomPoolOffset + length > randomPool.length) {
    randomPool = crypto.getRandomValues(new Uint8Array(RANDOM_POOL_SIZE));
    randomPoolOffset = 0;
  }
  const bytes = randomPool.slice(randomPoolOffset, randomPoolOffset + length);
  randomPoolOffset += length;
  return bytes;
};

/** Non-zero random bytes for the padding string PS. */
function nonZeroRandom(length: number, random: RandomBytes): Uint8Array {
  const out = new Uint8Array(length);
  let filled = 0;
  for (let rounds = 0; filled < length; rounds++) {
    if (rounds > 64) throw new Error('the random source returns only zero bytes');
    for (const byte of random(length - filled)) if (byte !== 0 && filled < length) out[filled++] = byte;
  }
  return out;
}

/** Encrypts one block (message at most k−11 bytes) with PKCS#1 v1.5 type-2 padding. */
export function encryptBlock(key: RsaPublicKey, message: Uint8Array, random: RandomBytes = secureRandomBytes): Uint8Array {
  const k = key.size;
  if (message.length > k - 11) throw new RsaKeyError(`a chunk of ${message.length} bytes is too long for a ${k * 8}-bit key (at most ${k - 11})`);
  const padded = new Uint8Array(k);
  padded[1] = 0x02;
  padded.set(nonZeroRandom(k - message.length - 3, random), 2);
  padded.set(message, k - message.length);
  return bigIntToBytes(modPow(bytesToBigInt(padded), key.e, key.n), k);
}

/** Decrypts one block; throws when the padding is not PKCS#1 v1.5 type 2 (wrong key or damaged data). */
export function decryptBlock(key: RsaPrivateKey, block: Uint8Array): Uint8Array {
  if (block.length !== key.size) throw new RsaKeyError(`a ciphertext block has ${block.length} bytes; the key needs ${key.size}`);
  const c = bytesToBigInt(block);
  if (c >= key.n) throw new RsaKeyError('a ciphertext block is larger than the key modulus');
  // Chinese remainder theorem: two half-size exponentiations instead of one full one.
  const m1 = modPow(c, key.dp, key.p);
  const m2 = modPow(c, key.dq, key.q);
  const h = (((m1 - m2) % key.p) + key.p) % key.p * key.qinv % key.p;
  const padded = bigIntToBytes(m2 + h * key.q, key.size);
  if (padded[0] !== 0 || padded[1] !== 2) throw new RsaKeyError('the block does not decrypt to PKCS#1 v1.5 padding (wrong key, or not PKCS#1 v1.5)');
  const separator = padded.indexOf(0, 2);
  if (separator < 10) throw new RsaKeyError('the block does not decrypt to PKCS#1 v1.5 padding (wrong key, or not PKCS#1 v1.5)');
  return padded.subarray(separator + 1);
}

export interface RsaChunk {
  index: number;
  /** Plaintext bytes of this chunk, as hex. */
  plaintextHex: string;
  /** The chunk decoded as UTF-8 for display (a multi-byte character may be split across chunks, as in PHP). */
  text: string;
  length: number;
  /** Ciphertext block, as hex. */
  ciphertextHex: string;
}

export interface RsaTrace {
  plaintext: string;
  plaintextBytes: number;
  keyBits: number;
  chunkSize: number;
  chunks: RsaChunk[];
  /** The joined ciphertext blocks, Base64-encoded once: the wire value. */
  base64: string;
}

/** PayWay's recipe: chunks of k−11 bytes, each encrypted, raw blocks joined, Base64 once. */
export function encryptChunked(key: RsaPublicKey, plaintext: string, random: RandomBytes = secureRandomBytes): RsaTrace {
  const bytes = utf8Encode(plaintext);
  const chunkSize = key.size - 11;
  const chunks: RsaChunk[] = [];
  const blocks: Uint8Array[] = [];
  for (let offset = 0, index = 0; offset < bytes.length || index === 0; offset += chunkSize, index++) {
    const piece = bytes.subarray(offset, offset + chunkSize);
    const block = encryptBlock(key, piece, random);
    blocks.push(block);
    chunks.push({ index, plaintextHex: bytesToHex(piece), text: utf8Decode(piece), length: piece.length, ciphertextHex: bytesToHex(block) });
  }
  return { plaintext, plaintextBytes: bytes.length, keyBits: key.size * 8, chunkSize, chunks, base64: bytesToBase64(concatBytes(blocks)) };
}

/** The emulator's side: Base64 → k-byte blocks → decrypt each → join → UTF-8. */
export function decryptChunked(key: RsaPrivateKey, base64: string): string {
  // Strict, as PHP's base64_decode sees it: what works here must work against PayWay.
  if (/ /.test(base64)) throw new RsaKeyError('the ciphertext has spaces: a "+" was turned into a space by URL decoding');
  if (/[-_]/.test(base64)) throw new RsaKeyError('the ciphertext is URL-safe Base64 ("-" or "_"); PayWay expects standard Base64');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64.trim())) {
    throw new RsaKeyError('the ciphertext is not Base64 (standard alphabet with "=" padding)');
  }
  const bytes = base64ToBytes(base64.trim());
  if (bytes.length === 0 || bytes.length % key.size !== 0) {
    throw new RsaKeyError(`the ciphertext has ${bytes.length} bytes, not a multiple of the ${key.size}-byte block size`);
  }
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += key.size) parts.push(decryptBlock(key, bytes.subarray(offset, offset + key.size)));
  return utf8Decode(concatBytes(parts));
}

// ---- keys ------------------------------------------------------------------------------------------

const wrapPem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${bytesToBase64(der).replace(/.{64}(?=.)/g, '$&\n')}\n-----END ${label}-----\n`;

export interface RsaKeyPairPem {
  publicKeyPem: string;
  privateKeyPem: string;
}

/** A fresh key pair through WebCrypto (which can generate RSA keys, just not use PKCS#1 v1.5 encryption). */
export async function generateRsaKeyPair(bits = 1024): Promise<RsaKeyPairPem> {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['encrypt', 'decrypt'],
  );
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { publicKeyPem: wrapPem('PUBLIC KEY', spki), privateKeyPem: wrapPem('PRIVATE KEY', pkcs8) };
}
