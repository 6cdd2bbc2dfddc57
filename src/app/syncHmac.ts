// HMAC for the trace without leaving the task: WebCrypto's sign() answers from another thread, so a rebuild
// per keystroke can wait behind the page's rendering before its result comes back. @noble/hashes is audited,
// dependency-free and synchronous; it gives the same bytes (tests check it against node:crypto).
//
// Typing changes one field of a string-to-sign whose fields before it stay the same (50 items are ~3.5 KB
// ahead of firstname). HMAC absorbs its message from the start, so the state after the unchanged start is
// kept and copied: each keystroke hashes only what follows it. The result is the HMAC of the whole message.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { HashOutput, HmacAlgorithm } from '../core/catalog/types.ts';
import { bytesToBase64, bytesToHex, utf8Encode } from '../core/signing/bytes.ts';
import type { HmacSigner, Signature } from '../core/signing/hmac.ts';

/** An HMAC being computed: what is absorbed so far, which can be copied and continued. */
interface HmacState {
  update(bytes: Uint8Array): unknown;
  clone(): HmacState;
  digest(): Uint8Array;
}

/** Below this many characters of shared start, a kept state is not worth its copy. */
const WORTH_KEEPING = 256;

/** Length of the start `a` and `b` share (known to share `from` characters), never cutting a surrogate pair
 *  (UTF-8 needs whole code points). */
function sharedStart(a: string, b: string, from = 0): number {
  const limit = Math.min(a.length, b.length);
  let i = from;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const previous = b.charCodeAt(i - 1);
  return i > 0 && previous >= 0xd800 && previous <= 0xdbff ? i - 1 : i;
}

export function createSyncHmacSigner(): HmacSigner {
  let kept: { algorithm: HmacAlgorithm; key: string; start: string; state: HmacState } | undefined;
  let lastMessage = '';

  return (message: string, key: string, algorithm: HmacAlgorithm, output: HashOutput): Signature => {
    // HMAC pads an empty key with zeros to the block size, so one zero byte gives the same MAC (as in sign()).
    const fresh = (): HmacState => hmac.create(algorithm === 'HMAC-SHA512' ? sha512 : sha256, key.length ? utf8Encode(key) : new Uint8Array(1));
    let base = kept && kept.algorithm === algorithm && kept.key === key && message.startsWith(kept.start) ? kept : undefined;
    // The start this message shares with the last one is what the next one most likely shares too: keep it.
    const shared = lastMessage.startsWith(base?.start ?? '') ? sharedStart(lastMessage, message, base?.start.length) : sharedStart(lastMessage, message);
    if (shared >= (base?.start.length ?? 0) + WORTH_KEEPING) {
      const state = base ? base.state.clone() : fresh();
      state.update(utf8Encode(message.slice(base?.start.length ?? 0, shared)));
      base = kept = { algorithm, key, start: message.slice(0, shared), state };
    }
    lastMessage = message;
    const state = base ? base.state.clone() : fresh();
    state.update(utf8Encode(message.slice(base?.start.length ?? 0)));
    const digest = state.digest();
    const digestHex = bytesToHex(digest);
    return { algorithm, output, digestHex, hash: output === 'hex' ? digestHex : bytesToBase64(digest) };
  };
}
