// npm run bench:emulator — the Node emulator (as `payway mock` runs it, with node:crypto's HMAC) against a
// bare node:http server, loaded in the same run from a second process by autocannon. The request is
// check-transaction for the demo transaction, so every request is parsed, validated and has its
// HMAC-SHA512 checked. The two servers take turns over several rounds (the order alternates), so a busy
// machine slows both alike; the verdict uses the median round. CPU time per request is reported too:
// it depends far less on what else the machine is doing than requests per second.
// The emulator is served exactly as `payway mock --no-rate-limits` serves it (PayWay itself allows 600
// check-transaction requests a second, which the emulator enforces by default): PayWay calls read and
// answered from plain parts without a Request and Response (emulatorRoute, emulator.answerPlain), the calls
// of one event-loop turn answered together at its end, and node:crypto's HMAC.
// Targets (printed, not enforced): ≥ 10,000 requests/s, and at least 60% of the bare server's throughput.
// The emulator is the compiled bundle (lib/emulator.js, rebuilt first when stale), as the package ships it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { getEndpoint } from '../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../src/core/demoMerchant.ts';
import { buildRequest, exampleInputs } from '../src/core/signing/buildRequest.ts';
import { formatReqTime } from '../src/core/signing/reqTime.ts';
import { pathToFileURL } from 'node:url';
import { ensureFreshNodeBundle, LIB } from '../scripts/buildNode.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARM_UP = 2;

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function load(url: string, body: string, durationSeconds: number): Promise<LoadResult> {
  const script = fileURLToPath(new URL('./loadGenerator.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify({ url, body, durationSeconds, connections: CONNECTIONS })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((done, fail) =>
    child.once('exit', (code) => (code === 0 ? done(JSON.parse(out) as LoadResult) : fail(new Error(`the load generator exited with ${code}`)))),
  );
}

const endpoint = getEndpoint('check-transaction');
const trace = await buildRequest(endpoint, { ...exampleInputs(endpoint), req_time: formatReqTime(new Date()) }, { apiKey: DEMO_MERCHANT.apiKey });

// The compiled bundle the package ships (lib/), as `payway mock --no-rate-limits` serves it.
await ensureFreshNodeBundle();
const { createEmulator } = (await import(pathToFileURL(`${LIB}/emulator.js`).href)) as typeof import('../src/package/emulator.ts');
const emulator = createEmulator({ rateLimits: false });
const { url: emulatorOrigin } = await emulator.listen({ port: 0 });
const probe = await fetch(emulatorOrigin + endpoint.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: trace.body.text });
const fixedBody = await probe.text();
if (!probe.ok || !fixedBody.includes('"code":"00"')) throw new Error(`the emulator did not accept the benchmark request: ${fixedBody}`);

// The bare server answers the emulator's own answer, byte for byte, without looking at the request.
const bare = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(fixedBody) }).end(fixedBody));
});
await new Promise<void>((done) => bare.listen(0, '127.0.0.1', done));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${endpoint.path}`;
const emulatorUrl = emulatorOrigin + endpoint.path;

console.log(`Emulator benchmark, Node ${process.version}: check-transaction with hash verification, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s each\n`);
await load(bareUrl, trace.body.text, WARM_UP);
await load(emulatorUrl, trace.body.text, WARM_UP);

interface Measured extends LoadResult {
  /** CPU time of this process (where both servers run) per answered request, in µs. */
  cpuPerRequest: number;
}

/** One load run, with the CPU time the server spent on it (only the server under load is busy). */
async function measure(url: string): Promise<Measured> {
  const before = process.cpuUsage();
  const result = await load(url, trace.body.text, DURATION);
  const cpu = process.cpuUsage(before);
  return { ...result, cpuPerRequest: (cpu.user + cpu.system) / Math.max(1, result.total) };
}

const SERVERS = { 'bare node:http': bareUrl, emulator: emulatorUrl } as const;
const rounds: Record<keyof typeof SERVERS, Measured>[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const order = (round % 2 ? ['emulator', 'bare node:http'] : ['bare node:http', 'emulator']) as (keyof typeof SERVERS)[];
  const results = {} as Record<keyof typeof SERVERS, Measured>;
  for (const name of order) results[name] = await measure(SERVERS[name]);
  rounds.push(results);
}

const rows = rounds.flatMap((results, round) =>
  Object.entries(results).map(([name, r]) => ({
    round: round + 1,
    server: name,
    'requests/s': Math.round(r.requestsPerSecond),
    'CPU µs/request': Number(r.cpuPerRequest.toFixed(1)),
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    requests: r.total,
    'non-2xx': r.non2xx,
    errors: r.errors + r.timeouts,
  })),
);
console.table(rows);
const ratios = rounds.map((r) => r.emulator.requestsPerSecond / r['bare node:http'].requestsPerSecond);
const median = <T>(values: T[], by: (v: T) => number): T => [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;
const ratio = median(ratios, (r) => r);
const emulatorRate = median(rounds, (r) => r.emulator.requestsPerSecond).emulator.requestsPerSecond;
const cpuShare = (r: (typeof rounds)[number]) => r['bare node:http'].cpuPerRequest / r.emulator.cpuPerRequest;
const cpuRatio = cpuShare(median(rounds, cpuShare));
console.log(`\nEmulator / bare throughput per round: ${ratios.map((r) => `${(r * 100).toFixed(1)}%`).join(', ')}; median ${(ratio * 100).toFixed(1)}%`);
console.log(`Bare / emulator CPU time per request (median round): ${(cpuRatio * 100).toFixed(1)}%`);
console.log('Targets: at least 10,000 requests/s, and at least 60% of the bare server (DESIGN.md). The machine is shared: indicative figures.');
console.log(`Emulator (median ${Math.round(emulatorRate)} requests/s) ${emulatorRate >= 10_000 ? 'meets' : 'misses'} the 10,000 requests/s target and ${ratio >= 0.6 ? 'meets' : 'misses'} the 60% target.`);

await emulator.close();
bare.close();
