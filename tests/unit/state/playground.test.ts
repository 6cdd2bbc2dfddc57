import { describe, expect, it } from 'vitest';
import { buildRequest, formatReqTime } from '../../../src/core/signing/index.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { Playground, TRACE_MEASURE, newTranId, type RequestContext } from '../../../src/app/state/playground.svelte.ts';

const NOW = new Date(Date.UTC(2025, 1, 13, 6, 55, 45));
const demo: RequestContext = {
  merchantId: DEMO_MERCHANT.merchantId,
  credentials: { apiKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem, partnerKey: DEMO_MERCHANT.apiKey },
};
const make = (endpoint: Parameters<Playground['open']>[0] = 'check-transaction', context: () => RequestContext = () => demo) =>
  new Playground(context, { endpoint, now: () => NOW });

describe('Playground', () => {
  it('opens an endpoint with its demo values, the time set to now and the merchant id from the environment', async () => {
    const playground = make('check-transaction');
    expect(playground.inputs.req_time).toBe(formatReqTime(NOW));
    expect(playground.inputs.merchant_id).toBeUndefined();
    const trace = await playground.recompute();
    expect(trace?.wire).toContainEqual(['merchant_id', DEMO_MERCHANT.merchantId]);
    expect(playground.trace).toBe(trace);
  });

  it('computes the same trace as buildRequest for the same inputs', async () => {
    const playground = make('transaction-list');
    const trace = await playground.recompute();
    const expected = await buildRequest('transaction-list', playground.requestInputs(demo.merchantId), demo.credentials, { now: NOW });
    expect(trace?.signature.hash).toBe(expected.signature.hash);
    expect(trace?.stringToSign).toBe(expected.stringToSign);
  });

  it('keeps each endpoint’s edits when you come back to it', () => {
    const playground = make('check-transaction');
    playground.setInput('tran_id', 'edited-1');
    playground.open('exchange-rate');
    expect(playground.inputs.tran_id).toBeUndefined();
    playground.open('check-transaction');
    expect(playground.inputs.tran_id).toBe('edited-1');
  });

  it('carries a tran_id you typed to the next endpoint that has one', () => {
    const playground = make('close-transaction');
    playground.setInput('tran_id', '1234567');
    playground.open('transaction-detail');
    expect(playground.inputs.tran_id).toBe('1234567');
  });

  it('gives endpoints that refuse a reused tran_id a fresh one', () => {
    const playground = make('purchase');
    expect(playground.endpoint.outcomes.duplicate).toBeDefined();
    expect(playground.inputs.tran_id).toMatch(/^\d{13}$/);
    expect(playground.inputs.tran_id).not.toBe(playground.endpoint.fields.find((f) => f.name === 'tran_id')?.example);
  });

  it('stops following the clock when the time is typed, and "now" starts again', () => {
    const playground = make('check-transaction');
    expect(playground.autoTime).toBe(true);
    playground.setInput('req_time', '20240101000000');
    expect(playground.autoTime).toBe(false);
    playground.setNow('req_time');
    expect(playground.autoTime).toBe(true);
    expect(playground.inputs.req_time).toBe(formatReqTime(NOW));
  });

  it('keeps merchant_auth steady while other fields change (RSA padding is random)', async () => {
    const playground = make('refund');
    const first = await playground.recompute();
    playground.setInput('request_time', '20250213065546');
    const second = await playground.recompute();
    const auth = (t: typeof first) => t?.wire.find(([name]) => name === 'merchant_auth')?.[1];
    expect(auth(first)).toBeTruthy();
    expect(auth(second)).toBe(auth(first));
    expect(second?.signature.hash).not.toBe(first?.signature.hash);
  });

  it('shows only the newest trace when an older computation finishes last', async () => {
    // The first call is held whichever WebCrypto digest finishes first (they run on the thread pool).
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slowFirst: typeof buildRequest = async (...args) => {
      const first = calls++ === 0;
      const trace = await buildRequest(...args);
      if (first) await gate;
      return trace;
    };
    const playground = new Playground(() => demo, { endpoint: 'check-transaction', now: () => NOW, build: slowFirst });
    playground.setInput('tran_id', 'old');
    const older = playground.recompute();
    playground.setInput('tran_id', 'new');
    await playground.recompute();
    release();
    const olderTrace = await older;
    expect(olderTrace?.wire).toContainEqual(['tran_id', 'old']); // the caller still gets what it asked for
    expect(playground.trace?.wire).toContainEqual(['tran_id', 'new']);
  });

  it('sends a verbatim wire value without encoding it', async () => {
    const playground = make('purchase');
    playground.setWire('items', 'not-base64!');
    const trace = await playground.recompute();
    expect(trace?.wire).toContainEqual(['items', 'not-base64!']);
    playground.setWire('items', undefined);
    const encoded = await playground.recompute();
    expect(encoded?.wire.find(([n]) => n === 'items')?.[1]).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('switching the variant brings its fields and its recipe', async () => {
    const playground = make('purchase');
    expect(playground.fields.map((f) => f.name)).not.toContain('ctid');
    playground.setVariant('legacy-cof');
    expect(playground.fields.map((f) => f.name)).toContain('ctid');
    const trace = await playground.recompute();
    expect(trace?.variant).toBe('legacy-cof');
    expect(trace?.segments.map((s) => s.field)).toContain('ctid');
  });

  it('round-trips a draft without credentials', () => {
    const playground = make('refund');
    playground.setInput('request_time', '20250101000000');
    const draft = playground.toDraft();
    expect(JSON.stringify(draft)).not.toContain(DEMO_MERCHANT.apiKey);
    const other = make('exchange-rate');
    other.load(draft);
    expect(other.endpoint.id).toBe('refund');
    expect(other.inputs.request_time).toBe('20250101000000');
  });

  it('records each recompute as a performance measure', async () => {
    performance.clearMeasures(TRACE_MEASURE);
    const playground = make('check-transaction');
    await playground.recompute();
    expect(performance.getEntriesByName(TRACE_MEASURE)).toHaveLength(1);
  });

  it('reports a trace error instead of throwing', async () => {
    const failing: typeof buildRequest = async () => {
      throw new Error('boom');
    };
    const playground = new Playground(() => demo, { endpoint: 'check-transaction', build: failing });
    expect(await playground.recompute()).toBeUndefined();
    expect(playground.traceError).toBe('boom');
  });
});

describe('newTranId', () => {
  it('is 13 digits, so every tran_id rule accepts it', () => {
    expect(newTranId(1_739_427_769_300, () => 0.5)).toBe('9427769300500');
  });
});
