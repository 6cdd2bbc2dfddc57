import { describe, expect, it } from 'vitest';
import { bodyTypeRules, catalog, defaultVariant, families, fieldsOf, getEndpoint } from '../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { buildRequest, exampleInputs } from '../../src/core/signing/buildRequest.ts';
import { VECTOR_NOW } from '../support/vectors.ts';

// The ids the CLI, the UI routes and the tests rely on, by family (issue "Foundation").
const EXPECTED: Record<string, string[]> = {
  checkout: ['purchase', 'transaction-detail', 'close-transaction', 'check-transaction', 'refund', 'transaction-list', 'exchange-rate', 'check-transaction-v1', 'transaction-list-v1'],
  cof: ['link-account', 'link-card', 'purchase-with-token', 'remove-account-token', 'remove-card-token', 'linked-account-details', 'renew-account-token', 'subscription'],
  'cof-v3': ['link-account-v3', 'link-card-v3', 'payment-v3', 'renew-token-v3', 'token-details-v3', 'remove-token-v3'],
  qr: ['generate-qr', 'request-qr'],
  'payment-link': ['payment-link-create', 'payment-link-detail', 'payment-link-void'],
  'pre-auth': ['pre-auth-complete', 'pre-auth-complete-payout', 'pre-auth-cancel'],
  payout: ['payout', 'beneficiary-add', 'beneficiary-status'],
  khqr: ['transactions-by-merchant-ref'],
  partner: ['partner-register-merchant', 'partner-merchant-credentials', 'partner-merchant-info'],
};

describe('the endpoint catalog', () => {
  it('has every endpoint of the reference, in its family, once', () => {
    expect(Object.fromEntries(families.map((f) => [f.id, [...f.endpoints].sort()]))).toEqual(
      Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, [...v].sort()])),
    );
    expect(new Set(catalog.map((e) => e.id)).size).toBe(catalog.length);
  });

  it('records the documented disagreements as named variants', () => {
    const variants = (id: string) => getEndpoint(id).variants.map((v) => v.id);
    expect(variants('check-transaction')).toHaveLength(2);
    expect(variants('subscription').length).toBeGreaterThanOrEqual(2);
    expect(variants('link-card-v3')).toHaveLength(2);
    expect(variants('transaction-list')).toHaveLength(2);
    expect(getEndpoint('payout').variants.map((v) => v.hash.output).sort()).toEqual(['base64', 'hex']);
    expect(getEndpoint('transaction-list').variants.some((v) => v.hash.fields.some((p) => typeof p !== 'string'))).toBe(true);
  });

  it('uses hex only for payout and partner, SHA-256 only for partner (reference §1.3)', () => {
    for (const e of catalog) {
      const def = e.variants.find((v) => v.default)!;
      expect(def.hash.output, e.id).toBe(e.id === 'payout' || e.family === 'partner' ? 'hex' : 'base64');
      expect(def.hash.algorithm, e.id).toBe(e.family === 'partner' ? 'HMAC-SHA256' : 'HMAC-SHA512');
    }
  });

  it('keeps the legacy v1 lookups beside the current ones: same fields and recipe, another path and answer (SF §1)', () => {
    const legacy = catalog.filter((e) => e.legacy);
    expect(legacy.map((e) => e.id).sort()).toEqual(['check-transaction-v1', 'transaction-list-v1']);
    for (const e of legacy) {
      const current = getEndpoint(e.legacy!.current);
      expect(e.id).toBe(`${current.id}-v1`);
      expect(current.path).toBe(`${e.path}-2`);
      expect(e.fields.map((f) => f.name)).toEqual(current.fields.map((f) => f.name));
      expect(defaultVariant(e).hash).toEqual(defaultVariant(current).hash);
      expect(e.inNav).toBe(false);
      for (const c of e.codes) expect(c.numeric, `${e.id} ${c.code}`).toBe(true);
    }
    expect(getEndpoint('check-transaction-v1').response.envelope).toBe('flat-status');
    expect(getEndpoint('transaction-list-v1').response.fields).toContain('status.pw_tran_id');
  });

  it('says for every endpoint and body type whether PayWay takes it, and why', () => {
    for (const e of catalog) {
      const rules = bodyTypeRules(e);
      expect(rules.map((r) => r.type).sort(), e.id).toEqual(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);
      expect(rules.find((r) => r.type === e.contentType)!.accepted, `${e.id} takes its own type`).toBe(true);
      for (const r of rules) expect(r.source, `${e.id} ${r.type}`).toBeTruthy();
    }
    const refused = catalog.flatMap((e) => bodyTypeRules(e).filter((r) => !r.accepted).map((r) => `${e.id} ${r.type}`));
    expect(refused).toEqual(['link-card-v3 application/json', 'payment-v3 multipart/form-data', 'payment-v3 application/x-www-form-urlencoded']);
  });

  describe.each(catalog.map((e) => [e.id, e] as const))('%s', (_id, e) => {
    it('is well-formed', () => {
      expect(e.method).toBe('POST');
      expect(e.path).toMatch(/^\/api\//);
      expect(e.summary.length).toBeGreaterThan(10);
      expect(e.sources.length).toBeGreaterThan(0);
      expect(e.variants.filter((v) => v.default)).toHaveLength(1);
      expect(e.variants.filter((v) => v.emulator)).toHaveLength(1);
      expect(e.outcomes.success.message).toBeTruthy();
      expect(e.outcomes.wrongHash.message).toBeTruthy();
      for (const field of e.fields) {
        expect(field.description, field.name).toBeTruthy();
        expect(field.name, 'hash is added by the builder').not.toBe('hash');
        if (field.allowed && field.example !== undefined && !field.allowedOpen) expect(field.allowed, field.name).toContain(field.example);
        if ((field.encoding === 'base64-json' || field.encoding === 'json') && field.example) expect(() => JSON.parse(field.example!), field.name).not.toThrow();
      }
    });

    it('hashes only fields it has, with unique names', () => {
      for (const variant of e.variants) {
        const fields = fieldsOf(e, variant);
        const names = fields.map((f) => f.name);
        expect(new Set(names).size, `${variant.id}: duplicate field`).toBe(names.length);
        for (const part of variant.hash.fields) {
          for (const name of typeof part === 'string' ? [part] : part.phpSum) expect(names, `${variant.id} hashes ${name}`).toContain(name);
        }
        for (const f of fields.filter((f) => f.notHashed)) expect(variant.hash.fields).not.toContain(f.name);
      }
    });

    it('describes its RSA plaintext when a field is RSA-encrypted', () => {
      const rsaFields = e.fields.filter((f) => f.encoding === 'rsa').map((f) => f.name);
      expect(rsaFields).toEqual(e.rsa ? [e.rsa.field] : []);
      if (e.rsa) {
        const example = JSON.parse(e.rsa.example);
        expect(Array.isArray(example)).toBe(e.rsa.shape === 'array');
        const sample = Array.isArray(example) ? example[0] : example;
        for (const key of e.rsa.keys.filter((k) => k.required)) expect(sample, key.name).toHaveProperty(key.name);
      }
    });

    it('has demo values that build without errors', async () => {
      const trace = await buildRequest(e, exampleInputs(e), { apiKey: DEMO_MERCHANT.apiKey, partnerKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem }, { now: VECTOR_NOW });
      expect(trace.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(trace.problems.filter((p) => /is required/.test(p.message))).toEqual([]);
    });
  });
});
