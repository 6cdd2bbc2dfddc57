// The search: no mistake, then every single mistake, then the plausible pairs, each tier in order of how
// common the mistakes are, until one hypothesis reproduces their string or their hash. Digests are
// synchronous (fastDigest.ts: key states prepared once, shared message starts hashed once); identical
// hypotheses are hashed once; the hypothesis reported is recomputed with WebCrypto before it is believed.
import type { HashName } from './digest.ts';
import { Digester, encodeText } from './digest.ts';
import { cloneDraft, renderDraft, type Draft } from './draft.ts';
import { FastDigester, type HashEngine } from './fastDigest.ts';
import type { KeyCandidate } from './keyMistakes.ts';
import { moreSpecific, type Mistake } from './mistake.ts';
import type { HashReading } from './readTheirHash.ts';

export interface SearchSpace {
  /** The hypothesis "no mistake": the recipe over the values as sent. */
  base: Draft;
  /** Every single mistake; pairs are formed from these. */
  mistakes: Mistake[];
  keys: KeyCandidate[];
}

export type Target = { kind: 'string'; text: string } | { kind: 'hash'; readings: readonly HashReading[] };

export interface SearchOptions {
  /** Stop after this many hypotheses (distinct strings compared or digests computed). */
  maxHypotheses?: number;
  /** Stop after this many milliseconds (the UI's budget); no limit by default, so results are reproducible. */
  maxMs?: number;
  /** At most this many pairs are formed, the most likely first. */
  maxPairs?: number;
  /** Up to 2 (pairs). */
  maxMistakes?: 0 | 1 | 2;
  /** How often (in hypotheses) the time budget is looked at. */
  batchSize?: number;
  /** The incremental hash the search uses (default @noble/hashes); in-process callers only (not cloneable). */
  engine?: HashEngine;
  /**
   * Awaited every `batchSize` hypotheses: a server running the search beside its requests (the emulator)
   * passes a macrotask here so the search never holds the event loop for long. In-process only.
   */
  pause?: () => Promise<void>;
}

export interface Reproduction {
  /** The explanation chosen: the most specific, then the most common, of those that give the same result. */
  mistakes: Mistake[];
  /** Other combinations of the same size that give exactly the same message. */
  alternatives: Mistake[][];
  draft: Draft;
  message: string;
  /** Hash mode: the hash function and the reading of their hash that matched. */
  hash?: HashName;
  reading?: HashReading;
  tier: number;
}

export interface SearchResult {
  reproduction?: Reproduction;
  hypothesesTried: number;
  /** True when every hypothesis up to maxMistakes was tried (nothing left out by a budget). */
  exhaustive: boolean;
  elapsedMs: number;
}

/**
 * Two mistakes are paired when each is plausible on its own: the product of their weights (how often
 * each is seen) is at least this. Below it sit pairs of two rare mistakes (a field moved four places
 * and a stray space in another), which nobody has reported and which would triple the search.
 */
export const MIN_PAIR_WEIGHT = 900;

/** The budget keeps any diagnosis well under a second in Chromium (see bench/doctor.browser.ts). */
export const DEFAULT_SEARCH: Required<Omit<SearchOptions, 'maxMs' | 'engine' | 'pause'>> = { maxHypotheses: 60_000, maxPairs: 60_000, maxMistakes: 2, batchSize: 256 };

