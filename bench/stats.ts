// Shared helpers for benchmarks: they print figures and never pass or fail on time.

export interface Stats {
  median: number;
  p95: number;
  mean: number;
  runs: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, runs: sorted.length };
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, returning per-run milliseconds. */
export async function measure(fn: () => unknown, runs: number, warmup = Math.ceil(runs / 10)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export const ms = (value: number) => `${value < 0.1 ? value.toFixed(4) : value.toFixed(3)} ms`;

export function printTable(title: string, rows: readonly (readonly [string, Stats])[]): void {
  console.log(`\n${title}`);
  console.log(`  ${'case'.padEnd(52)} ${'median'.padStart(12)} ${'p95'.padStart(12)} ${'runs'.padStart(7)}`);
  for (const [name, s] of rows) console.log(`  ${name.padEnd(52)} ${ms(s.median).padStart(12)} ${ms(s.p95).padStart(12)} ${String(s.runs).padStart(7)}`);
}
