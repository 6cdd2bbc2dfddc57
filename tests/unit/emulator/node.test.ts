// The emulator behind node:http (through @hono/node-server's adapter): `payway mock`, the /mock/ route
// of `payway start`, real pushbacks over the network, and --state surviving a restart.
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEndpoint } from '../../../src/core/catalog/index.ts';
import { PUSHBACK_SIGNATURE_HEADER, verifyPushback } from '../../../src/core/callbacks/pushbackSignature.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { buildRequest, exampleInputs } from '../../../src/core/signing/buildRequest.ts';
import { formatReqTime } from '../../../src/core/signing/reqTime.ts';
import { createEmulator } from '../../../src/emulator/index.ts';
import { main } from '../../../src/node/cli.ts';
import { answerAfterReads, fetchRoute, startEmulatorServer, type EmulatorServer } from '../../../src/node/emulatorRoutes.ts';
import { startStaticServer } from '../../../src/node/staticServer.ts';
import { nodeHmac } from '../../../src/node/nodeHmac.ts';
import type { PlainRequest } from '../../../src/emulator/requestBody.ts';
import type { PlainAnswer } from '../../../src/emulator/respond.ts';
import { connect } from 'node:net';
import { startRecordingServer, type RecordingServer } from './recordingServer.ts';
import { demoCredentials } from './support.ts';

let receiver: RecordingServer;
let callbackUrl: string;
let dir: string;

beforeAll(async () => {
  receiver = await startRecordingServer((_seen, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('OK'));
  callbackUrl = receiver.origin + '/callback';
  dir = await mkdtemp(join(tmpdir(), 'payway-mock-'));
});

afterAll(async () => {
  receiver.close();
  await rm(dir, { recursive: true, force: true });
});

async function signed(endpointId: string, inputs: Record<string, string> = {}) {
  const endpoint = getEndpoint(endpointId);
  const now = formatReqTime(new Date());
  return buildRequest(endpoint, { ...exampleInputs(endpoint), req_time: now, request_time: now, ...inputs }, demoCredentials);
}

async function post(base: string, endpointId: string, inputs: Record<string, string> = {}) {
  const trace = await signed(endpointId, inputs);
  return fetch(base + getEndpoint(endpointId).path, { method: 'POST', headers: { 'content-type': trace.body.contentTypeHeader }, body: trace.body.text });
}

describe('payway mock (startEmulatorServer)', () => {
  let server: EmulatorServer;
  const stateFile = () => join(dir, 'mock-state.db');

  beforeAll(async () => {
    server = await startEmulatorServer({ port: 0, stateFile: stateFile() });
  });
  afterAll(async () => server.close());

  it('binds 127.0.0.1 and answers PayWay paths at its root: multipart forms, JSON, pages', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await post(server.url, 'purchase', { tran_id: 'NODE1', return_url: callbackUrl });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    const action = new URL(/<form method="post" action="([^"]+)"/.exec(html)![1]!, server.url + getEndpoint('purchase').path);
    expect(action.pathname).toMatch(/^\/_emulator\/pay\/\w+$/);
    const paid = await fetch(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=approve&option=cards' });
    expect(await paid.text()).toContain('answered HTTP 200');

    // The pushback crossed the network, signed with the demo API key.
    const pushback = receiver.seen.at(-1)!;
    const body = JSON.parse(pushback.body) as Record<string, unknown>;
    expect(body).toMatchObject({ tran_id: 'NODE1', status: '0' });
    const signature = String(pushback.headers[PUSHBACK_SIGNATURE_HEADER.toLowerCase()]);
    expect((await verifyPushback(body, signature, DEMO_MERCHANT.apiKey)).valid).toBe(true);

    const checked = (await (await post(server.url, 'check-transaction', { tran_id: 'NODE1' })).json()) as { data: { payment_status: string } };
    expect(checked.data.payment_status).toBe('APPROVED');
  });

  it('answers a burst of concurrent requests, each with its own answer (answers are held to the end of the loop turn)', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 'NODE1' : `MISSING${i}`));
    const answers = await Promise.all(ids.map(async (tran_id) => (await (await post(server.url, 'check-transaction', { tran_id })).json()) as { status: { code: unknown; tran_id: string } }));
    answers.forEach((answer, i) => {
      expect(answer.status.tran_id).toBe(ids[i]);
      expect(String(answer.status.code), ids[i]).toBe(ids[i] === 'NODE1' ? '00' : getEndpoint('check-transaction').outcomes.notFound!.code);
    });
  });

  it('keeps its state in the --state file across a restart', async () => {
    await server.close();
    server = await startEmulatorServer({ port: 0, stateFile: stateFile() });
    const checked = (await (await post(server.url, 'check-transaction', { tran_id: 'NODE1' })).json()) as { data: { payment_status: string } };
    expect(checked.data.payment_status).toBe('APPROVED');
  });
});

