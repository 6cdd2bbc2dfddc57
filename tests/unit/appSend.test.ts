import { describe, expect, it } from 'vitest';
import { HOSTS, getEndpoint } from '../../src/core/catalog/index.ts';
import { buildRequest, serializeBody } from '../../src/core/signing/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { LOCAL_SERVER_HEADER, SendError, sendRequest, targetUrl } from '../../src/app/send.ts';
import { ResponseState, PRETTY_LIMIT, prettyBody } from '../../src/app/state/response.svelte.ts';
import { explainResponse, findCode } from '../../src/app/explainResponse.ts';

const PATH = '/api/payment-gateway/v1/payments/check-transaction-2';
const baseURI = 'http://127.0.0.1:4173/app/index.html';
const origin = 'http://127.0.0.1:4173';
const body = serializeBody('application/json', [['tran_id', '1'], ['hash', 'h']]);

describe('targetUrl', () => {
  it('puts each target where the contract says', () => {
    expect(targetUrl('emulator', PATH, { baseURI })).toBe(`http://127.0.0.1:4173/app/mock${PATH}`);
    expect(targetUrl('local-server', PATH, { baseURI })).toBe(`http://127.0.0.1:4173/mock${PATH}`);
    expect(targetUrl('sandbox-proxy', PATH, { baseURI })).toBe(`http://127.0.0.1:4173/proxy/sandbox${PATH}`);
    expect(targetUrl('sandbox', PATH, { baseURI })).toBe(HOSTS.sandbox + PATH);
    expect(targetUrl('production', PATH, { baseURI })).toBe(HOSTS.production + PATH);
    expect(targetUrl('custom', PATH, { baseURI, customUrl: ' http://localhost:8080/base/ ' })).toBe(`http://localhost:8080/base${PATH}`);
  });

  it('refuses a custom URL that is not http(s)', () => {
    expect(() => targetUrl('custom', PATH, { baseURI, customUrl: 'localhost:8080' })).toThrow(SendError);
    expect(() => targetUrl('custom', PATH, { baseURI, customUrl: 'not a url' })).toThrow(/not a URL/);
  });
});

