// npm run bench:doctor — the doctor's speed in Node, with the search on node:crypto (as payway doctor runs
// it) and on @noble/hashes (as the page's worker does): time to a diagnosis, the worst case beside bare
// loops doing as many HMAC-SHA512s (node:crypto, WebCrypto, @noble/hashes), and the corpus median.
// Targets (printed, not enforced): worst case ≤ 150 ms; a matching case ≤ 3 ms (median over the corpus).
// The ratio to the bare loops is printed for reading; the "within 3×" bar is Chromium's (no native HMAC there).
import { createHmac } from 'node:crypto';
import { loadavg } from 'node:os';
import { buildCorpus } from '../tests/doctor/buildCorpus.ts';
import { nodeHashEngine } from '../src/node/nodeHashEngine.ts';
import { formatWorkload, runWorkload } from './doctorWorkload.ts';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const native = { name: 'node:crypto createHmac', hmac: (key: Uint8Array, message: Uint8Array) => createHmac('sha512', key).update(message).digest() };
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
// As payway doctor runs it: the search on node:crypto's hashes.
const cli = await runWorkload(buildCorpus(), runs, native, nodeHashEngine);
console.log(formatWorkload(`Doctor in Node ${process.version}, search on node:crypto, as payway doctor runs it (${load()})`, cli, 150, false));
// As the page's worker runs it, for comparison: the search on @noble/hashes.
const portable = await runWorkload(buildCorpus(), runs, native);
console.log('\n' + formatWorkload(`Doctor in Node ${process.version}, search on @noble/hashes, as in the page's worker (${load()})`, portable, 150, false));
