// The trace's per-field cache changes nothing: with it, every rebuild equals the one made without it,
// through edits of one field, a currency that changes another field's checks, verbatim wire values,
// a variant switch and a clock that moves (the time checks are never cached).
import { describe, expect, it } from 'vitest';
import { getEndpoint } from '../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { buildRequest, exampleInputs, type BuildOptions } from '../../src/core/signing/index.ts';

const credentials = { apiKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem };

describe('buildRequest with a step cache', () => {
  it('gives the same trace as without one, edit after edit', async () => {
    const purchase = getEndpoint('purchase');
    const stepCache: NonNullable<BuildOptions['stepCache']> = new Map();
    const rsaCache = new Map();
    let inputs: Record<string, string> = { ...exampleInputs(purchase), merchant_id: 'ec000002', amount: '10.5' };
    const edits: [string, string][] = [
      ['firstname', 'S'], ['firstname', 'So'], ['currency', 'KHR'], ['firstname', 'Sok'], ['amount', '100.5'], ['currency', 'USD'],
      ['items', '[{"name":"កាហ្វេ","quantity":1,"price":1.5}]'], ['items', '[{"name":"x"'], ['firstname', 'Sokha'], ['req_time', '20200101000000'],
    ];
    let minute = 0;
    for (const [name, value] of edits) {
      inputs = { ...inputs, [name]: value };
      const now = new Date(Date.UTC(2025, 1, 13, 6, 55 + minute++));
      const wire: Record<string, string> = name === 'items' ? { shipping: 'MS41MA==' } : {};
      const options = { now, rsaCache, wire };
      const cached = await buildRequest(purchase, inputs, credentials, { ...options, stepCache });
      const fresh = await buildRequest(purchase, inputs, credentials, options);
      expect(cached, `after ${name}=${value}`).toEqual(fresh);
    }
    expect(stepCache.size).toBeGreaterThan(0);
  });

  it('keeps apart the variants and the endpoints that share a field name', async () => {
    const stepCache: NonNullable<BuildOptions['stepCache']> = new Map();
    for (const id of ['check-transaction', 'transaction-detail', 'close-transaction', 'subscription']) {
      const endpoint = getEndpoint(id);
      for (const variant of endpoint.variants) {
        const inputs = { ...exampleInputs(endpoint, variant.id), merchant_id: 'ec000002' };
        const options = { variant: variant.id, now: new Date(Date.UTC(2025, 1, 13)), rsaCache: new Map() };
        expect(await buildRequest(endpoint, inputs, credentials, { ...options, stepCache })).toEqual(await buildRequest(endpoint, inputs, credentials, options));
      }
    }
  });
});
