// Every way an integration has been seen to turn (message, key) into a digest: HMAC with the right or a
// wrong hash function, a plain hash with or without the key glued on, HMAC with its arguments swapped.
// WebCrypto does the real work (imported keys cached, calls batched by the caller); MD5 is ours.
import { utf8Encode } from '../signing/bytes.ts';
import { hmacMd5, md5 } from './md5.ts';

export type HashName = 'SHA-512' | 'SHA-384' | 'SHA-256' | 'SHA-1' | 'MD5';

/** Digest length in bytes: what the length of their hash gives away. */
export const DIGEST_LENGTH: Record<HashName, number> = { 'SHA-512': 64, 'SHA-384': 48, 'SHA-256': 32, 'SHA-1': 20, MD5: 16 };

/**
 * - hmac:              HMAC(key, message), the recipe.
 * - hmac-swapped:      HMAC(message, key): PHP's hash_hmac($algo, $key, $data) with the last two swapped.
 * - plain:             hash(message), the key never used.
 * - plain-message-key: hash(message . key), a home-made "keyed" hash.
 * - plain-key-message: hash(key . message).
 */
export type Construction = 'hmac' | 'hmac-swapped' | 'plain' | 'plain-message-key' | 'plain-key-message';

export type Charset = 'utf-8' | 'utf-16le' | 'latin1';

export function encodeText(text: string, charset: Charset): Uint8Array<ArrayBuffer> {
  if (charset === 'utf-8') return utf8Encode(text) as Uint8Array<ArrayBuffer>;
  if (charset === 'utf-16le') {
    const out = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      out[i * 2] = unit & 0xff;
      out[i * 2 + 1] = unit >> 8;
    }
    return out;
  }
  // Latin-1 as Java's and .NET's legacy encoders write it: characters beyond U+00FF become "?".
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[i] = unit > 0xff ? 0x3f : unit;
  }
  return out;
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** Computes digests; keeps one imported CryptoKey per (key, hash function). */
export class Digester {
  readonly #cryptoKeys = new Map<string, Promise<CryptoKey>>();

  /** `keyId` undefined: import without caching (the key is a one-off). */
  #importKey(keyId: string | undefined, key: Uint8Array, hash: HashName): Promise<CryptoKey> {
    const cacheKey = hash + '\0' + keyId;
    let imported = keyId === undefined ? undefined : this.#cryptoKeys.get(cacheKey);
    if (!imported) {
      // WebCrypto refuses an empty HMAC key; HMAC zero-pads keys, so one zero byte gives the same MAC.
      const bytes = key.length ? (key as Uint8Array<ArrayBuffer>) : new Uint8Array(1);
      imported = crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash }, false, ['sign']);
      if (keyId !== undefined) this.#cryptoKeys.set(cacheKey, imported);
    }
    return imported;
  }

  async #hmac(keyId: string | undefined, key: Uint8Array, hash: HashName, message: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
    if (hash === 'MD5') return hmacMd5(key, message);
    const cryptoKey = await this.#importKey(keyId, key, hash);
    return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, message));
  }

  async #plain(hash: HashName, message: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
    if (hash === 'MD5') return md5(message);
    return new Uint8Array(await crypto.subtle.digest(hash, message));
  }

  /** `keyId` names the key bytes for the CryptoKey cache (same id ⇒ same bytes). */
  digest(construction: Construction, hash: HashName, keyId: string, key: Uint8Array, message: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
    switch (construction) {
      case 'hmac':
        return this.#hmac(keyId, key, hash, message);
      case 'hmac-swapped':
        // The message becomes the key: a fresh import every time, so it is not cached.
        return this.#hmac(undefined, message, hash, key as Uint8Array<ArrayBuffer>);
      case 'plain':
        return this.#plain(hash, message);
      case 'plain-message-key':
        return this.#plain(hash, concat(message, key));
      case 'plain-key-message':
        return this.#plain(hash, concat(key, message));
    }
  }
}

/** One-off helper for callers outside the search (tests, the expected hash of a recipe). */
export function digestOnce(construction: Construction, hash: HashName, key: string, message: string): Promise<Uint8Array> {
  return new Digester().digest(construction, hash, key, utf8Encode(key), encodeText(message, 'utf-8'));
}
