// npm run bench:run — what `payway run` costs. Figures are printed, never enforced.
//   1. `payway run examples --target mock`, process start to last result, beside `node -e 0` and
//      `payway --help` started the same way in the same run.
//   2. A 100-step collection run in-process, beside the emulator's own time for the same requests:
//      the same signed bodies sent straight to emulator.fetch, no runner around them.
// Target: the runner adds under 1 s over the emulator's own time for 100 steps.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCollection, type FetchLike } from '../src/core/collections/runCollection.ts';
import type { Collection, Step } from '../src/core/collections/schema.ts';
import { createEmulator } from '../src/emulator/index.ts';
import { nodeHmac } from '../src/node/nodeHmac.ts';
import { ms, printTable, stats } from './stats.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);

/** Milliseconds from spawn to the moment the last line arrives (for payway run: the summary line). */
function timed(args: string[]): Promise<{ toLastLine: number; toExit: number; code: number | null }> {
  return new Promise((done, fail) => {
    const start = performance.now();
    let last = start;
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', () => (last = performance.now()));
    child.on('error', fail);
    child.on('close', (code) => done({ toLastLine: (last === start ? performance.now() : last) - start, toExit: performance.now() - start, code }));
  });
}

async function sample(args: string[], key: 'toLastLine' | 'toExit'): Promise<number[]> {
  const out: number[] = [];
  await timed(args); // warm the file cache
  for (let i = 0; i < runs; i++) {
    const r = await timed(args);
    if (r.code !== 0 && args.includes('run')) throw new Error(`payway ${args.join(' ')} exited ${r.code}`);
    out.push(r[key]);
  }
  return out;
}

console.log(`payway run — Node ${process.version}, ${runs} runs each. The machine may be shared: figures are indicative.`);
const nodeBare = stats(await sample(['-e', '0'], 'toExit'));
const help = stats(await sample(['bin/payway.js', '--help'], 'toExit'));
const examples = stats(await sample(['bin/payway.js', 'run', 'examples', '--target', 'mock'], 'toLastLine'));
printTable('Process start to last result', [
  ['node -e 0 (baseline)', nodeBare],
  ['payway --help (CLI start)', help],
  ['payway run examples --target mock (to the summary line)', examples],
]);

// ---- 100 steps, runner vs the emulator alone -------------------------------------------------------
const STEPS = 100;
const checks: Step[] = Array.from({ length: STEPS }, (_, i) => ({
  kind: 'request',
  file: `load/${String(i + 1).padStart(3, '0')}-check.json`,
  name: `check ${i + 1}`,
  endpoint: 'check-transaction',
  inputs: { req_time: '{{$now}}', merchant_id: '{{merchant_id}}', tran_id: 'DEMO-PAID-0001' },
  capture: { status: '$.data.payment_status' },
  expect: [
    { subject: 'code', expected: '00' },
    { subject: '$.data.payment_status', expected: 'APPROVED' },
  ],
}));
const collection: Collection = { version: 1, name: 'load', variables: { merchant_id: 'ec000002' }, environments: [], flows: [{ name: 'load', steps: checks }] };

const runnerSamples: number[] = [];
const insideSamples: number[] = [];
const bareSamples: number[] = [];
for (let r = 0; r < runs + 1; r++) {
  const emulator = createEmulator({ hmac: nodeHmac, runtime: 'bench', rateLimits: false });
  let inside = 0;
  const bodies: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (input, init) => {
    const start = performance.now();
    const response = await emulator.fetch(new Request(input, init));
    const text = await response.text();
    inside += performance.now() - start;
    bodies.push({ url: input, init: { method: 'POST', headers: init?.headers ?? {}, body: init?.body ?? null } });
    return new Response(text, { status: response.status, headers: response.headers });
  };
  const start = performance.now();
  const result = await runCollection(collection, { fetch, target: { baseUrl: 'http://payway-emulator.localhost', name: 'mock', emulator: true } });
  const total = performance.now() - start;
  if (!result.ok) throw new Error(`the 100-step collection failed: ${JSON.stringify(result.counts)}`);
  // The emulator's own time: the same signed requests again, straight to emulator.fetch.
  const bareStart = performance.now();
  for (const { url, init } of bodies) await (await emulator.fetch(new Request(url, init))).text();
  const bare = performance.now() - bareStart;
  if (r === 0) continue; // warm-up
  runnerSamples.push(total);
  insideSamples.push(inside);
  bareSamples.push(bare);
}
const runner = stats(runnerSamples);
const inside = stats(insideSamples);
const bare = stats(bareSamples);
printTable(`${STEPS} check-transaction steps, in-process emulator`, [
  ['runCollection, whole run', runner],
  ['  of which inside emulator.fetch', inside],
  [`the same ${STEPS} signed requests straight to emulator.fetch (bare)`, bare],
]);
console.log(`\nRunner's own cost for ${STEPS} steps (whole run − time inside the emulator, medians): ${ms(runner.median - inside.median)}; target under 1000 ms.`);
console.log(`Whole run over the bare emulator time (medians): ${ms(runner.median - bare.median)}.`);
