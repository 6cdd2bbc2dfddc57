// HMAC through WebCrypto, the same in browsers and Node 20. Imported keys are cached because the trace
// recomputes on every keystroke with the same key.
import type { HashOutput, HmacAlgorithm } from '../catalog/types.ts';
import { bytesToBase64, bytesToHex, utf8Encode, type Bytes } from './bytes.ts';

const HASH_OF: Record<HmacAlgorithm, string> = { 'HMAC-SHA512': 'SHA-512', 'HMAC-SHA256': 'SHA-256' };
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_LIMIT = 16;

function importHmacKey(key: string, algorithm: HmacAlgorithm): Promise<CryptoKey> {
  const cacheKey = algorithm + '\0' + key;
  let imported = keyCache.get(cacheKey);
  if (!imported) {
    // WebCrypto refuses an empty HMAC key. HMAC pads every key with zeros to the block size, so a
    // single zero byte gives exactly the same MAC as the empty key.
    const bytes = key.length ? utf8Encode(key) : new Uint8Array(1);
    imported = crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: HASH_OF[algorithm] }, false, ['sign']);
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value!);
    keyCache.set(cacheKey, imported);
  }
  return imported;
}

export async function hmacBytes(message: string | Bytes, key: string, algorithm: HmacAlgorithm): Promise<Bytes> {
  const cryptoKey = await importHmacKey(key, algorithm);
  const data = typeof message === 'string' ? utf8Encode(message) : message;
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data));
}

export interface Signature {
  algorithm: HmacAlgorithm;
  output: HashOutput;
  digestHex: string;
  hash: string;
}

/** Computes what sign() computes. The emulator takes one as an option: Node's own HMAC is much faster than WebCrypto's. */
export type HmacSigner = (message: string, key: string, algorithm: HmacAlgorithm, output: HashOutput) => Signature | Promise<Signature>;

export async function sign(message: string, key: string, algorithm: HmacAlgorithm, output: HashOutput): Promise<Signature> {
  const digest = await hmacBytes(message, key, algorithm);
  const digestHex = bytesToHex(digest);
  return { algorithm, output, digestHex, hash: output === 'hex' ? digestHex : bytesToBase64(digest) };
}

/** Constant-time comparison of two strings (for verifying hashes). */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
