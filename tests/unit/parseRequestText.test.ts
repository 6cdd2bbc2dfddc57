import { describe, expect, it } from 'vitest';
import { parseRequestText, pathOf, readJsonMembers, RequestParseError } from '../../src/core/interop/parseRequestText.ts';
import { recogniseEndpoint } from '../../src/core/interop/recogniseEndpoint.ts';

const PURCHASE_PATH = '/api/payment-gateway/v1/payments/purchase';

describe('parseRequestText', () => {
  it('reads a JSON body, keeping the source text of numbers and saying what it did with them', () => {
    const parsed = parseRequestText('{"req_time":"20250213065545","amount":0.10,"skip":null,"flag":true,"items":[{"a":"b/c"}],"n":"x\\u00e9"}');
    expect(parsed.format).toBe('json');
    expect(parsed.contentType).toBe('application/json');
    expect(parsed.fields).toEqual([
      ['req_time', '20250213065545'],
      ['amount', '0.1'],
      ['skip', ''],
      ['flag', '1'],
      ['items', '[{"a":"b/c"}]'],
      ['n', 'xé'],
    ]);
    const warnings = parsed.warnings.join('\n');
    expect(warnings).toMatch(/amount is the JSON number 0\.10; PayWay hashes a JSON number as PHP prints it: "0\.1", not "0\.10"/);
    expect(parsed.numbers).toEqual([
      { field: 'amount', kind: 'number', written: '0.10', read: '0.1' },
      { field: 'flag', kind: 'literal', written: 'true', read: '1' },
    ]);
    expect(warnings).toMatch(/skip is null/);
    expect(warnings).toMatch(/items is a nested JSON array/);
  });

  it('reads a form body, decoding "+" as a space and warning about it', () => {
    const parsed = parseRequestText('req_time=20250213065545&items=ab+cd%2Bef&email=a%40b.c');
    expect(parsed.format).toBe('urlencoded');
    expect(parsed.fields).toEqual([
      ['req_time', '20250213065545'],
      ['items', 'ab cd+ef'],
      ['email', 'a@b.c'],
    ]);
    expect(parsed.warnings.join(' ')).toMatch(/"\+" means a space, so items was read with spaces/);
  });

  it('reads a multipart dump with CR LF or LF line ends, skipping file parts', () => {
    const boundary = '----WebKitFormBoundaryABC';
    const crlf = `--${boundary}\r\nContent-Disposition: form-data; name="req_time"\r\n\r\n20250213065545\r\n--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n<binary>\r\n--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\ntwo\r\nlines\r\n--${boundary}--\r\n`;
    const parsed = parseRequestText(crlf);
    expect(parsed.format).toBe('multipart');
    expect(parsed.fields).toEqual([
      ['req_time', '20250213065545'],
      ['note', 'two\r\nlines'],
    ]);
    expect(parsed.files).toEqual(['image']);
    expect(parseRequestText(crlf.replace(/\r\n/g, '\n')).fields).toEqual([
      ['req_time', '20250213065545'],
      ['note', 'two\nlines'],
    ]);
  });

  it('reads "name: value", "name=value", tab-separated, print_r and JSON-ish lines', () => {
    const parsed = parseRequestText('req_time: 20250213065545\nmerchant_id=ec000002\ntran_id\t17394277693\n[amount] => 1.00\n"email": "a@b.c",\n\n# a comment\nnot a field line');
    expect(parsed.format).toBe('lines');
    expect(parsed.fields).toEqual([
      ['req_time', '20250213065545'],
      ['merchant_id', 'ec000002'],
      ['tran_id', '17394277693'],
      ['amount', '1.00'],
      ['email', 'a@b.c'],
    ]);
    expect(parsed.warnings).toEqual([expect.stringMatching(/Line 8 .* skipped: not a field line/)]);
  });

  it('keeps a value\'s inner and trailing spaces in lines (they may be the mistake)', () => {
    expect(parseRequestText('email: a@b.c  \nphone: 012 345').fields).toEqual([
      ['email', 'a@b.c  '],
      ['phone', '012 345'],
    ]);
  });

  it('reads a raw HTTP request with headers, and a bare URL line followed by a body', () => {
    const http = parseRequestText(`POST ${PURCHASE_PATH} HTTP/1.1\nHost: checkout-sandbox.payway.com.kh\nContent-Type: application/x-www-form-urlencoded\n\na=1&b=2`);
    expect(http).toMatchObject({ format: 'http', method: 'POST', path: PURCHASE_PATH, contentType: 'application/x-www-form-urlencoded', fields: [['a', '1'], ['b', '2']] });
    const bare = parseRequestText(`https://checkout-sandbox.payway.com.kh${PURCHASE_PATH}?x=1\n{"a":"1"}`);
    expect(bare).toMatchObject({ format: 'json', path: PURCHASE_PATH, fields: [['a', '1']] });
  });

  it('reads a cURL command: its path, its form or its body', () => {
    const multipart = parseRequestText(`curl 'https://checkout-sandbox.payway.com.kh${PURCHASE_PATH}' -F 'a=1' -F 'img=@x.png'`);
    expect(multipart).toMatchObject({ format: 'curl', method: 'POST', path: PURCHASE_PATH, contentType: 'multipart/form-data', fields: [['a', '1']], files: ['img'] });
    const json = parseRequestText(`curl https://x.test/p -H 'Content-Type: application/json' -d '{"a":"1"}'`);
    expect(json.fields).toEqual([['a', '1']]);
    const jsonAsForm = parseRequestText(`curl https://x.test/p -d '{"a":"1"}'`);
    expect(jsonAsForm.fields).toEqual([['a', '1']]);
    expect(jsonAsForm.warnings.join(' ')).toMatch(/JSON but its Content-Type is application\/x-www-form-urlencoded/);
  });

  it('turns parse failures into one error type', () => {
    expect(() => parseRequestText('{"a": }')).toThrow(RequestParseError);
    expect(() => parseRequestText('[1,2]')).not.toThrow();
    expect(() => parseRequestText("curl 'unterminated")).toThrow(/cURL command cannot be read/);
  });

  it('returns nothing for empty text', () => {
    expect(parseRequestText('  \n ')).toMatchObject({ format: 'empty', fields: [] });
  });

  it('lists JSON members in source order with their raw text', () => {
    expect(readJsonMembers('{ "b" : 1.50 , "a":{"x":[1,"]"]} }').map((m) => [m.name, m.raw, m.kind])).toEqual([
      ['b', '1.50', 'number'],
      ['a', '{"x":[1,"]"]}', 'nested'],
    ]);
  });

  it('takes the path of a URL or a bare path', () => {
    expect(pathOf('https://h.test/a/b/?q=1#f')).toBe('/a/b');
    expect(pathOf('/a/b')).toBe('/a/b');
  });
});