describe('the /mock/ route of payway start', () => {
  it('sends /mock/ to the emulator and everything else to the static files', async () => {
    const emulator = createEmulator({ basePath: '/mock', runtime: 'node' });
    const root = await mkdtemp(join(dir, 'dist-'));
    await (await import('node:fs/promises')).writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
    const server = await startStaticServer({ root, port: 0, routes: [fetchRoute('/mock', (r) => emulator.fetch(r))] });
    try {
      const info = (await (await fetch(server.url + '/mock/_emulator/info')).json()) as { runtime: string; basePath: string };
      expect(info).toMatchObject({ runtime: 'node', basePath: '/mock' });
      expect((await post(server.url + '/mock', 'exchange-rate')).status).toBe(200);
      expect(await (await fetch(server.url + '/mockingbird')).text()).toContain('<title>app</title>');
    } finally {
      await server.close();
    }
  });
});

describe('answerAfterReads', () => {
  it("passes the handler's answer through, after the callbacks already queued for this loop turn", async () => {
    const order: string[] = [];
    const answer = new Response('ok');
    const held = answerAfterReads(async () => answer)(new Request('http://127.0.0.1/'));
    setImmediate(() => order.push('queued before the answer was ready'));
    void held.then(() => order.push('answer'));
    expect(await held).toBe(answer);
    expect(order).toEqual(['queued before the answer was ready', 'answer']);
  });

  it('releases every answer ready in one loop turn together, each with its own response, and later ones in a later turn', async () => {
    const hold = answerAfterReads(async (request) => new Response(new URL(request.url).pathname));
    const first = await Promise.all(['/a', '/b', '/c'].map((path) => hold(new Request(`http://127.0.0.1${path}`))));
    expect(await Promise.all(first.map((r) => r.text()))).toEqual(['/a', '/b', '/c']);
    expect(await (await hold(new Request('http://127.0.0.1/d'))).text()).toBe('/d');
  });

  it('passes a failure through', async () => {
    await expect(answerAfterReads(() => Promise.reject(new Error('broken')))(new Request('http://127.0.0.1/'))).rejects.toThrow('broken');
  });
});

describe('the mock command', () => {
  it('is in the command table, with its options in the usage', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    expect(await main(['mock', '--help'], io)).toBe(0);
    expect(out.join('\n')).toContain('payway mock [--port N] [--host H] [--allow-host NAME]... [--state payway.db]');
    expect(await main(['mock', '--port', 'eighty'], io)).toBe(2);
    expect(out.at(-1)).toContain('--port "eighty" is not a port number');
  });
});

/** JSON calls sent pipelined in one write on one connection; resolves with each answer's body, in order. */
function pipelined(url: string, calls: readonly [path: string, body: string][]): Promise<string[]> {
  const { hostname, port } = new URL(url);
  const wire = calls.map(([path, body]) => `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`).join('');
  return new Promise((done, fail) => {
    let received = Buffer.alloc(0);
    const socket = connect(Number(port), hostname, () => socket.write(wire));
    socket.on('error', fail);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const bodies: string[] = [];
      let at = 0;
      for (;;) {
        const headEnd = received.indexOf('\r\n\r\n', at);
        if (headEnd < 0) break;
        const length = Number(/content-length: (\d+)/i.exec(received.subarray(at, headEnd).toString('latin1'))?.[1] ?? NaN);
        if (headEnd + 4 + length > received.length) break;
        bodies.push(received.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8'));
        at = headEnd + 4 + length;
      }
      if (bodies.length === calls.length) {
        socket.destroy();
        done(bodies);
      }
    });
  });
}

