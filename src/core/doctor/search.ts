// The search: no mistake, then every single mistake, then pairs, each tier in order of how common the
// mistakes are, until one hypothesis reproduces their string or their hash. Digests are computed in
// batches (one Promise.all per batch) with cached CryptoKeys; identical hypotheses are hashed once.
import type { HashName } from './digest.ts';
import { Digester, encodeText } from './digest.ts';
import { cloneDraft, renderDraft, type Draft } from './draft.ts';
import type { KeyCandidate } from './keyMistakes.ts';
import type { Mistake } from './mistake.ts';
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
  batchSize?: number;
}

export interface Reproduction {
  /** The explanation chosen: the most common mistakes among those that give the same result. */
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

/** The hypothesis budget keeps any diagnosis under a second in Chromium (see bench/doctor.browser.ts). */
export const DEFAULT_SEARCH: Required<Omit<SearchOptions, 'maxMs'>> = { maxHypotheses: 40_000, maxPairs: 60_000, maxMistakes: 2, batchSize: 256 };

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

const conflicts = (a: Mistake, b: Mistake) => a.slots.some((s) => b.slots.includes(s));

/** Pairs of compatible mistakes, the most likely first; `truncated` when `max` left some out. */
function pairsOf(singles: readonly Mistake[], max: number): { pairs: Mistake[][]; truncated: boolean } {
  const pairs: { a: Mistake; b: Mistake; w: number }[] = [];
  for (let i = 0; i < singles.length; i++) {
    for (let j = i + 1; j < singles.length; j++) {
      const a = singles[i]!;
      const b = singles[j]!;
      if (!conflicts(a, b)) pairs.push({ a, b, w: a.weight * b.weight });
    }
  }
  pairs.sort((x, y) => y.w - x.w);
  return { pairs: pairs.slice(0, max).map((p) => [p.a, p.b]), truncated: pairs.length > max };
}

function build(base: Draft, combo: readonly Mistake[]): Draft | undefined {
  const draft = cloneDraft(base);
  const ordered = combo.length > 1 ? [...combo].sort((a, b) => a.phase - b.phase) : combo;
  for (const mistake of ordered) if (!mistake.apply(draft)) return undefined;
  return draft;
}

const sameBytes = (digest: Uint8Array, reading: HashReading) => {
  const want = reading.bytes;
  if (reading.truncated ? digest.length <= want.length : digest.length !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (digest[i] !== want[i]) return false;
  return true;
};

interface Pending {
  combo: Mistake[];
  draft: Draft;
  message: string;
  hash?: HashName;
  id: string;
}

const weightOf = (combo: readonly Mistake[]) => combo.reduce((w, m) => w * m.weight, 1);

export async function search(space: SearchSpace, target: Target, options: SearchOptions = {}): Promise<SearchResult> {
  const opts = { ...DEFAULT_SEARCH, ...options };
  const started = performance.now();
  const digester = new Digester();
  const stringMode = target.kind === 'string';
  const singles = space.mistakes
    .filter((m) => !stringMode || m.affects === 'message')
    .sort((a, b) => b.weight - a.weight);
  const hashes: HashName[] = target.kind === 'hash' ? [...new Set(target.readings.flatMap((r) => r.hashes))] : [];
  if (target.kind === 'hash' && !hashes.length) return { hypothesesTried: 0, exhaustive: true, elapsedMs: performance.now() - started };
  const seen = new Set<string>();
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

  // A hypothesis is identified by what is hashed: the message (by its 53-bit hash), the key (unless a plain
  // hash leaves it unused), the construction, the charset and the hash function.
  const CONSTRUCTIONS = ['hmac', 'hmac-swapped', 'plain', 'plain-message-key', 'plain-key-message'];
  const idOf = (draft: Draft, messageId: number, hashIndex: number): string => {
    if (stringMode) return String(messageId);
    const keyIndex = draft.construction === 'plain' ? -1 : draft.keyIndex;
    const tag = ((keyIndex + 1) * 8 + CONSTRUCTIONS.indexOf(draft.construction)) * 4 + (draft.charset === 'utf-8' ? 0 : draft.charset === 'utf-16le' ? 1 : 2);
    return `${messageId}:${tag * 8 + hashIndex}`;
  };

  async function evaluate(batch: Pending[]): Promise<{ pending: Pending; reading?: HashReading } | undefined> {
    if (target.kind === 'string') {
      const hit = batch.find((p) => p.message === target.text);
      return hit && { pending: hit };
    }
    const digests = await Promise.all(
      batch.map((p) => {
        const key = space.keys[p.draft.keyIndex]!;
        return digester.digest(p.draft.construction, p.hash!, key.id, key.bytes, encodeText(p.message, p.draft.charset));
      }),
    );
    for (let i = 0; i < batch.length; i++) {
      const reading = target.readings.find((r) => r.hashes.includes(batch[i]!.hash!) && sameBytes(digests[i]!, r));
      if (reading) return { pending: batch[i]!, reading };
    }
    return undefined;
  }

  for (let tier = 0; tier < tiers.length; tier++) {
    const combos = tiers[tier]!();
    let batch: Pending[] = [];
    const aliases = new Map<string, Mistake[][]>();
    let hit: { pending: Pending; reading?: HashReading } | undefined;
    let index = 0;
    let stopped = false;

    for (; index < combos.length && !hit; index++) {
      const combo = combos[index]!;
      const draft = build(space.base, combo);
      if (!draft) continue;
      const message = renderDraft(draft);
      const messageId = hashString(message, 0);
      for (let h = 0; h < (stringMode ? 1 : hashes.length); h++) {
        const hash = hashes[h];
        const id = idOf(draft, messageId, h);
        if (seen.has(id)) {
          aliases.get(id)?.push(combo);
          continue;
        }
        seen.add(id);
        aliases.set(id, []);
        batch.push({ combo, draft, message, hash, id });
      }
      if (batch.length >= opts.batchSize || index === combos.length - 1) {
        tried += batch.length;
        hit = await evaluate(batch);
        batch = [];
        if (!hit) aliases.clear();
        if (!hit && (tried >= opts.maxHypotheses || (options.maxMs !== undefined && performance.now() - started > options.maxMs))) {
          stopped = true;
          break;
        }
      }
    }
    if (!hit && batch.length) {
      tried += batch.length;
      hit = await evaluate(batch);
    }
    if (hit) {
      // Everything else in this tier that yields the same hypothesis explains it equally well.
      const alternatives = [...(aliases.get(hit.pending.id) ?? [])];
      for (let rest = index, scanned = 0; rest < combos.length && scanned < 20_000; rest++, scanned++) {
        const combo = combos[rest]!;
        const draft = build(space.base, combo);
        if (!draft) continue;
        const message = renderDraft(draft);
        if (message === hit.pending.message && idOf(draft, hashString(message, 0), stringMode ? 0 : hashes.indexOf(hit.pending.hash!)) === hit.pending.id) alternatives.push(combo);
      }
      const all = [hit.pending.combo, ...alternatives].sort((a, b) => weightOf(b) - weightOf(a));
      const byPhase = (combo: Mistake[]) => [...combo].sort((a, b) => a.phase - b.phase);
      return {
        reproduction: {
          mistakes: byPhase(all[0]!),
          alternatives: all.slice(1).map(byPhase),
          draft: build(space.base, all[0]!) ?? hit.pending.draft,
          message: hit.pending.message,
          hash: hit.pending.hash,
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
