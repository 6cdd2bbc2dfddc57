// The search's digests, synchronous. HMAC is built from an incremental hash: each key's inner and outer
// states (key ⊕ ipad, key ⊕ opad) are computed once, and the inner state after every whole block of a few
// reference messages is kept, so a hypothesis that only changes the end of the string hashes only its
// last blocks. The hash is @noble/hashes by default (the same in the browser, a worker and Node); a
// runner may bring its own engine (the CLI brings node:crypto). WebCrypto (digest.ts) stays the
// reference: the search cross-checks the hypothesis it reports with it.
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { Charset, Construction, HashName } from './digest.ts';
import { DIGEST_LENGTH, encodeText } from './digest.ts';

/** An incremental hash: what the search needs of one. */
export interface HashState {
  update(data: Uint8Array): HashState;
  /** Writes the digest into `out`; the state is spent. */
  digestInto(out: Uint8Array): void;
  /** A copy to go on from (into `into`, when the engine can reuse it). */
  copy(into?: HashState): HashState;
}

/** Makes a fresh hash state for a hash function. */
export type HashEngine = (hash: HashName) => HashState;

/** Block length of each hash function, in bytes. */
export const BLOCK_LENGTH: Record<HashName, number> = { 'SHA-512': 128, 'SHA-384': 128, 'SHA-256': 64, 'SHA-1': 64, MD5: 64 };

/** noble's hash objects: clone into an existing object to allocate nothing per hypothesis. */
interface NobleState {
  update(data: Uint8Array): NobleState;
  digestInto(out: Uint8Array): void;
  _cloneInto(to?: NobleState): NobleState;
}
const NOBLE: Record<HashName, { create(): NobleState }> = {
  'SHA-512': sha512 as unknown as { create(): NobleState },
  'SHA-384': sha384 as unknown as { create(): NobleState },
  'SHA-256': sha256 as unknown as { create(): NobleState },
  'SHA-1': sha1 as unknown as { create(): NobleState },
  MD5: md5 as unknown as { create(): NobleState },
};
class NobleHash implements HashState {
  constructor(readonly inner: NobleState) {}
  update(data: Uint8Array): HashState {
    this.inner.update(data);
    return this;
  }
  digestInto(out: Uint8Array): void {
    this.inner.digestInto(out);
  }
  copy(into?: HashState): HashState {
    if (into instanceof NobleHash) {
      this.inner._cloneInto(into.inner);
      return into;
    }
    return new NobleHash(this.inner._cloneInto());
  }
}

/** @noble/hashes: audited, dependency-free, the same everywhere. */
export const nobleEngine: HashEngine = (hash) => new NobleHash(NOBLE[hash].create());

/** A message already hashed with some key: its bytes, and the inner state after each whole block. */
interface Reference {
  /** The message's bytes, zero-padded to whole 32-bit words, read as words (compared four bytes at a time). */
  words: Uint32Array;
  /** states[i]: the inner hash after i whole blocks of the message (states[0] is after the key block). */
  states: HashState[];
}

const MAX_REFERENCES = 4096;

/** HMAC(key, ·) with one hash function, resuming from the longest block prefix it has seen. */
class KeyedHmac {
  readonly #inner: HashState;
  readonly #outer: HashState;
  readonly #block: number;
  readonly #innerDigest: Uint8Array;
  readonly #references = new Map<string, Reference>();
  #workInner: HashState | undefined;
  #workOuter: HashState | undefined;

  constructor(engine: HashEngine, hash: HashName, key: Uint8Array) {
    const block = BLOCK_LENGTH[hash];
    this.#block = block;
    this.#innerDigest = new Uint8Array(DIGEST_LENGTH[hash]);
    // RFC 2104: a key longer than a block is hashed first; then zero-padded to a block.
    let k = key;
    if (k.length > block) {
      const shortened = new Uint8Array(DIGEST_LENGTH[hash]);
      engine(hash).update(k).digestInto(shortened);
      k = shortened;
    }
    const pad = new Uint8Array(block);
    pad.set(k);
    const ipad = pad.map((b) => b ^ 0x36);
    const opad = pad.map((b) => b ^ 0x5c);
    this.#inner = engine(hash).update(ipad);
    this.#outer = engine(hash).update(opad);
  }

  /**
   * Digest of `message` into `out`, resuming from the reference (`near`, `near2`, `near3`) it shares most
   * whole blocks with; remembered under `remember` for later messages. `words` views the message's buffer.
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
    const start = best ? best.states[bestBlocks]! : this.#inner;
    let inner = (this.#workInner = start.copy(this.#workInner));
    let at = bestBlocks * block;
    if (remember !== undefined && this.#references.size < MAX_REFERENCES && !this.#references.has(remember)) {
      // Walk the message block by block, keeping each state: later hypotheses resume from them.
      const states: HashState[] = best ? best.states.slice(0, bestBlocks + 1) : [this.#inner.copy()];
      for (; at + block <= message.length; at += block) {
        inner.update(message.subarray(at, at + block));
        states.push(inner.copy());
      }
      const copy = new Uint32Array(Math.ceil(message.length / 4));
      new Uint8Array(copy.buffer).set(message);
      this.#references.set(remember, { words: copy, states });
    }
    inner = inner.update(message.subarray(at));
    inner.digestInto(this.#innerDigest);
    const outer = (this.#workOuter = this.#outer.copy(this.#workOuter));
    outer.update(this.#innerDigest).digestInto(out);
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
  readonly #engine: HashEngine;
  readonly #keyed = new Map<string, KeyedHmac>();
  #buffer = new Uint8Array(4096);
  #words = new Uint32Array(this.#buffer.buffer);
  readonly #outputs = new Map<HashName, Uint8Array>();

  constructor(engine: HashEngine = nobleEngine) {
    this.#engine = engine;
  }

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
   * `keyId` names the key bytes (same id ⇒ same bytes); `near*` are ids of earlier messages this one may
   * start like (for HMAC only), and `remember` keeps this one for later messages.
   */
  digest(construction: Construction, hash: HashName, keyId: string, key: Uint8Array, message: Uint8Array, near = '', near2?: string, near3?: string, remember?: string): Uint8Array {
    let out = this.#outputs.get(hash);
    if (!out) this.#outputs.set(hash, (out = new Uint8Array(DIGEST_LENGTH[hash])));
    switch (construction) {
      case 'hmac': {
        const id = hash + '\0' + keyId;
        let keyed = this.#keyed.get(id);
        if (!keyed) this.#keyed.set(id, (keyed = new KeyedHmac(this.#engine, hash, key)));
        // The message is the last encode()'s bytes: its buffer's words are what the references compare with.
        const words = message.buffer === this.#buffer.buffer ? this.#words : new Uint32Array(message.slice(0, Math.ceil(message.length / 4) * 4).buffer);
        keyed.digest(message, words, out, near, near2, near3, remember);
        return out;
      }
      case 'hmac-swapped':
        // The message is the key: nothing to prepare ahead.
        new KeyedHmac(this.#engine, hash, message).digest(key, new Uint32Array(0), out, '', undefined, undefined, undefined);
        return out;
      case 'plain':
        this.#engine(hash).update(message).digestInto(out);
        return out;
      case 'plain-message-key':
        this.#engine(hash).update(message).update(key).digestInto(out);
        return out;
      case 'plain-key-message':
        this.#engine(hash).update(key).update(message).digestInto(out);
        return out;
    }
  }
}