describe('recogniseEndpoint', () => {
  it('knows an endpoint by its path', () => {
    expect(recogniseEndpoint('https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2', ['req_time'])).toMatchObject({ endpoint: 'check-transaction', by: 'path' });
  });

  it('tells purchase, purchase-with-token and subscription apart on their shared path by the fields', () => {
    const base = ['req_time', 'merchant_id', 'tran_id', 'amount'];
    expect(recogniseEndpoint(PURCHASE_PATH, [...base, 'items', 'payment_option', 'view_type']).endpoint).toBe('purchase');
    expect(recogniseEndpoint(PURCHASE_PATH, [...base, 'ctid', 'pwt', 'currency']).endpoint).toBe('purchase-with-token');
    expect(recogniseEndpoint(PURCHASE_PATH, [...base, 'ctid', 'token_flag', 'frequency']).endpoint).toBe('subscription');
    expect(recogniseEndpoint(PURCHASE_PATH, base).by).toBe('path+fields');
  });

  it('reports pre-auth completion with and without payout as ties (same path, same fields)', () => {
    const result = recogniseEndpoint('/api/merchant-portal/merchant-access/online-transaction/pre-auth-completion', ['request_time', 'merchant_id', 'merchant_auth']);
    expect(result.ties.sort()).toEqual(['pre-auth-complete', 'pre-auth-complete-payout']);
  });

  it('accepts the end of a documented path, and the legacy path without -2 with a note', () => {
    expect(recogniseEndpoint('/v1/payments/refund', []).endpoint).toBeUndefined();
    expect(recogniseEndpoint('/online-transaction/refund', []).endpoint).toBe('refund');
    const legacy = recogniseEndpoint('/api/payment-gateway/v1/payments/check-transaction', ['req_time', 'merchant_id', 'tran_id']);
    expect(legacy.endpoint).toBe('check-transaction-v1');
    expect(legacy.notes.join(' ')).toMatch(/legacy v1 path .*check-transaction-2/);
    // Without a path the same fields name the current endpoint, never the legacy one.
    expect(recogniseEndpoint(undefined, ['req_time', 'merchant_id', 'tran_id']).ties).not.toContain('check-transaction-v1');
  });

  it('guesses from the field names when there is no path', () => {
    expect(recogniseEndpoint(undefined, ['merchant_id', 'tran_id', 'beneficiaries', 'amount', 'currency', 'hash'])).toMatchObject({ endpoint: 'payout', by: 'fields' });
    expect(recogniseEndpoint(undefined, ['request_time', 'merchant_id', 'request_id', 'ctid', 'pwt']).endpoint).toBe('renew-token-v3');
    const three = recogniseEndpoint(undefined, ['req_time', 'merchant_id', 'tran_id']);
    expect(three.ties).toEqual(expect.arrayContaining(['check-transaction', 'close-transaction', 'transaction-detail']));
  });

  it('says so when nothing fits', () => {
    const none = recogniseEndpoint(undefined, ['foo', 'bar']);
    expect(none.endpoint).toBeUndefined();
    expect(none.by).toBe('none');
    expect(recogniseEndpoint('/nope/at/all', []).notes.join(' ')).toMatch(/No PayWay endpoint has the path/);
  });
});
