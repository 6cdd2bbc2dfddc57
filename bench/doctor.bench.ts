// npm run bench:doctor — the doctor's speed in Node: time to a diagnosis, the worst case beside bare
// loops doing as many HMAC-SHA512s (node:crypto, WebCrypto, @noble/hashes), and the corpus median.
// Targets (printed, not enforced): worst case ≤ 150 ms; a matching case ≤ 3 ms (median over the corpus).
// The ratio to the bare loops is printed for reading; the "within 3×" bar is Chromium's (no native HMAC there).
import { createHmac } from 'node:crypto';
import { loadavg } from 'node:os';
import { buildCorpus } from '../tests/doctor/buildCorpus.ts';
import { formatWorkload, runWorkload } from './doctorWorkload.ts';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const native = { name: 'node:crypto createHmac', hmac: (key: Uint8Array, message: Uint8Array) => createHmac('sha512', key).update(message).digest() };
const result = await runWorkload(buildCorpus(), runs, native);
console.log(formatWorkload(`Doctor in Node ${process.version} (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`, result, 150, false));
