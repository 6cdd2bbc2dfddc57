// The search's digests, synchronous: @noble/hashes with each key's HMAC states (key ⊕ ipad, key ⊕ opad)
// computed once, and the SHA state after every whole 128-byte (64-byte) block of a few reference
// messages kept, so a hypothesis that only changes the end of the string hashes only its last blocks.
// WebCrypto (digest.ts) stays the reference: the search cross-checks the hypothesis it reports with it.
import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { Charset, Construction, HashName } from './digest.ts';
import { encodeText } from './digest.ts';

/** The incremental hash object noble returns (update, digestInto, clone into another). */
interface State {
  update(data: Uint8Array): State;
  digestInto(out: Uint8Array): void;
  _cloneInto(to?: State): State;
  blockLen: number;
}
interface HmacState extends State {
  iHash: State;
}
type HashFactory = { create(): State; outputLen: number; blockLen: number };

const HASHES: Record<HashName, HashFactory> = {
  'SHA-512': sha512 as unknown as HashFactory,
  'SHA-384': sha384 as unknown as HashFactory,
  'SHA-256': sha256 as unknown as HashFactory,
  'SHA-1': sha1 as unknown as HashFactory,
  MD5: md5 as unknown as HashFactory,
};

/** A message already hashed with some key: its bytes, and the inner state after each whole block. */
interface Reference {
  /** The message's bytes, zero-padded to whole 32-bit words, read as words (compared four bytes at a time). */
  words: Uint32Array;
  /** states[i]: the inner hash after i whole blocks of the message (states[0] is after the key block). */
  states: State[];
}

const MAX_REFERENCES = 4096;

/** HMAC(key, ·) with one hash function, resuming from the longest block prefix it has seen. */
class KeyedHmac {
  readonly #base: HmacState;
  readonly #work: HmacState;
  readonly #block: number;
  readonly #references = new Map<string, Reference>();

  constructor(hash: HashFactory, key: Uint8Array) {
    this.#base = (hmac as unknown as { create(h: HashFactory, k: Uint8Array): HmacState }).create(hash, key);
    this.#work = this.#base._cloneInto() as HmacState;
    this.#block = hash.blockLen;
  }

  /**
   * Digest of `message` into `out`, resuming from the reference (`near`, `near2`) it shares most whole
   * blocks with; remembered under `remember` for later messages. `words` views the message's buffer.
   */
  digest(message: Uint8Array, words: Uint32Array, out: Uint8Array, near: string, near2: string | undefined, near3: string | undefined, remember: string | undefined): void {
    const block = this.#block;
    let best: Reference | undefined;
    let bestBlocks = 0;
    for (const id of [near, near2, near3]) {
      const reference = id === undefined ? undefined : this.#references.get(id);
      if (!reference) continue;
      const blocks = sharedBlocks(reference.words, words, message.length, block, reference.states.length - 1);
      if (blocks > bestBlocks) {
        best = reference;
        bestBlocks = blocks;
      }
    }
    const work = this.#base._cloneInto(this.#work) as HmacState;
    if (best) best.states[bestBlocks]!._cloneInto(work.iHash);
    if (remember !== undefined && this.#references.size < MAX_REFERENCES && !this.#references.has(remember)) {
      // Walk the message block by block, keeping each state: later hypotheses resume from them.
      const states: State[] = bestBlocks ? best!.states.slice(0, bestBlocks + 1) : [work.iHash._cloneInto()];
      let at = bestBlocks * block;
      for (; at + block <= message.length; at += block) {
        work.iHash.update(message.subarray(at, at + block));
        states.push(work.iHash._cloneInto());
      }
      work.update(message.subarray(at));
      work.digestInto(out);
      const copy = new Uint32Array(Math.ceil(message.length / 4));
      new Uint8Array(copy.buffer).set(message);
      this.#references.set(remember, { words: copy, states });
      return;
    }
    work.update(message.subarray(bestBlocks * block));
    work.digestInto(out);
  }
}

/** How many whole blocks a reference and a message (`length` bytes) share from their start (at most `max`). */
function sharedBlocks(a: Uint32Array, b: Uint32Array, length: number, block: number, max: number): number {
  // Only whole blocks count, and the last partial word of either is padding: compare whole words only.
  const limit = Math.min(a.length, Math.floor(length / 4), (max * block) / 4);
  let i = 0;
  while (i < limit && a[i] === b[i]) i++;
  return Math.floor((i * 4) / block);
}

const textEncoder = new TextEncoder();

/**
 * Digests for the search: HMAC states per (key, hash function) prepared once, plain hashes, and the
 * constructions integrations get wrong. One instance per search.
 */
export class FastDigester {
  readonly #keyed = new Map<string, KeyedHmac>();
  #buffer = new Uint8Array(4096);
  #words = new Uint32Array(this.#buffer.buffer);
  readonly #outputs = new Map<HashName, Uint8Array>();

  /** The UTF-8 (or other charset) bytes of `text`, in a buffer reused by the next call. */
  encode(text: string, charset: Charset): Uint8Array {
    if (charset !== 'utf-8') {
      const bytes = encodeText(text, charset);
      this.#fit(bytes.length);
      this.#buffer.set(bytes);
      return this.#buffer.subarray(0, bytes.length);
    }
    this.#fit(text.length * 3);
    const { written } = textEncoder.encodeInto(text, this.#buffer);
    return this.#buffer.subarray(0, written);
  }

  #fit(length: number): void {
    if (this.#buffer.length >= length + 4) return;
    this.#buffer = new Uint8Array((Math.ceil(length / 4) + 16) * 4);
    this.#words = new Uint32Array(this.#buffer.buffer);
  }

  /**
   * The digest of one hypothesis, in a buffer reused by the next call with the same hash function.
   * `keyId` names the key bytes (same id ⇒ same bytes); `near` are ids of earlier messages this one may
   * start like (for HMAC only), and `remember` keeps this one for later messages.
   */
  digest(construction: Construction, hash: HashName, keyId: string, key: Uint8Array, message: Uint8Array, near = '', near2?: string, near3?: string, remember?: string): Uint8Array {
    const factory = HASHES[hash];
    let out = this.#outputs.get(hash);
    if (!out) this.#outputs.set(hash, (out = new Uint8Array(factory.outputLen)));
    switch (construction) {
      case 'hmac': {
        const id = hash + '\0' + keyId;
        let keyed = this.#keyed.get(id);
        if (!keyed) this.#keyed.set(id, (keyed = new KeyedHmac(factory, key)));
        // The message is the last encode()'s bytes: its buffer's words are what the references compare with.
        const words = message.buffer === this.#buffer.buffer ? this.#words : new Uint32Array(message.slice(0, Math.ceil(message.length / 4) * 4).buffer);
        keyed.digest(message, words, out, near, near2, near3, remember);
        return out;
      }
      case 'hmac-swapped':
        // The message is the key: nothing to prepare ahead.
        (hmac as unknown as { create(h: HashFactory, k: Uint8Array): HmacState }).create(factory, message).update(key).digestInto(out);
        return out;
      case 'plain':
        factory.create().update(message).digestInto(out);
        return out;
      case 'plain-message-key':
        factory.create().update(message).update(key).digestInto(out);
        return out;
      case 'plain-key-message':
        factory.create().update(key).update(message).digestInto(out);
        return out;
    }
  }
}
