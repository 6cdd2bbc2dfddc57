// The emulator's HMAC in Node. node:crypto's one-shot hash() computes HMAC (RFC 2104) without the native
// Hmac object createHmac() makes per call, which is most of what an HMAC costs on the request path.
import { hash } from 'node:crypto';
import type { HmacSigner, Signature } from '../core/signing/hmac.ts';

const NODE_HASH = { 'HMAC-SHA512': ['sha512', 128], 'HMAC-SHA256': ['sha256', 64] } as const;

/** The key XOR ipad and XOR opad, per algorithm and key: keys are few and reused on every request. */
const pads = new Map<string, readonly [Buffer, Buffer]>();
const PAD_CACHE_LIMIT = 64;

function padsOf(key: string, algorithm: 'sha512' | 'sha256', block: number): readonly [Buffer, Buffer] {
  const id = algorithm + '\0' + key;
  let found = pads.get(id);
  if (!found) {
    let bytes = Buffer.from(key, 'utf8');
    if (bytes.length > block) bytes = hash(algorithm, bytes, 'buffer');
    const inner = Buffer.alloc(block, 0x36);
    const outer = Buffer.alloc(block, 0x5c);
    for (let i = 0; i < bytes.length; i++) {
      inner[i]! ^= bytes[i]!;
      outer[i]! ^= bytes[i]!;
    }
    found = [inner, outer];
    if (pads.size >= PAD_CACHE_LIMIT) pads.delete(pads.keys().next().value!);
    pads.set(id, found);
  }
  return found;
}

export const nodeHmac: HmacSigner = (message, key, algorithm, output): Signature => {
  const [name, block] = NODE_HASH[algorithm];
  const [inner, outer] = padsOf(key, name, block);
  const data = Buffer.from(message, 'utf8');
  const digest = hash(name, Buffer.concat([outer, hash(name, Buffer.concat([inner, data], block + data.length), 'buffer')]), 'buffer');
  if (output === 'hex') {
    const hex = digest.toString('hex');
    return { algorithm, output, digestHex: hex, hash: hex };
  }
  return {
    algorithm,
    output,
    hash: digest.toString('base64'),
    get digestHex() {
      return digest.toString('hex');
    },
  };
};
