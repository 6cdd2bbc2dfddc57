// The documented request caps (reference §1.9), counted per merchant and endpoint in fixed windows of
// the injected clock.
import type { RateLimit } from '../core/catalog/types.ts';

const WINDOW_MS = { second: 1000, minute: 60_000 } as const;

export class RateLimiter {
  #windows = new Map<string, { start: number; count: number }>();

  /** Counts one request; false when it is over the limit for the current window. */
  allow(key: string, limit: RateLimit, now: number): boolean {
    const length = WINDOW_MS[limit.per];
    const start = now - (now % length);
    const current = this.#windows.get(key);
    if (!current || current.start !== start) {
      this.#windows.set(key, { start, count: 1 });
      return true;
    }
    current.count++;
    return current.count <= limit.requests;
  }

  clear(): void {
    this.#windows.clear();
  }
}
