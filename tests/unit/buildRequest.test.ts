import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { catalog } from '../../src/core/catalog/index.ts';
import { buildRequest, exampleInputs } from '../../src/core/signing/buildRequest.ts';
import { locateJsonError, minifyJson, parseJsonInput } from '../../src/core/signing/jsonInput.ts';
import { decryptChunked, parsePrivateKeyPem } from '../../src/core/signing/rsa.ts';

const credentials = { apiKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem };
const now = new Date(Date.UTC(2025, 1, 13, 6, 55, 45));
const b64 = (s: string) => Buffer.from(s).toString('base64');
const messages = (trace: { problems: { message: string }[] }) => trace.problems.map((p) => p.message).join('\n');

describe('JSON inputs are never rewritten', () => {
  it('keeps big numbers, escapes and key order; only whitespace between tokens goes', async () => {
    const typed = '{ "order_id": 12345678901234567890,\n  "deeplink": "myapp:\\/\\/ok", "name": "\\u1780" }';
    const trace = await buildRequest('purchase', { custom_fields: typed }, credentials, { now });
    const wire = trace.wire.find(([n]) => n === 'custom_fields')![1];
    expect(Buffer.from(wire, 'base64').toString()).toBe('{"order_id":12345678901234567890,"deeplink":"myapp:\\/\\/ok","name":"\\u1780"}');
  });

  it("sends the text exactly as typed with jsonStyle 'as-typed', and PHP json_encode style on request", async () => {
    const typed = '[{"name": "ក", "url": "a/b"}]';
    const asTyped = await buildRequest('purchase', { items: typed }, credentials, { now, jsonStyle: 'as-typed' });
    expect(asTyped.wire.find(([n]) => n === 'items')![1]).toBe(b64(typed));
    const php = await buildRequest('purchase', { items: typed }, credentials, { now, jsonStyle: 'php' });
    expect(Buffer.from(php.wire.find(([n]) => n === 'items')![1], 'base64').toString()).toBe('[{"name":"\\u1780","url":"a\\/b"}]');
  });

  it('minifies without touching strings', () => {
    expect(minifyJson('{ "a b" : [ 1 , "x \\" y" ] }')).toBe('{"a b":[1,"x \\" y"]}');
  });
});

describe('JSON errors say exactly where', () => {
  it.each([
    ['order-7', 1, 1, /unexpected "o"/],
    ['[{"name": "a",}]', 1, 15, /trailing comma/],
    ['{"a": 1\n "b": 2}', 2, 2, /expected "," or "}"/],
    ["{'a': 1}", 1, 2, /double quotes/],
    ['[1, 2', 1, 6, /ends where|expected "," or "]"/],
    ['{"a": "x\ny"}', 1, 9, /line break inside a string/],
    ['{"a": 1} x', 1, 10, /after the end/],
  ])('%j → line %i, column %i', (text, line, column, reason) => {
    const result = parseJsonInput(text);
    expect(result).toMatchObject({ ok: false, line, column });
    if (!result.ok) expect(result.message).toMatch(reason);
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const text of ['{}', '[]', '"x"', '-0.5e3', '{"a":[true,false,null,{"b":"\\u00e9"}]}']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text).reason).toBe('not valid JSON'); // the scanner finds nothing to blame
    }
  });
});

describe('values set verbatim', () => {
  it('checks the decoded value of a Base64 field instead of warning about the Base64', async () => {
    const trace = await buildRequest('purchase', {}, credentials, { now, wire: { return_url: b64('https://merchant.example/cb') } });
    expect(messages(trace)).not.toMatch(/return_url is not an http/);
  });

  it('spots echo | base64 and line-wrapped Base64', async () => {
    const trace = await buildRequest('purchase', {}, credentials, { now, wire: { items: b64('[{"name":"a"}]\n'), return_url: 'aHR0cHM6Ly9t\nZXJjaGFudC5leGFtcGxlL2Ni' } });
    expect(messages(trace)).toMatch(/items decodes to text ending in a line feed/);
    expect(messages(trace)).toMatch(/return_url has line breaks inside its Base64/);
  });

  it('names URL-safe Base64', async () => {
    const trace = await buildRequest('purchase', {}, credentials, { now, wire: { items: 'W3sibmFtZSI6Ij8_In1d' } });
    expect(messages(trace)).toMatch(/URL-safe Base64/);
  });
});

