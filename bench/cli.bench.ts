// npm run bench:cli — how fast the `payway` command starts, beside bare Node in the same run:
//   `payway --help`, process start to exit, against `node -e 0`;
//   `payway mock`, spawn to its first answered check-transaction, against a bare node:http server
//   spawned the same way and answering its first request.
// Runs alternate between the command and its baseline, so a busy machine slows both alike. Targets
// (DESIGN.md; printed, not enforced): --help ≤ 150 ms and within 2× of `node -e 0`; mock ≤ 250 ms.
// bin/payway.js in a checkout first checks that lib/ is up to date (a stat of its sources); an installed
// package skips that, so the figures here are an upper bound.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { getEndpoint } from '../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../src/core/demoMerchant.ts';
import { buildRequest, exampleInputs } from '../src/core/signing/buildRequest.ts';
import { formatReqTime } from '../src/core/signing/reqTime.ts';
import { printTable, stats, type Stats } from './stats.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'payway.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

function timeExit(args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - start;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.status}: ${run.stderr}`);
  return elapsed;
}

const endpoint = getEndpoint('check-transaction');
const trace = await buildRequest(endpoint, { ...exampleInputs(endpoint), req_time: formatReqTime(new Date()) }, { apiKey: DEMO_MERCHANT.apiKey });

const BARE_SERVER = `
const server = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => res.end('{"status":{"code":"00"}}')); });
server.listen(0, '127.0.0.1', () => console.log('listening at http://127.0.0.1:' + server.address().port));
`;

/** Spawn to the first answer of a POST to `path`, for a server that prints "listening at <url>". */
function timeFirstAnswer(args: string[], path: string): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((done, fail) => {
    child.stdout.on('data', async (chunk: Buffer) => {
      const before = out;
      out += chunk.toString();
      const url = /listening at (http:\/\/[^/\s]+)/.exec(out)?.[1];
      if (!url || /listening at (http:\/\/[^/\s]+)/.test(before)) return;
      try {
        const answer = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: trace.body.text });
        const body = await answer.text();
        const elapsed = performance.now() - start;
        if (!body.includes('"code":"00"')) throw new Error(`unexpected answer: ${body}`);
        child.once('exit', () => done(elapsed));
        child.kill('SIGTERM');
      } catch (error) {
        child.kill('SIGKILL');
        fail(error as Error);
      }
    });
    child.once('error', fail);
  });
}

// Build lib/ first if it is stale, so no run measures a build.
timeExit([BIN, '--help']);

const help: number[] = [];
const bare: number[] = [];
for (let i = 0; i < RUNS + 2; i++) {
  const pair = i % 2 ? [() => bare.push(timeExit(['-e', '0'])), () => help.push(timeExit([BIN, '--help']))] : [() => help.push(timeExit([BIN, '--help'])), () => bare.push(timeExit(['-e', '0']))];
  for (const run of pair) run();
}
help.splice(0, 2);
bare.splice(0, 2);

const mock: number[] = [];
const bareServer: number[] = [];
for (let i = 0; i < Math.ceil(RUNS / 2) + 1; i++) {
  mock.push(await timeFirstAnswer([BIN, 'mock', '--port', '0'], endpoint.path));
  bareServer.push(await timeFirstAnswer(['-e', BARE_SERVER], endpoint.path));
}
mock.shift();
bareServer.shift();

const rows: [string, Stats][] = [
  ['node -e 0 (baseline)', stats(bare)],
  ['payway --help', stats(help)],
  ['bare node:http server: spawn to first answer (baseline)', stats(bareServer)],
  ['payway mock: spawn to first check-transaction answer', stats(mock)],
];
console.log(`CLI start-up, Node ${process.version}, ${RUNS} runs each, alternating with the baseline (shared machine: indicative figures)`);
printTable('Process start to exit / to first answer', rows);
const helpRatio = stats(help).median / stats(bare).median;
const mockRatio = stats(mock).median / stats(bareServer).median;
console.log(`\npayway --help: median ${stats(help).median.toFixed(1)} ms, ${helpRatio.toFixed(2)}× node -e 0 (${stats(bare).median.toFixed(1)} ms). Target ≤ 150 ms and ≤ 2×: ${stats(help).median <= 150 && helpRatio <= 2 ? 'met' : 'missed'}.`);
console.log(`payway mock: median ${stats(mock).median.toFixed(1)} ms to the first answer, ${mockRatio.toFixed(2)}× a bare node:http server (${stats(bareServer).median.toFixed(1)} ms). Target ≤ 250 ms: ${stats(mock).median <= 250 ? 'met' : 'missed'}.`);
