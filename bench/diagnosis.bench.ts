// npm run bench:diagnosis — what saying why costs a refused request. The emulator as `payway mock` runs it
// (node:crypto's HMAC) answers refused requests one at a time: each with its diagnosis (the header waits
// at most 5 ms for the doctor, the default) beside the same emulator with the diagnosis switched off, in
// the same run. Also printed: how long the whole diagnosis took (the doctor's search included, which may
// finish after the answer and update the log entry). Figures only; nothing passes or fails on time.
import { createHmac } from 'node:crypto';
import { DEMO_MERCHANT } from '../src/core/demoMerchant.ts';
import { createEmulator, type Emulator } from '../src/emulator/index.ts';
import { nodeHmac } from '../src/node/nodeHmac.ts';
import { ms, stats } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const KEY = DEMO_MERCHANT.apiKey;
const P = '/api/payment-gateway/v1/payments';
const T = '20250213065545';
const sign = (text: string, key: string = KEY, encoding: 'base64' | 'hex' = 'base64') => createHmac('sha512', key).update(text).digest(encoding);
const check = (hash: string, more: Record<string, string> = {}) => JSON.stringify({ req_time: T, merchant_id: 'ec000002', tran_id: 'DEMO-PAID-0001', ...more, hash });
const purchase = (key: string) => {
  const f = { req_time: T, merchant_id: 'ec000002', tran_id: 'B1', amount: '10.00', firstname: 'Sokha', lastname: 'Chan', email: 'sokha@example.com', phone: '012345678', currency: 'USD' };
  return JSON.stringify({ ...f, hash: sign(`${T}ec000002B110.00SokhaChansokha@example.com012345678USD`, key) });
};

const CASES: [string, string, string][] = [
  ['check: fields sorted by name (doctor)', `${P}/check-transaction-2`, check(sign(`ec000002${T}DEMO-PAID-0001`))],
  ['check: hex digest (quick)', `${P}/check-transaction-2`, check(sign(`${T}ec000002DEMO-PAID-0001`, KEY, 'hex'))],
  ['check: key with a newline (quick)', `${P}/check-transaction-2`, check(sign(`${T}ec000002DEMO-PAID-0001`, KEY + '\n'))],
  ['check: unknown key (doctor, exhaustive)', `${P}/check-transaction-2`, check(sign(`${T}ec000002DEMO-PAID-0001`, 'unknown-key'))],
  ['purchase: unknown key (doctor, budget)', `${P}/purchase`, purchase('unknown-key')],
  ['check: missing field', `${P}/check-transaction-2`, check('x', { req_time: '' })],
  ['unknown path', '/api/merchant-portal/merchant-access/payment-link/details', '{}'],
];

async function answerTimes(emulator: Emulator, path: string, body: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const start = performance.now();
    const response = await emulator.fetch(new Request('http://bench' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    await response.arrayBuffer();
    if (i >= 3) samples.push(performance.now() - start);
    // One refusal at a time: the next starts when the previous diagnosis is done.
    await emulator.idle();
  }
  return samples;
}

const withDiagnosis = createEmulator({ hmac: nodeHmac, runtime: 'bench', rateLimits: false });
const bare = createEmulator({ hmac: nodeHmac, runtime: 'bench', rateLimits: false, diagnosis: { diagnose: false } });

console.log(`Refused requests, ${RUNS} each, one at a time (machine shared: figures are indicative)\n`);
console.log(`${'case'.padEnd(42)} ${'answer, diagnosed'.padStart(18)} ${'answer, bare'.padStart(14)} ${'diagnosis done'.padStart(16)} ${'p95'.padStart(12)}`);
for (const [name, path, body] of CASES) {
  const bareTimes = stats(await answerTimes(bare, path, body));
  const before = withDiagnosis.requests.list({ limit: 1 }).entries[0]?.id ?? 0;
  const diagnosed = stats(await answerTimes(withDiagnosis, path, body));
  const done = stats(withDiagnosis.requests.list({ since: before, limit: 1000 }).entries.slice(0, RUNS).map((e) => e.diagnosisMs ?? e.ms));
  const line = withDiagnosis.requests.list({ limit: 1 }).entries[0]?.diagnosis ?? '';
  console.log(`${name.padEnd(42)} ${ms(diagnosed.median).padStart(18)} ${ms(bareTimes.median).padStart(14)} ${ms(done.median).padStart(16)} ${ms(done.p95).padStart(12)}`);
  console.log(`  ${line.slice(0, 150)}`);
}
