// Requests PayWay refuses, for every endpoint that existed before the diagnosis header: a wrong key, an
// empty required field, an unknown merchant, an RSA field that is not a ciphertext, plus transport
// mistakes. recordRefusals.ts answered them on the emulator as it was before the diagnosis header and the
// request log; refusalsUnchanged.test.ts proves the answers (status, content type, body) are still the same
// bytes. Each case runs on a fresh emulator with a seeded clock and randomness, so answers are reproducible.
import { catalog, fieldsOf, defaultVariant } from '../../../src/core/catalog/index.ts';
import type { EndpointSpec } from '../../../src/core/catalog/types.ts';
import type { EmulatorOptions } from '../../../src/emulator/index.ts';
import { BASE, demoCredentials, testEmulator, type TestEmulator } from './support.ts';

export interface RefusalCase {
  name: string;
  send: (t: TestEmulator) => Promise<Response>;
}

/** The endpoints the "before" answers were recorded for (the catalog grew legacy endpoints later). */
export const RECORDED_ENDPOINTS = [
  'purchase', 'transaction-detail', 'close-transaction', 'check-transaction', 'refund', 'transaction-list', 'exchange-rate',
  'link-account', 'link-card', 'purchase-with-token', 'remove-account-token', 'remove-card-token', 'linked-account-details',
  'renew-account-token', 'subscription', 'link-account-v3', 'link-card-v3', 'payment-v3', 'renew-token-v3', 'token-details-v3',
  'remove-token-v3', 'generate-qr', 'request-qr', 'payment-link-create', 'payment-link-detail', 'payment-link-void',
  'pre-auth-complete', 'pre-auth-complete-payout', 'pre-auth-cancel', 'payout', 'beneficiary-add', 'beneficiary-status',
  'transactions-by-merchant-ref', 'partner-register-merchant', 'partner-merchant-credentials', 'partner-merchant-info',
] as const;

const firstRequired = (endpoint: EndpointSpec): string | undefined =>
  fieldsOf(endpoint, defaultVariant(endpoint)).find((f) => f.required === true && !['merchant_id', 'partner_id', 'req_time', 'request_time'].includes(f.name) && f.type !== 'file')?.name;

export function refusalCases(): RefusalCase[] {
  const cases: RefusalCase[] = [];
  for (const id of RECORDED_ENDPOINTS) {
    const endpoint = catalog.find((e) => e.id === id)!;
    const partner = defaultVariant(endpoint).hash.key === 'partner-key';
    cases.push({
      name: `${id}: signed with another key`,
      send: async (t) => t.emulator.fetch(await t.request(id, {}, { credentials: { ...demoCredentials, apiKey: 'not-the-key', partnerKey: 'not-the-key' } })),
    });
    const required = firstRequired(endpoint);
    if (required) {
      cases.push({ name: `${id}: ${required} empty`, send: async (t) => t.emulator.fetch(await t.request(id, {}, { wire: { [required]: '' } })) });
    }
    cases.push({
      name: `${id}: unknown ${partner ? 'partner' : 'merchant'}`,
      send: async (t) => t.emulator.fetch(await t.request(id, partner ? { partner_id: 'unknown-partner' } : { merchant_id: 'ec999999' })),
    });
    if (endpoint.rsa) {
      cases.push({
        name: `${id}: ${endpoint.rsa.field} is not a ciphertext`,
        send: async (t) => t.emulator.fetch(await t.request(id, {}, { verbatim: { [endpoint.rsa!.field]: 'bm90IGEgY2lwaGVydGV4dA==' } })),
      });
    }
  }
  const raw = (path: string, init: RequestInit) => (t: TestEmulator) => t.emulator.fetch(new Request(BASE + path, init));
  const json = { 'content-type': 'application/json' };
  cases.push(
    { name: 'unknown path', send: raw('/api/merchant-portal/merchant-access/payment-link/details', { method: 'POST', headers: json, body: '{}' }) },
    { name: 'GET on a PayWay path', send: raw('/api/payment-gateway/v1/payments/check-transaction-2', { method: 'GET' }) },
    { name: 'malformed JSON', send: raw('/api/payment-gateway/v1/payments/check-transaction-2', { method: 'POST', headers: json, body: '{"req_time":' }) },
    { name: 'JSON as text/plain', send: raw('/api/payment-gateway/v1/payments/check-transaction-2', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"req_time":"20250213065545"}' }) },
    { name: 'JSON without a content type (curl -d)', send: raw('/api/payment-gateway/v1/payments/check-transaction-2', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '{"req_time":"20250213065545","merchant_id":"ec000002","tran_id":"1","hash":"x"}' }) },
    { name: 'payment-v3 as a form', send: async (t) => t.emulator.fetch(await t.request('payment-v3', {}, { bodyAs: 'urlencoded' })) },
    { name: 'link-card-v3 as JSON', send: async (t) => t.emulator.fetch(await t.request('link-card-v3', {}, { bodyAs: 'json' })) },
    { name: 'body too large', send: raw('/api/payment-gateway/v1/payments/check-transaction-2', { method: 'POST', headers: json, body: `{"x":"${'a'.repeat(1024 * 1024)}"}` }) },
    { name: 'multipart without a boundary', send: raw('/api/payment-gateway/v1/payments/purchase', { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'x' }) },
  );
  return cases;
}

export interface RecordedAnswer {
  name: string;
  status: number;
  contentType: string | null;
  body: string;
}

export async function answerRefusals(options: EmulatorOptions = {}): Promise<RecordedAnswer[]> {
  const answers: RecordedAnswer[] = [];
  for (const c of refusalCases()) {
    const t = testEmulator(options);
    const response = await c.send(t);
    answers.push({ name: c.name, status: response.status, contentType: response.headers.get('content-type'), body: await response.text() });
  }
  return answers;
}
