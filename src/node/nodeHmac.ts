// The emulator's HMAC in Node. node:crypto's one-shot hash() computes HMAC (RFC 2104) without the native
// Hmac object createHmac() makes per call, which is most of what an HMAC costs on the request path.
import { hash } from 'node:crypto';
import type { HmacSigner, Signature } from '../core/signing/hmac.ts';

const NODE_HASH = { 'HMAC-SHA512': ['sha512', 128, 64], 'HMAC-SHA256': ['sha256', 64, 32] } as const;

interface KeyPads {
  /**
   * The key XOR ipad as text, when every byte of it is ASCII (an ASCII key of at most one block, as PayWay's
   * keys are): the inner input is then `innerText + message`, which hash() encodes as UTF-8 with no
   * Buffer to build. Undefined for other keys.
   */
  innerText?: string;
  inner: Buffer;
  /** The key XOR opad followed by room for the inner digest: only the digest is written per call. */
  outerInput: Buffer;
}

/** Pads per algorithm and key: keys are few and reused on every request. */
const padsByKey = new Map<string, KeyPads>();
const PAD_CACHE_LIMIT = 64;

/** The pads asked for last: nearly every request is signed with the same key as the one before it. */
let last: { key: string; algorithm: string; pads: KeyPads } | undefined;

function padsOf(key: string, algorithm: 'sha512' | 'sha256', block: number, digestLength: number): KeyPads {
  if (last !== undefined && last.key === key && last.algorithm === algorithm) return last.pads;
  const id = algorithm + '\0' + key;
  let found = padsByKey.get(id);
  if (!found) {
    let bytes = Buffer.from(key, 'utf8');
    if (bytes.length > block) bytes = hash(algorithm, bytes, 'buffer');
    const inner = Buffer.alloc(block, 0x36);
    const outerInput = Buffer.alloc(block + digestLength, 0x5c);
    for (let i = 0; i < bytes.length; i++) {
      inner[i]! ^= bytes[i]!;
      outerInput[i]! ^= bytes[i]!;
    }
    found = { inner, outerInput, innerText: inner.every((byte) => byte < 0x80) ? inner.toString('latin1') : undefined };
    if (padsByKey.size >= PAD_CACHE_LIMIT) padsByKey.delete(padsByKey.keys().next().value!);
    padsByKey.set(id, found);
  }
  last = { key, algorithm, pads: found };
  return found;
}

export const nodeHmac: HmacSigner = (message, key, algorithm, output): Signature => {
  const [name, block, digestLength] = NODE_HASH[algorithm];
  const { innerText, inner, outerInput } = padsOf(key, name, block, digestLength);
  const innerDigest = innerText !== undefined ? hash(name, innerText + message, 'buffer') : hash(name, Buffer.concat([inner, Buffer.from(message, 'utf8')]), 'buffer');
  // Synchronous from here to the hash: no other call can write outerInput in between.
  innerDigest.copy(outerInput, block);
  if (output === 'hex') {
    const hex = hash(name, outerInput, 'hex');
    return { algorithm, output, digestHex: hex, hash: hex };
  }
  const base64 = hash(name, outerInput, 'base64');
  return {
    algorithm,
    output,
    hash: base64,
    get digestHex() {
      return Buffer.from(base64, 'base64').toString('hex');
    },
  };
};
