// npm run bench:doctor — the doctor's speed in Node: hypotheses per second and time to a diagnosis.
// Targets (printed, not enforced): ≥ 5,000 hypotheses/s, any diagnosis within 1 s.
import { buildCorpus } from '../tests/doctor/buildCorpus.ts';
import { formatWorkload, runWorkload } from './doctorWorkload.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const result = await runWorkload(buildCorpus(), runs);
console.log(formatWorkload(`Doctor in Node ${process.version}`, result));
console.log('\nTargets: at least 5,000 hypotheses/s; any diagnosis within 1 s.');