describe('PayWay calls answered from plain parts (the Node fast path)', () => {
  // The same call, once through the fast path and once through the adapter (an upper-case Host is not
  // "plain", so it goes the Request/Response way): the answers must be the same but for the Date.
  function rawCall(url: string, path: string, headers: Record<string, string>, body: string) {
    const { hostname, port } = new URL(url);
    return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((done, fail) => {
      const req = httpRequest({ host: hostname, port, method: 'POST', path, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const { date: _date, ...rest } = res.headers;
          done({ status: res.statusCode ?? 0, headers: rest, body: text });
        });
      });
      req.on('error', fail);
      req.end(body);
    });
  }

  it('answers every kind of call, refused ones with their diagnosis, exactly as the adapter does', async () => {
    const server = await startEmulatorServer({ port: 0, maxBodyBytes: 2048 });
    try {
      const { port } = new URL(server.url);
      const check = await signed('check-transaction');
      const { path: checkPath } = getEndpoint('check-transaction');
      const wrong = check.body.text.replace(/"hash":"[^"]+"/, '"hash":"AAAA"');
      const form = new URLSearchParams(JSON.parse(check.body.text) as Record<string, string>).toString();
      const calls: [string, Record<string, string>, string][] = [
        [checkPath, { 'content-type': 'application/json' }, check.body.text],
        [checkPath, { 'content-type': 'application/json' }, wrong],
        [checkPath, { 'content-type': 'application/x-www-form-urlencoded' }, form],
        [checkPath, { 'content-type': 'application/json' }, '{"tran_id":'],
        [checkPath, { 'content-type': 'application/json' }, '\ufeff' + check.body.text],
        [checkPath, { 'content-type': 'application/json' }, JSON.stringify({ pad: 'x'.repeat(4096) })],
        [checkPath + '?debug=1', { 'content-type': 'application/json' }, check.body.text],
        ['/api/payment-gateway/v1/payments/no-such-call', { 'content-type': 'application/json' }, '{}'],
      ];
      for (const [path, headers, body] of calls) {
        const fast = await rawCall(server.url, path, { ...headers, host: `127.0.0.1:${port}` }, body);
        const adapter = await rawCall(server.url, path, { ...headers, host: `LOCALHOST:${port}` }, body);
        expect(fast, `${path} ${body.slice(0, 40)}`).toEqual(adapter);
      }
      // The list above covers an accepted call, a wrong hash (with the doctor's line), a too-large body and an unknown path.
      const statuses = await Promise.all(calls.map(([path, headers, body]) => rawCall(server.url, path, { ...headers, host: `127.0.0.1:${port}` }, body)));
      expect(statuses.map((a) => a.status)).toEqual(expect.arrayContaining([200, 413, 404]));
      expect(statuses[1]!.headers['x-payway-emulator-diagnosis']).toMatch(/wrong hash/);
    } finally {
      await server.close();
    }
  });

  it('answers a burst that mixes calls which change the state (saved before they are answered) with calls which do not, each with its own answer', async () => {
    const server = await startEmulatorServer({ port: 0, stateFile: join(dir, 'burst.db') });
    try {
      const ids = Array.from({ length: 10 }, (_, i) => `BURST${i}`);
      for (const tran_id of ids) expect((await post(server.url, 'purchase', { tran_id, return_url: callbackUrl })).status).toBe(200);
      const burst = ids.flatMap((tran_id) => [
        ['close-transaction', tran_id],
        ['check-transaction', tran_id],
        ['check-transaction', `MISSING-${tran_id}`],
      ]);
      // Pipelined on one connection, written at once: node:http reads them all in one loop turn, so
      // they are answered as one batch.
      const traces = await Promise.all(burst.map(([endpointId, tran_id]) => signed(endpointId!, { tran_id: tran_id! })));
      const answers = (await pipelined(server.url, traces.map((trace, i) => [getEndpoint(burst[i]![0]!).path, trace.body.text]))).map((text) => JSON.parse(text) as { status: { code: unknown; tran_id?: string } });
      answers.forEach((answer, i) => {
        const [endpointId, tran_id] = burst[i]!;
        const expected = tran_id!.startsWith('MISSING') ? getEndpoint('check-transaction').outcomes.notFound!.code : getEndpoint(endpointId!).outcomes.success.code;
        expect(String(answer.status.code), `${endpointId} ${tran_id}`).toBe(String(expected));
        if (endpointId === 'check-transaction') expect(answer.status.tran_id).toBe(tran_id);
      });
      const state = await server.emulator.state();
      for (const tran_id of ids) expect(Object.values(state.transactions).find((tx) => tx.tranId === tran_id)?.closed, tran_id).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('survives a call whose client goes away half-way through its body, and answers the next one', async () => {
    const server = await startEmulatorServer({ port: 0 });
    try {
      const { hostname, port } = new URL(server.url);
      const { path } = getEndpoint('check-transaction');
      await new Promise<void>((done, fail) => {
        const socket = connect(Number(port), hostname, () => {
          socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"tran_id":"17`);
          setTimeout(() => {
            socket.destroy();
            done();
          }, 50);
        });
        socket.on('error', fail);
      });
      await new Promise((done) => setTimeout(done, 50));
      const answer = (await (await post(server.url, 'check-transaction')).json()) as { status: { code: string } };
      expect(answer.status.code).toBe('00');
    } finally {
      await server.close();
    }
  });
});

describe('answerPlain', () => {
  const plain = (path: string, body: string): PlainRequest => {
    const bytes = new TextEncoder().encode(body);
    return { method: 'POST', origin: 'http://127.0.0.1:1', pathname: path, contentType: 'application/json', bytes: () => bytes, text: () => body };
  };

  it('answers at once when nothing has to wait (body read, node:crypto HMAC, no change), later when the state is saved first', async () => {
    const emulator = createEmulator({ hmac: nodeHmac });
    await emulator.state();
    const check = await signed('check-transaction');
    const now = emulator.answerPlain(plain(getEndpoint('check-transaction').path, check.body.text));
    expect(now).not.toBeInstanceOf(Promise);
    expect((now as PlainAnswer).body).toContain('"code":"00"');

    const close = await signed('close-transaction');
    const later = emulator.answerPlain(plain(getEndpoint('close-transaction').path, close.body.text));
    expect(later).toBeInstanceOf(Promise);
    expect((await later)!.body).toContain('"code":"00"');
    await emulator.close();
  });

  it('gives a promise with the same answer when the HMAC is WebCrypto, and answers a handler that throws with 500, not a throw', async () => {
    const emulator = createEmulator({ hmac: nodeHmac });
    await emulator.state();
    const check = await signed('check-transaction');
    const viaWebCrypto = createEmulator();
    await viaWebCrypto.state();
    const later = viaWebCrypto.answerPlain(plain(getEndpoint('check-transaction').path, check.body.text));
    expect(later).toBeInstanceOf(Promise);
    const [a, b] = [emulator.answerPlain(plain(getEndpoint('check-transaction').path, check.body.text)) as Awaited<typeof later>, await later];
    expect(JSON.parse(b!.body).status).toEqual(JSON.parse(a!.body).status);

    const broken = { ...plain(getEndpoint('check-transaction').path, check.body.text), text: () => { throw new Error('the body went missing'); } };
    const answer = emulator.answerPlain(broken) as PlainAnswer;
    expect(answer).not.toBeInstanceOf(Promise);
    expect(answer.status).toBe(500);
    expect(answer.body).toContain('the body went missing');
    // Even a thrown value that String() cannot print (no prototype) is an answer, not a throw.
    const unprintable = { ...plain(getEndpoint('check-transaction').path, check.body.text), text: () => { throw Object.create(null) as unknown; } };
    const odd = emulator.answerPlain(unprintable) as PlainAnswer;
    expect(odd.status).toBe(500);
    expect(odd.body).toContain('unprintable');
    await emulator.close();
    await viaWebCrypto.close();
  });
});
