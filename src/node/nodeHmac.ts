// The emulator's HMAC in Node. node:crypto's one-shot hash() computes HMAC (RFC 2104) without the native
// Hmac object createHmac() makes per call, which is most of what an HMAC costs on the request path.
import { hash } from 'node:crypto';
import type { HashOutput, HmacAlgorithm } from '../core/catalog/types.ts';
import type { HmacSigner, Signature } from '../core/signing/hmac.ts';

interface HashShape {
  name: 'sha512' | 'sha256';
  block: number;
  digestLength: number;
}

const NODE_HASH: Readonly<Record<HmacAlgorithm, HashShape>> = {
  'HMAC-SHA512': { name: 'sha512', block: 128, digestLength: 64 },
  'HMAC-SHA256': { name: 'sha256', block: 64, digestLength: 32 },
};

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

function padsOf(key: string, { name, block, digestLength }: HashShape): KeyPads {
  if (last !== undefined && last.key === key && last.algorithm === name) return last.pads;
  const id = name + '\0' + key;
  let found = padsByKey.get(id);
  if (!found) {
    let bytes = Buffer.from(key, 'utf8');
    if (bytes.length > block) bytes = hash(name, bytes, 'buffer');
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
  last = { key, algorithm: name, pads: found };
  return found;
}

/** A digest as a latin1 string, one char per byte (hash() takes any of Buffer's encodings; its types list three). */
const hashTo = hash as unknown as (algorithm: string, data: string | Buffer, outputEncoding: 'latin1') => string;
const hashLatin1 = (algorithm: string, data: string | Buffer): string => hashTo(algorithm, data, 'latin1');

/** A Base64 signature whose hex digest is worked out only if asked for (the request path never asks). */
class Base64Signature implements Signature {
  readonly output = 'base64' as const;
  constructor(
    readonly algorithm: HmacAlgorithm,
    readonly hash: string,
  ) {}
  get digestHex(): string {
    return Buffer.from(this.hash, 'base64').toString('hex');
  }
}

export const nodeHmac: HmacSigner = (message: string, key: string, algorithm: HmacAlgorithm, output: HashOutput): Signature => {
  const shape = NODE_HASH[algorithm];
  const { innerText, inner, outerInput } = padsOf(key, shape);
  // The inner digest comes back as a latin1 string (one char per byte) and is written into the outer
  // input in place: a Buffer per digest, then a copy, cost a third of the HMAC.
  const innerDigest = innerText !== undefined ? hashLatin1(shape.name, innerText + message) : hashLatin1(shape.name, Buffer.concat([inner, Buffer.from(message, 'utf8')]));
  // Synchronous from here to the hash: no other call can write outerInput in between.
  outerInput.write(innerDigest, shape.block, shape.digestLength, 'latin1');
  if (output === 'hex') {
    const hex = hash(shape.name, outerInput, 'hex');
    return { algorithm, output, digestHex: hex, hash: hex };
  }
  return new Base64Signature(algorithm, hash(shape.name, outerInput, 'base64'));
};
