// Every endpoint of the catalog, judged against the catalog itself: the emulator answers its hash,
// merchant, field and decryption checks with the endpoint's own codes and HTTP statuses, and every code
// it answers is one the catalog documents for that endpoint.
import { describe, expect, it } from 'vitest';
import { catalog, isSuccessCode } from '../../../src/core/catalog/index.ts';
import type { CodeSpec, EndpointSpec } from '../../../src/core/catalog/types.ts';
import { bytesToBase64 } from '../../../src/core/signing/bytes.ts';
import { handlers } from '../../../src/emulator/handlers/index.ts';
import { seededRandom } from '../../support/seededRandom.ts';
import { codeOf, rawCodeOf, testEmulator, type Answer } from './support.ts';

function expectCode(answer: Answer, spec: CodeSpec): void {
  expect(codeOf(answer)).toBe(spec.code);
  expect(answer.status).toBe(spec.http ?? 200);
  // Numeric codes arrive as JSON numbers, the others as strings.
  expect(typeof rawCodeOf(answer.body)).toBe(spec.numeric ? 'number' : 'string');
}

/** A required field whose absence only the generic validation code names. */
function droppable(endpoint: EndpointSpec): string {
  const name = ['req_time', 'request_time', 'return_param', 'ctid', 'tran_id'].find((n) => endpoint.fields.some((f) => f.name === n && f.required === true));
  if (!name) throw new Error(`${endpoint.id} has no droppable field`);
  return name;
}

describe.each(catalog.map((e) => [e.id, e] as const))('%s', (_id, endpoint) => {
  it('has a handler', () => {
    expect(handlers[endpoint.id]).toBeTypeOf('function');
  });

  it('answers a wrong hash with its own wrong-hash code and HTTP status', async () => {
    const t = testEmulator();
    const answer = await t.call(endpoint.id, {}, { wire: { hash: 'A'.repeat(88) } });
    expectCode(answer, endpoint.outcomes.wrongHash);
  });

  it('answers an unknown merchant with its merchant-not-found code', async () => {
    const t = testEmulator();
    const field = endpoint.family === 'partner' ? 'partner_id' : 'merchant_id';
    expectCode(await t.call(endpoint.id, { [field]: 'nobody01' }), endpoint.outcomes.merchantNotFound);
  });

  it('answers a missing required field with its validation code', async () => {
    const t = testEmulator();
    expectCode(await t.call(endpoint.id, { [droppable(endpoint)]: '' }), endpoint.outcomes.validation);
  });

  it('answers GET with 405', async () => {
    const t = testEmulator();
    const response = await t.get(endpoint.path);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers its catalog example with its success code on a fresh emulator (the demo data has what it refers to)', async () => {
    const t = testEmulator();
    const answer = await t.call(endpoint.id);
    if (endpoint.response.kind === 'html' && answer.headers.get('content-type')?.startsWith('text/html')) {
      expect(answer.status).toBe(200);
      expect(answer.text).toMatch(/<form method="post"/);
      return;
    }
    // Purchase using token answers success in payment_status rather than status.
    const code = answer.body.status !== undefined ? codeOf(answer) : String((answer.body.payment_status as { code: string }).code);
    expect(code, answer.text.slice(0, 300)).toBe(endpoint.outcomes.success.code);
    expect(answer.status).toBe(endpoint.outcomes.success.http ?? 200);
  });

  it('answers its catalog example with success when request_time is now, not the example time', async () => {
    const t = testEmulator();
    // A year after the examples' request_time; the emulator seeds its demo data on the first request, at its now.
    t.clock.advance(400 * 24 * 3600_000);
    const answer = await t.call(endpoint.id);
    if (answer.headers.get('content-type')?.startsWith('text/html')) return;
    const code = answer.body.status !== undefined ? codeOf(answer) : String((answer.body.payment_status as { code: string }).code);
    expect(code, answer.text.slice(0, 300)).toBe(endpoint.outcomes.success.code);
  });
});

const withRsa = catalog.filter((e) => e.rsa).map((e) => [e.id, e, e.rsa!] as const);

describe.each(withRsa)('%s (RSA plaintext)', (_id, endpoint, rsa) => {
  it('answers a correctly signed but undecryptable ciphertext with its cannot-decrypt code', async () => {
    const t = testEmulator();
    const garbage = bytesToBase64(seededRandom(3)(128));
    expectCode(await t.call(endpoint.id, {}, { verbatim: { [rsa.field]: garbage } }), endpoint.outcomes.cannotDecrypt ?? endpoint.outcomes.validation);
  });

  it('answers a plaintext without a required key with its validation code', async () => {
    const t = testEmulator();
    const required = rsa.keys.find((k) => k.required && !k.from)!;
    const example = JSON.parse(rsa.example) as Record<string, unknown> | Record<string, unknown>[];
    const without = Array.isArray(example) ? example.map(({ [required.name]: _gone, ...rest }) => rest) : (({ [required.name]: _gone, ...rest }) => rest)(example);
    expectCode(await t.call(endpoint.id, { [rsa.field]: JSON.stringify(without) }), endpoint.outcomes.validation);
  });
});

describe('the catalog examples, one after another on one emulator', () => {
  it('all succeed in catalog order: no example uses up what another one needs', async () => {
    const t = testEmulator();
    const failed: string[] = [];
    for (const endpoint of catalog) {
      const answer = await t.call(endpoint.id);
      if (answer.headers.get('content-type')?.startsWith('text/html')) continue;
      const code = answer.body.status !== undefined ? codeOf(answer) : String((answer.body.payment_status as { code: string }).code);
      if (!isSuccessCode(endpoint, code)) failed.push(`${endpoint.id}: ${answer.text.slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
  });
});