/** 53-bit string hash (cyrb53): remembers which hypotheses were already hashed without keeping them. */
function hashString(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const excluded = (excludes: readonly string[] | undefined, slots: readonly string[]) =>
  !!excludes?.some((x) => (x.endsWith(':') ? slots.some((s) => s.startsWith(x) && s !== 'edit:order') : slots.includes(x)));
const conflicts = (a: Mistake, b: Mistake) => a.slots.some((s) => b.slots.includes(s)) || excluded(a.excludes, b.slots) || excluded(b.excludes, a.slots);
/** A mistake that replaces the whole message (a JSON body hashed) leaves nothing for another message edit. */
const replacesMessage = (a: Mistake, b: Mistake) => a.affects === 'message' && b.affects === 'message' && (a.slots.includes('whole') || b.slots.includes('whole'));

/** Plausible pairs of compatible mistakes, the most likely first; `truncated` when `max` left some out. */
function pairsOf(singles: readonly Mistake[], max: number): { pairs: Mistake[][]; truncated: boolean } {
  const pairs: { a: Mistake; b: Mistake; w: number }[] = [];
  for (let i = 0; i < singles.length; i++) {
    const a = singles[i]!;
    for (let j = i + 1; j < singles.length; j++) {
      const b = singles[j]!;
      const w = a.weight * b.weight;
      // Singles are sorted by weight: once the product falls below the floor it only falls further.
      if (w < MIN_PAIR_WEIGHT) break;
      if (!conflicts(a, b) && !replacesMessage(a, b)) pairs.push({ a, b, w });
    }
  }
  pairs.sort((x, y) => y.w - x.w);
  // In the order they apply, so build() need not sort them.
  return { pairs: pairs.slice(0, max).map((p) => (p.a.phase <= p.b.phase ? [p.a, p.b] : [p.b, p.a])), truncated: pairs.length > max };
}

/** The draft of a combination; pairs come in phase order (pairsOf), anything else is sorted here. */
function build(base: Draft, combo: readonly Mistake[]): Draft | undefined {
  const draft = cloneDraft(base);
  const ordered = combo.length > 2 || (combo.length === 2 && combo[0]!.phase > combo[1]!.phase) ? [...combo].sort((a, b) => a.phase - b.phase) : combo;
  for (const mistake of ordered) if (!mistake.apply(draft)) return undefined;
  return draft;
}

const sameBytes = (digest: Uint8Array, reading: HashReading) => {
  const want = reading.bytes;
  if (reading.truncated ? digest.length <= want.length : digest.length !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (digest[i] !== want[i]) return false;
  return true;
};

const weightOf = (combo: readonly Mistake[]) => combo.reduce((w, m) => w * m.weight, 1);

/** The explanation to lead with: the most specific combination, then the most common. */
export function rankCombos(combos: readonly Mistake[][]): Mistake[][] {
  return [...combos].sort((a, b) => moreSpecific(a, b) || weightOf(b) - weightOf(a));
}

// A hypothesis is identified by what is hashed: the message (by its 53-bit hash), the key (unless a plain
// hash leaves it unused), the construction, the charset and the hash function. Most hypotheses use the
// key as given, HMAC, UTF-8 and the first hash function: their id is the message's number alone.
const CONSTRUCTIONS = ['hmac', 'hmac-swapped', 'plain', 'plain-message-key', 'plain-key-message'];
function hypothesisId(draft: Draft, messageId: number, hashIndex: number, stringMode: boolean): number | string {
  if (stringMode) return messageId;
  const keyIndex = draft.construction === 'plain' ? -1 : draft.keyIndex;
  const tag = ((keyIndex + 1) * 8 + CONSTRUCTIONS.indexOf(draft.construction)) * 4 + (draft.charset === 'utf-8' ? 0 : draft.charset === 'utf-16le' ? 1 : 2);
  const id = tag * 8 + hashIndex;
  return id === 256 ? messageId : `${messageId}:${id}`;
}

interface Hit {
  combo: Mistake[];
  draft: Draft;
  message: string;
  hash?: HashName;
  reading?: HashReading;
  id: number | string;
  index: number;
}

export async function search(space: SearchSpace, target: Target, options: SearchOptions = {}): Promise<SearchResult> {
  const opts = { ...DEFAULT_SEARCH, ...options };
  const started = performance.now();
  const stringMode = target.kind === 'string';
  const singles = space.mistakes.filter((m) => !stringMode || m.affects === 'message').sort((a, b) => b.weight - a.weight);
  const hashes: HashName[] = target.kind === 'hash' ? [...new Set(target.readings.flatMap((r) => r.hashes))] : [];
  if (target.kind === 'hash' && !hashes.length) return { hypothesesTried: 0, exhaustive: true, elapsedMs: performance.now() - started };
  const digester = new FastDigester(options.engine);
  const seen = new Set<number | string>();
  let tried = 0;
  let exhaustive = true;

  const tiers: (() => Mistake[][])[] = [() => [[]]];
  if (opts.maxMistakes >= 1) tiers.push(() => singles.map((m) => [m]));
  if (opts.maxMistakes >= 2) {
    tiers.push(() => {
      const { pairs, truncated } = pairsOf(singles, opts.maxPairs);
      if (truncated) exhaustive = false;
      return pairs;
    });
  }

  /** Does this hypothesis give their result? Counts it, and hashes it once whatever the tier. */
  const test = (combo: Mistake[], draft: Draft, message: string, index: number): Hit | undefined => {
    const messageId = hashString(message, 0);
    if (target.kind === 'string') {
      const id = hypothesisId(draft, messageId, 0, true);
      if (seen.has(id)) return undefined;
      seen.add(id);
      tried++;
      return message === target.text ? { combo, draft, message, id, index } : undefined;
    }
    let bytes: Uint8Array | undefined;
    for (let h = 0; h < hashes.length; h++) {
      const id = hypothesisId(draft, messageId, h, false);
      if (seen.has(id)) continue;
      seen.add(id);
      tried++;
      bytes ??= digester.encode(message, draft.charset);
      const key = space.keys[draft.keyIndex]!;
      // Shared message starts: the base message, and in the pair tier each member's own message.
      const digest = digester.digest(draft.construction, hashes[h]!, key.id, key.bytes, bytes, '', combo[0]?.ref, combo[1]?.ref, combo.length === 0 ? '' : undefined);
      const reading = target.readings.find((r) => r.hashes.includes(hashes[h]!) && sameBytes(digest, r));
      if (reading) return { combo, draft, message, hash: hashes[h], reading, id, index };
    }
    return undefined;
  };

  /** Before the first pair with `m`: hash m's own message again, keeping its block states for the pairs. */
  const remembered = new Set<string>();
  const remember = (m: Mistake) => {
    if (remembered.has(m.ref)) return;
    remembered.add(m.ref);
    const draft = build(space.base, [m]);
    if (!draft || draft.construction !== 'hmac') return;
    const bytes = digester.encode(renderDraft(draft), draft.charset);
    const key = space.keys[draft.keyIndex]!;
    for (const hash of hashes) digester.digest('hmac', hash, key.id, key.bytes, bytes, '', undefined, undefined, m.ref);
  };

  for (let tier = 0; tier < tiers.length; tier++) {
    const combos = tiers[tier]!();
    let hit: Hit | undefined;
    let stopped = false;
    for (let index = 0; index < combos.length && !hit; index++) {
      const combo = combos[index]!;
      const draft = build(space.base, combo);
      if (!draft) continue;
      if (combo.length === 2 && target.kind === 'hash') for (const m of combo) remember(m);
      hit = test(combo, draft, renderDraft(draft), index);
      if (!hit && (tried >= opts.maxHypotheses || (options.maxMs !== undefined && index % opts.batchSize === 0 && performance.now() - started > options.maxMs))) {
        stopped = true;
        break;
      }
      if (!hit && options.pause && index % opts.batchSize === opts.batchSize - 1) await options.pause();
    }
    if (hit) {
      // WebCrypto re-checks the hit while the rest of the tier is scanned for equal explanations.
      const confirmation = confirmed(space, hit);
      // Everything else in this tier that yields the same hypothesis explains it equally well.
      const same: Mistake[][] = [];
      const hashIndex = stringMode ? 0 : hashes.indexOf(hit.hash!);
      for (let rest = 0; rest < combos.length && rest < hit.index + 20_000; rest++) {
        if (rest === hit.index) continue;
        const combo = combos[rest]!;
        const draft = build(space.base, combo);
        if (!draft) continue;
        const message = renderDraft(draft);
        if (message === hit.message && hypothesisId(draft, hashString(message, 0), hashIndex, stringMode) === hit.id) same.push(combo);
      }
      const byPhase = (combo: Mistake[]) => [...combo].sort((a, b) => a.phase - b.phase);
      const all = rankCombos([hit.combo, ...same]);
      if (!(await confirmation)) continue;
      return {
        reproduction: {
          mistakes: byPhase(all[0]!),
          alternatives: all.slice(1).map(byPhase),
          draft: build(space.base, all[0]!) ?? hit.draft,
          message: hit.message,
          hash: hit.hash,
          reading: hit.reading,
          tier,
        },
        hypothesesTried: tried,
        exhaustive,
        elapsedMs: performance.now() - started,
      };
    }
    if (stopped) {
      exhaustive = false;
      break;
    }
  }
  return { hypothesesTried: tried, exhaustive, elapsedMs: performance.now() - started };
}

/** The hit, recomputed with WebCrypto (and the doctor's own MD5): only what both agree on is reported. */
async function confirmed(space: SearchSpace, hit: Hit): Promise<boolean> {
  if (!hit.hash || !hit.reading) return true;
  const key = space.keys[hit.draft.keyIndex]!;
  const digest = await new Digester().digest(hit.draft.construction, hit.hash, key.id, key.bytes, encodeText(hit.message, hit.draft.charset));
  return sameBytes(digest, hit.reading);
}