describe('sendRequest', () => {
  it('posts the body byte for byte and reads status, headers, text and time', async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const fakeFetch: typeof fetch = async (url, init) => {
      seen = { url: String(url), init: init! };
      return new Response('{"status":{"code":"00"}}', { status: 200, headers: { 'x-test': '1' } });
    };
    let clock = 0;
    const result = await sendRequest('http://127.0.0.1:4173/mock' + PATH, body, { fetch: fakeFetch, origin, headers: { [LOCAL_SERVER_HEADER]: 'local-server' }, now: () => (clock += 5) });
    expect(seen?.init.body).toBe(body.text);
    expect(seen?.init.method).toBe('POST');
    expect((seen?.init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect((seen?.init.headers as Record<string, string>)[LOCAL_SERVER_HEADER]).toBe('local-server');
    expect(result).toMatchObject({ status: 200, text: '{"status":{"code":"00"}}', ms: 5 });
    expect(result.headers).toContainEqual(['x-test', '1']);
  });

  it('calls a failure CORS when the host answers an opaque probe', async () => {
    const probes: RequestInit[] = [];
    const fakeFetch: typeof fetch = async (_url, init) => {
      if (init?.mode === 'no-cors') {
        probes.push(init);
        return new Response(null, { status: 200 });
      }
      throw new TypeError('Failed to fetch');
    };
    const error = await sendRequest(HOSTS.sandbox + PATH, body, { fetch: fakeFetch, origin }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect((error as SendError).kind).toBe('cors');
    expect((error as SendError).advice).toMatch(/local proxy/);
    expect(probes[0]?.method).toBe('GET'); // the probe never re-sends the request itself
  });

  it('calls a failure network when nothing answers at all', async () => {
    const fakeFetch: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const error = (await sendRequest('http://127.0.0.1:9' + PATH, body, { fetch: fakeFetch, origin }).catch((e: unknown) => e)) as SendError;
    expect(error.kind).toBe('network');
    expect(error.message).not.toBe('Failed to fetch');
    const own = (await sendRequest(origin + '/mock' + PATH, body, { fetch: fakeFetch, origin }).catch((e: unknown) => e)) as SendError;
    expect(own.advice).toMatch(/npx payway start/);
  });

  it('names a timeout', async () => {
    const fakeFetch: typeof fetch = async () => {
      throw new DOMException('signal timed out', 'TimeoutError');
    };
    const error = (await sendRequest(HOSTS.sandbox + PATH, body, { fetch: fakeFetch, origin }).catch((e: unknown) => e)) as SendError;
    expect(error.kind).toBe('timeout');
  });
});

describe('explainResponse', () => {
  const check = getEndpoint('check-transaction');

  it('finds the code where each family puts it', () => {
    expect(findCode({ status: { code: '00', message: 'Success!' } })).toEqual({ code: '00', path: 'status.code', message: 'Success!' });
    expect(findCode({ payment_status: { code: 'CDA00', description: 'OK' } })).toMatchObject({ code: 'CDA00', message: 'OK' });
    expect(findCode({ code: 6, message: 'x' })).toMatchObject({ code: '6', path: 'code' });
    expect(findCode({ status: 6, description: 'not found' })).toMatchObject({ code: '6', path: 'status' });
    expect(findCode([1, 2])).toBeUndefined();
  });

  it('explains a wrong hash from the catalog and flags it for the doctor', () => {
    const explanation = explainResponse(check, JSON.stringify({ status: { code: check.outcomes.wrongHash.code, message: 'Invalid hash' } }));
    expect(explanation?.wrongHash).toBe(true);
    expect(explanation?.success).toBe(false);
    expect(explanation?.specs[0]?.message).toBe(check.outcomes.wrongHash.message);
  });

  it('knows success, and says nothing for text that is not JSON', () => {
    expect(explainResponse(check, '{"status":{"code":"00"}}')?.success).toBe(true);
    expect(explainResponse(check, '<html>')).toBeUndefined();
  });

  it('explains PTL02 on the refund endpoint', () => {
    const refund = getEndpoint('refund');
    const explanation = explainResponse(refund, '{"status":{"code":"PTL02","message":"Invalid hash"}}');
    expect(explanation).toMatchObject({ code: 'PTL02', wrongHash: true });
  });
});

describe('ResponseState', () => {
  it('sends the trace’s body to the emulator and explains the answer', async () => {
    const trace = await buildRequest('check-transaction', { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '1' }, { apiKey: DEMO_MERCHANT.apiKey });
    const response = new ResponseState();
    let started = false;
    let posted: string | undefined;
    await response.send(trace, getEndpoint('check-transaction'), { target: 'emulator', customUrl: '' }, {
      baseURI,
      origin,
      startEmulator: async () => (started = true),
      fetch: async (url, init) => {
        posted = `${String(url)} ${String(init?.body)}`;
        return new Response('{"status":{"code":"5","message":"Invalid hash"}}', { status: 403 });
      },
    });
    expect(started).toBe(true);
    expect(response.emulatorRunning).toBe(true);
    expect(posted).toBe(`http://127.0.0.1:4173/app/mock${PATH} ${trace.body.text}`);
    expect(response.result?.status).toBe(403);
    expect(response.explanation?.wrongHash).toBe(true);
    expect(response.doctorState).toEqual({
      endpoint: 'check-transaction',
      variant: trace.variant,
      wire: Object.fromEntries(trace.wire),
      // The doctor is told the emulator refused it, so it never calls it correct.
      refused: { by: 'emulator', code: '5', message: 'Invalid hash', target: 'emulator' },
    });
    expect(JSON.stringify(response.doctorState)).not.toContain(DEMO_MERCHANT.apiKey);
    expect(response.pending).toBe(false);
  });

  it('posts a form into a new tab for endpoints that answer with a page', async () => {
    const trace = await buildRequest('purchase', { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '1', amount: '1.00' }, { apiKey: 'k' });
    const response = new ResponseState();
    const forms: unknown[][] = [];
    await response.send(trace, getEndpoint('purchase'), { target: 'sandbox-proxy', customUrl: '' }, {
      baseURI,
      origin,
      submitForm: (...args) => void forms.push(args),
      formTarget: 'tab-1',
      fetch: async () => {
        throw new Error('must not fetch');
      },
    });
    expect(forms).toEqual([[`http://127.0.0.1:4173/proxy/sandbox/api/payment-gateway/v1/payments/purchase`, trace.wire, 'multipart/form-data', 'tab-1']]);
    expect(response.request?.form).toBe(true);
    expect(response.failure).toBeUndefined();
  });

  it('keeps a failure with its advice', async () => {
    const trace = await buildRequest('exchange-rate', { req_time: '20250213065545', merchant_id: 'ec000002' }, { apiKey: 'k' });
    const response = new ResponseState();
    await response.send(trace, getEndpoint('exchange-rate'), { target: 'custom', customUrl: 'ftp://x' }, { baseURI, origin });
    expect(response.failure?.kind).toBe('config');
    expect(response.result).toBeUndefined();
  });
});

describe('prettyBody', () => {
  it('pretty-prints JSON, passes text through, and never formats more than 1 MB', () => {
    expect(prettyBody('{"a":1}')).toEqual({ kind: 'json', text: '{\n  "a": 1\n}', tooLarge: false });
    expect(prettyBody('<html>')).toMatchObject({ kind: 'text', tooLarge: false });
    const huge = JSON.stringify({ data: 'x'.repeat(PRETTY_LIMIT) });
    expect(prettyBody(huge)).toMatchObject({ kind: 'text', text: huge, tooLarge: true });
  });
});
