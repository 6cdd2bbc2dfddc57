// What a security review of `payway start` / `payway mock` asked for (issue #14, items 2–6): only the
// Host names the server was bound for (DNS rebinding), admin changes only from the server's own origin,
// headers (CSP with frame-ancestors, nosniff, no-referrer, a sandbox for proxied PayWay pages), no
// symlink out of the static root, one reading of the path for every route, and pushbacks kept off
// private addresses with --no-private-callbacks. Requests are sent raw with node:http, because fetch()
// sets Host and Origin itself and folds `..` before sending.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEndpoint } from '../../src/core/catalog/index.ts';
import { buildRequest, exampleInputs } from '../../src/core/signing/buildRequest.ts';
import { formatReqTime } from '../../src/core/signing/reqTime.ts';
import { EmulatorCore, MAX_ORIGINS } from '../../src/emulator/emulatorCore.ts';
import { isPrivateAddress, privateCallbackRefusal, publicCallbacksOnly } from '../../src/node/callbackTargets.ts';
import { fetchRoute, startEmulatorServer, type EmulatorServer } from '../../src/node/emulatorRoutes.ts';
import { createProxy, PROXIED_CONTENT_POLICY } from '../../src/node/proxy.ts';
import { allowedHostNames, hostName } from '../../src/node/requestGuard.ts';
import { startStaticServer, type StaticServer } from '../../src/node/staticServer.ts';
import { startRecordingServer, type RecordingServer } from './emulator/recordingServer.ts';
import { demoCredentials } from './emulator/support.ts';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ host: hostname, port, method, path, headers: { host: `${hostname}:${port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'payway-hardening-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('Host names (DNS rebinding)', () => {
  let mock: EmulatorServer;
  beforeAll(async () => {
    mock = await startEmulatorServer({ port: 0, allowHosts: ['payway'] });
  });
  afterAll(async () => mock.close());

  it('reads a Host value as its name: case, port, brackets and a final dot do not matter', () => {
    expect(hostName('LocalHost:4010')).toBe('localhost');
    expect(hostName('[::1]:80')).toBe('[::1]');
    expect(hostName('localhost.')).toBe('localhost');
    expect(hostName('evil.com:80:80')).toBeUndefined();
    expect([...allowedHostNames('::1', ['Payway'])]).toEqual(['127.0.0.1', 'localhost', '[::1]', 'payway']);
  });

  it.each(['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST', 'payway'])('answers Host %s', async (host) => {
    const { port } = new URL(mock.url);
    expect((await raw(mock.url, 'GET', '/_emulator/info', { host: `${host}:${port}` })).status).toBe(200);
  });

  it.each(['rebound.attacker.example', 'attacker.example:80', '10.0.0.5', 'localhost.attacker.example', '127.0.0.1.nip.io']) ('refuses Host "%s" with 403 and says how to allow a name', async (host) => {
    const answer = await raw(mock.url, 'GET', '/_emulator/merchants', { host });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('apiKey');
    expect(JSON.parse(answer.body).error).toMatch(/--allow-host/);
  });

  it('judges the name inside an absolute-form request target too', async () => {
    expect((await raw(mock.url, 'GET', 'http://attacker.example/_emulator/merchants')).status).toBe(403);
    expect((await raw(mock.url, 'GET', `http://localhost:${new URL(mock.url).port}/_emulator/info`)).status).toBe(200);
  });

  it('remembers only a bounded number of the origins requests arrive at', () => {
    const core = new EmulatorCore({});
    for (let i = 0; i < 1000; i++) core.sawOrigin(`http://name-${i}.example:4010`);
    expect(core.isOwnUrl(`http://name-${MAX_ORIGINS - 1}.example:4010/_emulator/inbox`)).toBe(true);
    expect(core.isOwnUrl('http://name-999.example:4010/_emulator/inbox')).toBe(false);
  });
});

