// npm run bench:doctor:browser — the doctor's speed in Chromium: the same workload as bench/doctor.bench.ts,
// beside bare loops of WebCrypto and @noble/hashes HMAC-SHA512s. Target: worst case ≤ 250 ms and within
// 3× of the fastest bare loop.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { buildCorpus } from '../tests/doctor/buildCorpus.ts';
import { openBenchPage } from './browserPage.ts';
import { formatWorkload, type WorkloadResult } from './doctorWorkload.ts';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const workload = JSON.stringify(resolve(import.meta.dirname, 'doctorWorkload.ts'));
const { page, version, close } = await openBenchPage('doctor', `import { runWorkload } from ${workload};\n(globalThis as any).runWorkload = runWorkload;\n`, 'runWorkload');
try {
  const result = await page.evaluate(
    ([cases, n]) => (globalThis as unknown as { runWorkload: (...a: unknown[]) => Promise<WorkloadResult> }).runWorkload(cases, n),
    [buildCorpus(), runs] as const,
  );
  console.log(formatWorkload(`Doctor in Chromium ${version} (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`, result, 250));
} finally {
  await close();
}
