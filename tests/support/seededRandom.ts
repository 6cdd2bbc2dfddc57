// Deterministic bytes (mulberry32) so RSA padding, and so merchant_auth, is reproducible in golden vectors.
import type { RandomBytes } from '../../src/core/signing/rsa.ts';

export function seededRandom(seed: number): RandomBytes {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return (length) => Uint8Array.from({ length }, next);
}

/** A seeded source for fuzz tests: whole numbers, picks, and text drawn from an alphabet of awkward characters. */
export class SeededRng {
  readonly bytes: RandomBytes;
  constructor(
    seed: number,
    readonly alphabet: readonly string[],
  ) {
    this.bytes = seededRandom(seed);
  }
  int(n: number): number {
    const [a, b, c] = this.bytes(3);
    return ((a! << 16) | (b! << 8) | c!) % n;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  text(max: number): string {
    return Array.from({ length: this.int(max + 1) }, () => this.pick(this.alphabet)).join('');
  }
}