describe('admin changes only from the server’s own origin', () => {
  let mock: EmulatorServer;
  beforeAll(async () => {
    mock = await startEmulatorServer({ port: 0 });
  });
  afterAll(async () => mock.close());

  const addMerchant = (headers: Record<string, string>) => raw(mock.url, 'POST', '/_emulator/merchants', { 'content-type': 'application/json', ...headers }, '{"merchantId":"evil1"}');

  it.each(['https://attacker.example', 'null', 'http://localhost:1'])('refuses a change from Origin %s', async (origin) => {
    const answer = await addMerchant({ origin });
    expect(answer.status).toBe(403);
    const merchants = await (await fetch(mock.url + '/_emulator/merchants')).json();
    expect(JSON.stringify(merchants)).not.toContain('evil1');
    expect((await raw(mock.url, 'POST', '/_emulator/reset', { origin })).status).toBe(403);
  });

  it('takes it from its own origin, and from a tool that sends no Origin', async () => {
    const { host } = new URL(mock.url);
    expect((await addMerchant({ origin: `http://${host}` })).status).toBe(201);
    expect((await raw(mock.url, 'DELETE', '/_emulator/merchants/evil1', { origin: `http://${host}` })).status).toBe(200);
    expect((await addMerchant({})).status).toBe(201);
  });

  it('reads are not changes: a GET with a foreign Origin is answered (CORS keeps the body from the page)', async () => {
    const answer = await raw(mock.url, 'GET', '/_emulator/info', { origin: 'https://attacker.example' });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('every answer says nosniff, no-referrer and no framing, however its head is written', () => {
  let mock: EmulatorServer;
  beforeAll(async () => {
    mock = await startEmulatorServer({ port: 0 });
  });
  afterAll(async () => mock.close());
  const guarded = (answer: RawAnswer) => [answer.headers['x-content-type-options'], answer.headers['referrer-policy'], answer.headers['x-frame-options']];
  const GUARDED = ['nosniff', 'no-referrer', 'DENY'];

  it('a PayWay call (the fast path, one writeHead), an admin read (the adapter), a refused Host (the guard itself)', async () => {
    const endpoint = getEndpoint('check-transaction');
    const trace = await buildRequest(endpoint, { ...exampleInputs(endpoint), req_time: formatReqTime(new Date()) }, demoCredentials);
    const call = await raw(mock.url, 'POST', endpoint.path, { 'content-type': 'application/json' }, trace.body.text);
    expect(call.body).toContain('"code":"00"');
    expect(guarded(call)).toEqual(GUARDED);
    expect(guarded(await raw(mock.url, 'GET', '/_emulator/info'))).toEqual(GUARDED);
    const refused = await raw(mock.url, 'GET', '/_emulator/info', { host: 'evil.example' });
    expect(refused.status).toBe(403);
    expect(guarded(refused)).toEqual(GUARDED);
  });

  it('a head written implicitly, by setHeader and writeHead(status), or with raw header pairs; a handler may set its own value', async () => {
    const server = await startStaticServer({
      root: dir,
      port: 0,
      routes: [
        async (req, res) => {
          if (req.url === '/implicit') res.end('x');
          else if (req.url === '/by-name') {
            res.setHeader('content-type', 'text/plain');
            res.writeHead(201).end('x');
          } else if (req.url === '/pairs') res.writeHead(200, ['content-type', 'text/plain']).end('x');
          else if (req.url === '/own') res.writeHead(200, { 'x-frame-options': 'SAMEORIGIN' }).end('x');
          else if (req.url === '/own-capitalised') res.writeHead(200, { 'X-Frame-Options': 'SAMEORIGIN' }).end('x');
          else if (req.url === '/own-by-name') {
            res.setHeader('X-Frame-Options', 'SAMEORIGIN');
            res.writeHead(200, { 'content-type': 'text/plain' }).end('x');
          } else if (req.url === '/own-pairs') res.writeHead(200, ['X-Frame-Options', 'SAMEORIGIN']).end('x');
          else if (req.url === '/own-entries') res.writeHead(200, [['content-type', 'text/plain'], ['X-Frame-Options', 'SAMEORIGIN']] as unknown as string[]).end('x');
          else if (req.url === '/no-reason') res.writeHead(200, undefined, { 'x-own': 'kept' }).end('x');
          else if (req.url === '/alias') (res as unknown as { writeHeader(status: number, headers: object): void }).writeHeader(200, { 'x-own': 'kept' }), res.end('x');
          else return false;
          return true;
        },
      ],
    });
    try {
      for (const path of ['/implicit', '/by-name', '/pairs']) expect(guarded(await raw(server.url, 'GET', path)), path).toEqual(GUARDED);
      // The handler's own value, once: not DENY beside it, whatever the case of its name or the way it was set.
      for (const path of ['/own', '/own-capitalised', '/own-by-name', '/own-pairs', '/own-entries']) expect(guarded(await raw(server.url, 'GET', path)), path).toEqual(['nosniff', 'no-referrer', 'SAMEORIGIN']);
      // writeHead(status, undefined, headers) and the old writeHeader alias: the handler's headers and ours.
      for (const path of ['/no-reason', '/alias']) {
        const answer = await raw(server.url, 'GET', path);
        expect(guarded(answer), path).toEqual(GUARDED);
        expect(answer.headers['x-own'], path).toBe('kept');
      }
    } finally {
      await server.close();
    }
  });
});

describe('headers', () => {
  let server: StaticServer;
  let upstream: RecordingServer;
  beforeAll(async () => {
    const root = join(dir, 'headers-root');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(
      join(root, 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'"><title>x</title>`,
    );
    upstream = await startRecordingServer((_seen, res) => res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'a=b' }).end('<script>steal()</script>'));
    const proxy = createProxy({ prefix: '/proxy', targets: { sandbox: upstream.origin } });
    server = await startStaticServer({ root, port: 0, routes: [fetchRoute('/proxy', proxy)] });
  });
  afterAll(async () => {
    await server.close();
    upstream.close();
  });

  it("sends the app's CSP as a header, with frame-ancestors 'none', and nosniff and no-referrer", async () => {
    const answer = await raw(server.url, 'GET', '/');
    expect(answer.headers['content-security-policy']).toBe("default-src 'self'; script-src 'self'; frame-ancestors 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['x-frame-options']).toBe('DENY');
  });

  it('gives a PayWay page through the proxy a sandbox, so it cannot run on the app’s origin', async () => {
    const answer = await raw(server.url, 'GET', '/proxy/sandbox/checkout');
    expect(answer.body).toBe('<script>steal()</script>');
    expect(answer.headers['content-security-policy']).toBe(PROXIED_CONTENT_POLICY);
    expect(PROXIED_CONTENT_POLICY).toMatch(/^sandbox\b/);
    expect(PROXIED_CONTENT_POLICY).not.toContain('allow-same-origin');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['set-cookie']).toBeUndefined();
  });
});

describe('static files: the real path stays inside the root', () => {
  let server: StaticServer;
  beforeAll(async () => {
    const root = join(dir, 'symlink-root');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<title>app</title>');
    await writeFile(join(dir, 'outside-secret.txt'), 'do not serve');
    await mkdir(join(dir, 'outside-folder'));
    await writeFile(join(dir, 'outside-folder', 'inner.js'), 'secret()');
    await writeFile(join(root, 'assets', 'real.js'), 'ok()');
    await symlink(join(dir, 'outside-secret.txt'), join(root, 'leak.txt'));
    await symlink(join(dir, 'outside-folder'), join(root, 'linked'));
    await symlink(join(root, 'assets', 'real.js'), join(root, 'alias.js'));
    server = await startStaticServer({ root, port: 0 });
  });
  afterAll(async () => server.close());

  it.each(['/leak.txt', '/linked/inner.js'])('refuses %s, a symlink that leads out of the root', async (path) => {
    const answer = await raw(server.url, 'GET', path);
    expect(answer.status).toBe(403);
    expect(answer.body).not.toMatch(/do not serve|secret/);
  });

  it('serves a symlink that stays inside the root', async () => {
    expect((await raw(server.url, 'GET', '/alias.js')).body).toBe('ok()');
  });
});

describe('one reading of the path for every route', () => {
  let server: StaticServer;
  beforeAll(async () => {
    const root = join(dir, 'route-root');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'index.html'), 'app');
    const echo = (name: string) => async (request: Request) => new Response(`${name} ${new URL(request.url).pathname}`);
    server = await startStaticServer({ root, port: 0, routes: [fetchRoute('/mock', echo('mock')), fetchRoute('/proxy', echo('proxy'))] });
  });
  afterAll(async () => server.close());

  it.each([
    ['/mock/../proxy/sandbox/x', 'proxy /proxy/sandbox/x'],
    ['/proxy/%2e%2e/mock/_emulator/reset', 'mock /mock/_emulator/reset'],
    ['/proxy/./sandbox//x?y=1', 'proxy /proxy/sandbox//x'],
    ['/mock\\..\\proxy/sandbox', 'proxy /proxy/sandbox'],
  ])('%s goes to the route whose handler then reads the same path', async (path, expected) => {
    expect((await raw(server.url, 'GET', path)).body).toBe(expected);
  });
});

describe('--no-private-callbacks', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '[::1]'])('%s is private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });
  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111'])('%s is public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('resolves a name before judging it: localhost is refused, no matter how it is spelt', async () => {
    expect(await privateCallbackRefusal(new URL('http://localhost:9/x'))).toMatch(/localhost is at (127\.0\.0\.1|::1), a loopback or private address/);
    expect(await privateCallbackRefusal(new URL('http://[::1]:9/x'))).toMatch(/private address/);
  });

  it('records a pushback to a loopback backend as not sent, and the backend gets nothing; by default it is sent', async () => {
    const backend = await startRecordingServer((_seen, res) => res.writeHead(200).end('OK'));
    const callbackUrl = backend.origin.replace('127.0.0.1', 'localhost') + '/callback';
    const pay = async (server: EmulatorServer, tranId: string) => {
      const endpoint = getEndpoint('purchase');
      const now = formatReqTime(new Date());
      const trace = await buildRequest(endpoint, { ...exampleInputs(endpoint), req_time: now, tran_id: tranId, return_url: callbackUrl }, demoCredentials);
      await fetch(server.url + endpoint.path, { method: 'POST', headers: { 'content-type': trace.body.contentTypeHeader }, body: trace.body.text });
      const { sessions } = (await (await fetch(server.url + '/_emulator/sessions')).json()) as { sessions: { id: string; ref: string }[] };
      const session = sessions.find((s) => s.ref === tranId)!;
      await fetch(`${server.url}/_emulator/pay/${session.id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=approve&option=cards' });
      await server.emulator.idle();
      return (await server.emulator.state()).deliveries.find((d) => d.ref === tranId)!;
    };
    const guarded = await startEmulatorServer({ port: 0, ...publicCallbacksOnly() });
    const open = await startEmulatorServer({ port: 0 });
    try {
      const refused = await pay(guarded, 'NP1001');
      expect(refused.attempts).toEqual([expect.objectContaining({ ok: false, notSent: true, error: expect.stringMatching(/--no-private-callbacks/) })]);
      expect(backend.seen).toEqual([]);
      const sent = await pay(open, 'NP1002');
      expect(sent.attempts).toEqual([expect.objectContaining({ ok: true, status: 200 })]);
      expect(backend.seen).toHaveLength(1);
    } finally {
      await guarded.close();
      await open.close();
      backend.close();
    }
  });

  it('connects to no private address, given literally or as a name that resolves to one', async () => {
    const { fetch: guardedFetch } = publicCallbacksOnly();
    await expect(guardedFetch!('http://127.0.0.1:9/x', { method: 'POST', body: '{}' })).rejects.toThrow(/private address/);
    await expect(guardedFetch!('http://localhost:9/x', { method: 'POST', body: '{}' })).rejects.toThrow(/private address/);
  });
});
