// The /proxy/ of `payway start`, pointed at a local stand-in for PayWay: it forwards to the allowed
// hosts only, with no cookies either way, and keeps PayWay's redirects behind itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTS } from '../../src/core/catalog/index.ts';
import { fetchRoute } from '../../src/node/emulatorRoutes.ts';
import { createProxy, PAYWAY_TARGETS } from '../../src/node/proxy.ts';
import { startStaticServer, type StaticServer } from '../../src/node/staticServer.ts';
import { startRecordingServer, type RecordingServer } from './emulator/recordingServer.ts';

const SANDBOX = 'checkout-sandbox.payway.com.kh';
let standIn: RecordingServer;
let proxy: StaticServer;

beforeAll(async () => {
  standIn = await startRecordingServer((seen, res) => {
    if (seen.url.startsWith('/api/payment-credential/v3/cof/link-card')) {
      res.writeHead(302, { location: '/add-card/eyJjb2RlIjoiMDEifQ==', 'set-cookie': 'session=abc' }).end();
      return;
    }
    res.writeHead(403, { 'content-type': 'application/json', 'set-cookie': 'session=abc' }).end('{"status":{"code":"5","message":"Invalid hash"}}');
  });
  proxy = await startStaticServer({
    root: '.',
    port: 0,
    routes: [fetchRoute('/proxy', createProxy({ targets: { sandbox: standIn.origin, [SANDBOX]: standIn.origin } })), fetchRoute('', async () => new Response('not the proxy', { status: 418 }))],
  });
});

afterAll(async () => {
  await proxy.close();
  standIn.close();
});

describe('the PayWay proxy', () => {
  it("allows exactly the catalog's sandbox and production hosts by default, by name and host name", () => {
    expect(PAYWAY_TARGETS).toEqual({
      sandbox: HOSTS.sandbox,
      production: HOSTS.production,
      [new URL(HOSTS.sandbox).host]: HOSTS.sandbox,
      [new URL(HOSTS.production).host]: HOSTS.production,
    });
  });

  it('binds 127.0.0.1', () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('forwards method, path, query, body and the PayWay headers, and answers with PayWay’s status and body without cookies', async () => {
    const response = await fetch(`${proxy.url}/proxy/${SANDBOX}/api/payment-gateway/v1/payments/check-transaction-2?lang=km`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'secret=1', authorization: 'Bearer x', 'x-payway-referer': 'https://partner.example.com', language: 'km' },
      body: '{"tran_id":"1"}',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ status: { code: '5', message: 'Invalid hash' } });
    expect(response.headers.get('set-cookie')).toBeNull();
    const seen = standIn.seen.at(-1)!;
    expect(seen).toMatchObject({ method: 'POST', url: '/api/payment-gateway/v1/payments/check-transaction-2?lang=km', body: '{"tran_id":"1"}' });
    expect(seen.headers).toMatchObject({ 'content-type': 'application/json', referer: 'https://partner.example.com', language: 'km' });
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers.authorization).toBeUndefined();
  });

  it.each(['evil.example.com', '127.0.0.1', 'checkout-sandbox.payway.com.kh.evil.com', 'CHECKOUT-SANDBOX.PAYWAY.COM.KH@evil.com', ''])(
    'refuses "%s" with 403 and contacts nothing',
    async (host) => {
      const before = standIn.seen.length;
      const response = await fetch(`${proxy.url}/proxy/${host}/api/payment-gateway/v1/payments/purchase`, { method: 'POST', body: 'x' });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { status: { message: string } }).status.message).toContain('forwards only to PayWay');
      expect(standIn.seen.length).toBe(before);
    },
  );

  it("refuses the stand-in's own address too: only the host names are allowed, not where they point", async () => {
    const before = standIn.seen.length;
    const response = await fetch(`${proxy.url}/proxy/${new URL(standIn.origin).host}/api/x`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(403);
    expect(standIn.seen.length).toBe(before);
  });

  it('answers /proxy/sandbox/… like /proxy/<sandbox host>/…', async () => {
    const response = await fetch(`${proxy.url}/proxy/sandbox/api/payment-gateway/v1/payments/check-transaction-2`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(403);
    expect(standIn.seen.at(-1)!.url).toBe('/api/payment-gateway/v1/payments/check-transaction-2');
    const redirect = await fetch(`${proxy.url}/proxy/sandbox/api/payment-credential/v3/cof/link-card`, { method: 'POST', body: 'a=1', redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe('/proxy/sandbox/add-card/eyJjb2RlIjoiMDEifQ==');
  });

  it('keeps a redirect to the PayWay host behind the proxy', async () => {
    const response = await fetch(`${proxy.url}/proxy/${SANDBOX}/api/payment-credential/v3/cof/link-card`, { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/proxy/${SANDBOX}/add-card/eyJjb2RlIjoiMDEifQ==`);
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});
