// npm run bench:doctor:browser — the doctor's speed in Chromium: the same workload as bench/doctor.bench.ts.
import { resolve } from 'node:path';
import { buildCorpus } from '../tests/doctor/buildCorpus.ts';
import { openBenchPage } from './browserPage.ts';
import { formatWorkload, type WorkloadResult } from './doctorWorkload.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const workload = JSON.stringify(resolve(import.meta.dirname, 'doctorWorkload.ts'));
const { page, version, close } = await openBenchPage('doctor', `import { runWorkload } from ${workload};\n(globalThis as any).runWorkload = runWorkload;\n`, 'runWorkload');
try {
  const result = await page.evaluate(
    ([cases, n]) => (globalThis as unknown as { runWorkload: (...a: unknown[]) => Promise<WorkloadResult> }).runWorkload(cases, n),
    [buildCorpus(), runs] as const,
  );
  console.log(formatWorkload(`Doctor in Chromium ${version}`, result));
  console.log('\nTargets: at least 5,000 hypotheses/s; any diagnosis within 1 s.');
} finally {
  await close();
}
