import { describe, expect, it } from 'vitest';
import { catalog, emulatorVariant } from '../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { importCurl } from '../../src/core/interop/curlImport.ts';
import { curlSnippet } from '../../src/core/interop/snippets/curlSnippet.ts';
import { buildRequest, exampleInputs } from '../../src/core/signing/buildRequest.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const ITEMS = '[{"name":"កាហ្វេ","quantity":1,"price":1.5}]';
const RETURN_URL = 'https://shop.example/payway/return?x=1';

describe('import from cURL', () => {
  it("reads Chromium's Copy as cURL (bash): multipart body in --data-raw $'…'", () => {
    const body = [
      ['req_time', '20250213065545'],
      ['merchant_id', 'ec000002'],
      ['tran_id', 'T-1'],
      ['amount', '1.50'],
      ['items', b64(ITEMS)],
      ['return_url', b64(RETURN_URL)],
      ['hash', 'SENT-HASH=='],
    ]
      .map(([n, v]) => `------WebKitFormBoundaryAbC\\r\\nContent-Disposition: form-data; name="${n}"\\r\\n\\r\\n${v}\\r\\n`)
      .join('');
    const command = [
      "curl 'http://127.0.0.1:4173/mock/api/payment-gateway/v1/payments/purchase' \\",
      "  -H 'Accept: */*' \\",
      "  -H 'Content-Type: multipart/form-data; boundary=----WebKitFormBoundaryAbC' \\",
      "  -H 'Origin: http://127.0.0.1:4173' \\",
      "  -H 'sec-ch-ua-mobile: ?0' \\",
      "  -H 'X-Debug: 1' \\",
      `  --data-raw $'${body}------WebKitFormBoundaryAbC--\\r\\n'`,
    ].join('\n');
    const result = importCurl(command);
    expect(result.draft).toEqual({
      endpoint: 'purchase',
      inputs: { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'T-1', amount: '1.50', items: ITEMS, return_url: RETURN_URL },
    });
    expect(result.sentHash).toBe('SENT-HASH==');
    // Browser noise is skipped; a header that means something to someone is reported.
    expect(result.notes.map((n) => n.subject)).toContain('X-Debug');
    expect(result.notes.map((n) => n.subject)).not.toContain('sec-ch-ua-mobile');
  });

  it("reads Chromium's Copy as cURL (cmd): ^-escaped JSON in --data-raw", () => {
    const command =
      'curl ^"http://127.0.0.1:4173/mock/api/payment-gateway/v1/payments/check-transaction-2^" ^\r\n' +
      '  -H ^"Content-Type: application/json^" ^\r\n' +
      '  --data-raw ^"^{^\\^"req_time^\\^":^\\^"20250213065545^\\^",^\\^"merchant_id^\\^":^\\^"ec000002^\\^",^\\^"tran_id^\\^":^\\^"T-1^\\^",^\\^"hash^\\^":^\\^"abc^\\^"^}^"';
    const result = importCurl(command);
    expect(result.draft).toEqual({ endpoint: 'check-transaction', inputs: { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'T-1' } });
    expect(result.sentHash).toBe('abc');
  });

  it('reads -F parts, keeps RSA ciphertext verbatim and reports the file part', () => {
    const command = [
      'curl -X POST https://checkout-sandbox.payway.com.kh/api/merchant-portal/merchant-access/payment-link/create \\',
      "  -F 'request_time=20250213065545' -F 'merchant_id=ec000002' \\",
      "  -F 'merchant_auth=QUJDRA+/==' -F 'image=@logo.png' -F 'hash=h'",
    ].join('\n');
    const result = importCurl(command);
    expect(result.draft).toEqual({ endpoint: 'payment-link-create', inputs: { request_time: '20250213065545', merchant_id: 'ec000002' }, wire: { merchant_auth: 'QUJDRA+/==' } });
    expect(result.notes.find((n) => n.subject === 'merchant_auth')?.message).toMatch(/RSA ciphertext/);
    expect(result.notes.find((n) => n.subject === 'image')?.message).toMatch(/file upload/);
  });

  it('reads --data-urlencode and decodes Base64 values that re-encode identically', () => {
    const callback = b64('https://shop.example/cb?a=1&b=2');
    const command = [
      'curl https://checkout-sandbox.payway.com.kh/api/payment-credential/v3/cof/link-card \\',
      "  --data-urlencode 'request_id=REQ12345' --data-urlencode 'request_time=20250213065545' \\",
      "  --data-urlencode 'merchant_id=ec000002' --data-urlencode 'ctid=CT-1' --data-urlencode 'token_flag=CITI_FLEX' \\",
      `  --data-urlencode 'currency=USD' --data-urlencode 'callback_url=${callback}' --data-urlencode 'hash=a+b/c='`,
    ].join('\n');
    const result = importCurl(command);
    expect(result.draft?.endpoint).toBe('link-card-v3');
    expect(result.draft?.inputs.callback_url).toBe('https://shop.example/cb?a=1&b=2');
    expect(result.sentHash).toBe('a+b/c=');
  });

  it('keeps a value as a wire override when decoding would change the bytes that were hashed', () => {
    const spaced = b64('[ {"name": "a", "quantity": 1, "price": 1} ]');
    const result = importCurl(`curl https://x.example/api/payment-gateway/v1/payments/purchase -F 'items=${spaced}' -F 'merchant_id=ec000002'`);
    expect(result.draft?.wire).toEqual({ items: spaced });
    expect(result.draft?.inputs).not.toHaveProperty('items');
  });

  it('reports, and keeps, what it does not understand', () => {
    const result = importCurl(`curl --frobnicate -X GET 'https://x.example/api/payment-gateway/v1/payments/check-transaction-2?debug=1' -H 'Content-Type: text/plain' --data-raw '{"merchant_id":"ec000002","tran_id":"T","note":"x"}'`);
    const messages = result.notes.map((n) => n.message).join('\n');
    expect(messages).toMatch(/--frobnicate/);
    expect(messages).toMatch(/GET; PayWay accepts POST only/);
    expect(messages).toMatch(/query string/);
    expect(messages).toMatch(/Content-Type text\/plain/);
    expect(messages).toMatch(/note is not a field of Check transaction; kept/);
    expect(messages).toMatch(/not in the command: req_time/);
    expect(result.draft?.inputs.note).toBe('x');
  });

  it('says so when no endpoint matches', () => {
    const result = importCurl("curl https://example.com/other -d 'a=1'");
    expect(result.draft).toBeUndefined();
    expect(result.notes.at(-1)?.message).toMatch(/No PayWay endpoint/);
  });

  // The strongest check: our own cURL snippet, imported back, gives the same request and the same hash.
  it.each(catalog.map((e) => e.id))('round-trips the %s cURL snippet to the same hash', async (id) => {
    const endpoint = catalog.find((e) => e.id === id)!;
    const variant = emulatorVariant(endpoint).id;
    const credentials = { apiKey: DEMO_MERCHANT.apiKey, partnerKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem };
    const original = await buildRequest(endpoint, exampleInputs(endpoint, variant), credentials, { variant });
    const imported = importCurl(curlSnippet(original));
    expect(imported.sentHash).toBe(original.signature.hash);
    const candidates = new Set([imported.draft!.endpoint, ...imported.recognition.ties]);
    expect(candidates.has(endpoint.id)).toBe(true);
    const rebuilt = await buildRequest(endpoint, imported.draft!.inputs, credentials, { variant, wire: imported.draft!.wire });
    expect(rebuilt.stringToSign).toBe(original.stringToSign);
    expect(rebuilt.signature.hash).toBe(original.signature.hash);
  });
});
