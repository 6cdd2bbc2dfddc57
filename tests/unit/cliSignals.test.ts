// `payway mock` as a real child process stops promptly on SIGTERM and SIGINT (issue #14, item 15),
// even with a pushback in flight to a backend that never answers (the pushback timeout is 10 s).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEndpoint } from '../../src/core/catalog/index.ts';
import { buildRequest, exampleInputs } from '../../src/core/signing/buildRequest.ts';
import { formatReqTime } from '../../src/core/signing/reqTime.ts';
import { demoCredentials } from './emulator/support.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'payway.js');

function startMock(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'mock', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening at (http:\/\/[^/\s]+)/.exec(out)?.[1];
      if (url) done({ child, url });
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`payway mock exited with ${code}: ${out}`)));
  });
}

/** Sends `signal` and resolves with the exit code and how long the process took to go. */
function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
  const start = performance.now();
  return new Promise((done) => {
    child.once('exit', (code) => done({ code, ms: performance.now() - start }));
    child.kill(signal);
  });
}

let silent: Server;
let silentUrl: string;
let pushbackArrived: () => void;
const arrived = new Promise<void>((done) => (pushbackArrived = done));
beforeAll(async () => {
  // A backend that takes the pushback and never answers.
  silent = createServer(() => pushbackArrived());
  await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
  silentUrl = `http://localhost:${(silent.address() as AddressInfo).port}/callback`;
});
afterAll(() => {
  silent.closeAllConnections();
  silent.close();
});

describe('payway mock stops on a signal', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s with an idle keep-alive connection: exit code 0, well within a second or two', async (signal) => {
    const { child, url } = await startMock();
    const answer = await fetch(url + '/_emulator/info'); // leaves a keep-alive connection open
    expect(answer.ok).toBe(true);
    const { code, ms } = await stop(child, signal);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(2500);
  }, 30_000);

  it('SIGTERM with a pushback in flight to a backend that never answers: gone long before the pushback timeout', async () => {
    const { child, url } = await startMock();
    const endpoint = getEndpoint('purchase');
    const trace = await buildRequest(endpoint, { ...exampleInputs(endpoint), req_time: formatReqTime(new Date()), tran_id: 'SIG1001', return_url: silentUrl }, demoCredentials);
    await fetch(url + endpoint.path, { method: 'POST', headers: { 'content-type': trace.body.contentTypeHeader }, body: trace.body.text });
    const { sessions } = (await (await fetch(url + '/_emulator/sessions')).json()) as { sessions: { id: string; ref: string }[] };
    // The checkout page waits a while for the pushback's answer: it is not awaited here.
    fetch(`${url}/_emulator/pay/${sessions.find((s) => s.ref === 'SIG1001')!.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=approve&option=cards',
    }).catch(() => {});
    await arrived;
    const { code, ms } = await stop(child, 'SIGTERM');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(6000);
  }, 30_000);
});