describe('RSA plaintext', () => {
  const privateKey = parsePrivateKeyPem(DEMO_MERCHANT.rsaPrivateKeyPem);
  const plaintextOf = async (id: string, inputs: Record<string, string>) => {
    const trace = await buildRequest(id, inputs, credentials, { now });
    const field = trace.rsa ? trace.steps.find((s) => s.encoding === 'rsa')!.field : '';
    return { trace, plaintext: trace.rsa ? decryptChunked(privateKey, trace.wire.find(([n]) => n === field)![1]) : '' };
  };

  it('adds mc_id from merchant_id as the first key and leaves the rest of the text alone', async () => {
    const { plaintext } = await plaintextOf('refund', { merchant_id: 'ec000002', merchant_auth: '{"tran_id": "T1", "refund_amount": 1.50}' });
    expect(plaintext).toBe('{"mc_id":"ec000002","tran_id":"T1","refund_amount":1.50}');
  });

  it('warns about payout keys mixed up (acc/amt where account/amount belong) and about a foreign mc_id', async () => {
    const payout = await plaintextOf('payout', { merchant_id: 'ec000002', beneficiaries: '[{"acc":"200030000","amt":1}]' });
    expect(messages(payout.trace)).toMatch(/element 0 has no "account"/);
    expect(messages(payout.trace)).toMatch(/"acc", "amt", which PayWay does not read here/);
    const refund = await plaintextOf('refund', { merchant_id: 'ec000002', merchant_auth: '{"mc_id":"other","tran_id":"T1","refund_amount":1}' });
    expect(messages(refund.trace)).toMatch(/"mc_id" is "other" but merchant_id is "ec000002"/);
  });

  it('Base64-encodes the payment-link return_url unless it already is Base64 of a URL', async () => {
    const auth = (url: string) => JSON.stringify({ mc_id: 'ec000002', title: 't', amount: '1.00', currency: 'USD', expired_date: 1893456000, return_url: url });
    const plain = await plaintextOf('payment-link-create', { merchant_id: 'ec000002', merchant_auth: auth('HTTPS://shop.example/done') });
    expect(JSON.parse(plain.plaintext).return_url).toBe(b64('HTTPS://shop.example/done'));
    const already = await plaintextOf('payment-link-create', { merchant_id: 'ec000002', merchant_auth: auth(b64('myapp://done')) });
    expect(JSON.parse(already.plaintext).return_url).toBe(b64('myapp://done'));
  });

  it('reports an unusable RSA key by field, without a second "is required"', async () => {
    const trace = await buildRequest('refund', { merchant_auth: '{"tran_id":"T1","refund_amount":1}' }, { apiKey: 'k', rsaPublicKeyPem: 'nope' }, { now });
    expect(trace.problems.filter((p) => p.field === 'merchant_auth').map((p) => p.message)).toEqual(['merchant_auth cannot be encrypted: the RSA public key is not a PEM: expected a block starting with -----BEGIN PUBLIC KEY-----']);
  });
});

describe('a supplied hash', () => {
  it('is compared, never sent beside the computed one', async () => {
    const trace = await buildRequest('check-transaction', { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '1', hash: 'theirs' }, credentials, { now });
    expect(trace.wire.filter(([n]) => n === 'hash')).toHaveLength(1);
    expect(trace.suppliedHash).toBe('theirs');
    expect(messages(trace)).toMatch(/the hash you supplied is not the one computed here/);
    expect(trace.signature.hash).toBe(createHmac('sha512', DEMO_MERCHANT.apiKey).update('20250213065545ec0000021').digest('base64'));
  });
});

describe('the transaction-list sample\'s "+"', () => {
  it('says PHP 8 throws when an operand is empty', async () => {
    const trace = await buildRequest('transaction-list', { req_time: '20250213065545', merchant_id: 'ec000002', to_date: '2025-02-13 23:59:59' }, credentials, { now, variant: 'php-sample-plus' });
    expect(messages(trace)).toMatch(/PHP 8 stops here with "TypeError/);
  });
});

describe('JSON bodies and the number rule', () => {
  it('sends every value of every JSON body as a string, so PayWay reads exactly what was hashed, and says so in the trace', async () => {
    for (const endpoint of catalog) {
      const trace = await buildRequest(endpoint, exampleInputs(endpoint), { ...credentials, partnerKey: DEMO_MERCHANT.apiKey });
      if (trace.body.contentType !== 'application/json') {
        expect(trace.bodyNote, endpoint.id).toBeUndefined();
        continue;
      }
      const sent = JSON.parse(trace.body.text) as Record<string, unknown>;
      for (const [name, value] of Object.entries(sent)) expect(typeof value, `${endpoint.id}.${name}`).toBe('string');
      expect(trace.bodyNote).toMatch(/as PHP prints it after json_decode \(1\.0 → "1"/);
    }
  });
});
