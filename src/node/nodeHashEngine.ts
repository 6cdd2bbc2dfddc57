// The doctor's search with node:crypto's hashes: native SHA-2 with Hash.copy(), a few times faster than
// the portable @noble/hashes the page's worker uses. The search builds HMAC from it the same way, and
// what it reports is still re-checked with WebCrypto.
import { createHash, type Hash } from 'node:crypto';
import type { HashEngine, HashState } from '../core/doctor/index.ts';

const NAMES = { 'SHA-512': 'sha512', 'SHA-384': 'sha384', 'SHA-256': 'sha256', 'SHA-1': 'sha1', MD5: 'md5' } as const;

class NodeHash implements HashState {
  constructor(readonly hash: Hash) {}
  update(data: Uint8Array): HashState {
    this.hash.update(data);
    return this;
  }
  digestInto(out: Uint8Array): void {
    out.set(this.hash.digest());
  }
  copy(): HashState {
    return new NodeHash(this.hash.copy());
  }
}

export const nodeHashEngine: HashEngine = (hash) => new NodeHash(createHash(NAMES[hash]));
