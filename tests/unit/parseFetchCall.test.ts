import { describe, expect, it } from 'vitest';
import { FetchParseError, parseFetchCall } from '../../src/core/interop/parseFetchCall.ts';
import { parseRequestText, RequestParseError } from '../../src/core/interop/parseRequestText.ts';

const CHECK_URL = 'https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2';
const CHECK_BODY = '{"req_time":"20250213065545","merchant_id":"ec000002","tran_id":"17394277693","hash":"abc"}';

// Chrome / Edge "Copy as fetch": devtools-frontend's generateFetchCall writes
// `fetch(${JSON.stringify(url)}, ${JSON.stringify(options, null, 2)});`.
const CHROME_CHECK = `fetch("${CHECK_URL}", {
  "headers": {
    "accept": "*/*",
    "accept-language": "en-US,en;q=0.9",
    "content-type": "application/json",
    "sec-ch-ua": "\\"Not A(Brand\\";v=\\"8\\", \\"Chromium\\";v=\\"132\\"",
    "sec-fetch-mode": "cors"
  },
  "referrer": "http://localhost:4173/",
  "referrerPolicy": "strict-origin-when-cross-origin",
  "body": ${JSON.stringify(CHECK_BODY)},
  "method": "POST",
  "mode": "cors",
  "credentials": "omit"
});`;

// "Copy as fetch (Node.js)": no mode or credentials; the referrer travels as a header.
const CHROME_NODE_CHECK = `fetch("${CHECK_URL}", {
  "headers": {
    "accept": "*/*",
    "content-type": "application/json",
    "Referer": "http://localhost:4173/",
    "Referrer-Policy": "strict-origin-when-cross-origin"
  },
  "body": ${JSON.stringify(CHECK_BODY)},
  "method": "POST"
});`;

// Firefox "Copy as Fetch": `await fetch("${url}", ${JSON.stringify(options, null, 4)});`.
const FIREFOX_CHECK = `await fetch("${CHECK_URL}", {
    "credentials": "omit",
    "headers": {
        "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0",
        "Accept": "*/*",
        "Content-Type": "application/json",
        "Sec-Fetch-Mode": "cors"
    },
    "referrer": "http://localhost:4173/",
    "body": ${JSON.stringify(CHECK_BODY)},
    "method": "POST",
    "mode": "cors"
});`;

describe('reading "Copy as fetch"', () => {
  it.each([
    ['Chrome', CHROME_CHECK],
    ['Chrome (Node.js)', CHROME_NODE_CHECK],
    ['Firefox', FIREFOX_CHECK],
  ])("reads %s's JSON check-transaction: URL, method, headers and the body byte for byte", (_, text) => {
    const command = parseFetchCall(text);
    expect(command).toMatchObject({ flavour: 'fetch', method: 'POST', url: CHECK_URL, contentType: 'application/json', body: CHECK_BODY, unknownOptions: [], warnings: [] });
    expect(command.data).toEqual([{ option: 'body', value: CHECK_BODY, contributes: CHECK_BODY }]);
    const parsed = parseRequestText(text);
    expect(parsed).toMatchObject({ format: 'fetch', method: 'POST', path: '/api/payment-gateway/v1/payments/check-transaction-2' });
    expect(parsed.fields).toEqual([
      ['req_time', '20250213065545'],
      ['merchant_id', 'ec000002'],
      ['tran_id', '17394277693'],
      ['hash', 'abc'],
    ]);
  });

  it('keeps header names and values as written, in order', () => {
    expect(parseFetchCall(CHROME_CHECK).headers).toEqual([
      ['accept', '*/*'],
      ['accept-language', 'en-US,en;q=0.9'],
      ['content-type', 'application/json'],
      ['sec-ch-ua', '"Not A(Brand";v="8", "Chromium";v="132"'],
      ['sec-fetch-mode', 'cors'],
    ]);
  });

  it('reads a urlencoded body with its percent-escapes untouched', () => {
    const body = 'request_id=REQ20250213001&merchant_id=ec000002&callback_url=aHR0cHM6Ly9leGFtcGxlLmNvbQ%3D%3D&hash=a%2Bb%2Fc%3D';
    const text = `fetch("https://checkout-sandbox.payway.com.kh/api/payment-credential/v3/cof/link-card", {\n  "headers": {\n    "content-type": "application/x-www-form-urlencoded"\n  },\n  "body": "${body}",\n  "method": "POST"\n});`;
    expect(parseFetchCall(text).body).toBe(body);
    expect(parseRequestText(text).fields).toEqual([
      ['request_id', 'REQ20250213001'],
      ['merchant_id', 'ec000002'],
      ['callback_url', 'aHR0cHM6Ly9leGFtcGxlLmNvbQ=='],
      ['hash', 'a+b/c='],
    ]);
  });

  it('reads a multipart body with CR LF and Khmer text, as JSON.stringify writes them', () => {
    const body =
      '------WebKitFormBoundaryQ7xK\r\nContent-Disposition: form-data; name="firstname"\r\n\r\nសុខា\r\n' +
      '------WebKitFormBoundaryQ7xK\r\nContent-Disposition: form-data; name="hash"\r\n\r\nSENT==\r\n------WebKitFormBoundaryQ7xK--\r\n';
    const text = `fetch("https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/purchase", ${JSON.stringify(
      { headers: { 'content-type': 'multipart/form-data; boundary=----WebKitFormBoundaryQ7xK' }, body, method: 'POST' },
      null,
      2,
    )});`;
    expect(text).toContain('សុខា\\r\\n');
    expect(parseFetchCall(text).body).toBe(body);
    expect(parseRequestText(text).fields).toEqual([
      ['firstname', 'សុខា'],
      ['hash', 'SENT=='],
    ]);
  });

  it('decodes JSON escapes (\\" \\\\ \\/ \\n \\u00e9 \\u2028) and leaves "$" and backticks alone', () => {
    const text = String.raw`fetch("https://x.test/p", {"body": "{\"url\":\"https:\/\/shop.example\/r?total=$5&t=\u0060x\u0060\",\"n\":\"caf\u00e9\\\u2028\n\"}", "method": "post"})`;
    const command = parseFetchCall(text);
    expect(command.body).toBe('{"url":"https://shop.example/r?total=$5&t=`x`","n":"café\\\u2028\n"}');
    expect(command.method).toBe('POST');
  });

  it('reads a call without options, or with "body": null, as a GET without a body', () => {
    const bare = parseFetchCall('fetch("https://x.test/p");');
    expect(bare).toMatchObject({ method: 'GET', data: [] });
    expect(bare.body).toBeUndefined();
    expect(bare.contentType).toBeUndefined();
    const chromeGet = `fetch("https://x.test/p", {\n  "headers": {\n    "accept": "*/*"\n  },\n  "referrerPolicy": "strict-origin-when-cross-origin",\n  "body": null,\n  "method": "GET",\n  "mode": "cors",\n  "credentials": "omit"\n});`;
    const get = parseFetchCall(chromeGet);
    expect(get).toMatchObject({ method: 'GET', headers: [['accept', '*/*']], warnings: [] });
    expect(get.body).toBeUndefined();
  });

  it("says what fetch sends without a Content-Type header, and the doctor's warning names it", () => {
    const text = `fetch("${CHECK_URL}", {"body": ${JSON.stringify(CHECK_BODY)}, "method": "POST"});`;
    expect(parseFetchCall(text)).toMatchObject({ contentType: 'text/plain;charset=UTF-8', warnings: ['No Content-Type header: fetch sends a string body as text/plain;charset=UTF-8.'] });
    expect(parseRequestText(text).warnings.join(' ')).toMatch(/The body is JSON but its Content-Type is text\/plain;charset=UTF-8 \(fetch's default for a string body\)/);
  });

  it('reads single-quoted and template URLs with JavaScript escapes, and a result variable', () => {
    expect(parseFetchCall("const response = await fetch('https://x.test/a\\x2Fb', {})").url).toBe('https://x.test/a/b');
    expect(parseFetchCall('window.fetch(`https://x.test/p`)').url).toBe('https://x.test/p');
  });

  it('uses the first of several calls ("Copy all as fetch") and reports what follows a call', () => {
    const all = `${CHROME_CHECK.slice(0, -1)} ;\nfetch("https://x.test/other", {"method": "GET"});`;
    expect(parseFetchCall(all)).toMatchObject({ url: CHECK_URL, warnings: ['1 more fetch call follows the first; only the first was read.'] });
    expect(parseFetchCall('fetch("https://x.test/p").then((r) => r.json())').warnings).toEqual(['What follows the call was ignored: .then((r) => r.json())']);
  });

  it('reports options it does not know, and a repeated one', () => {
    const command = parseFetchCall('fetch("https://x.test/p", {"method": "GET", "method": "POST", "agent": null, "timeout": 5})');
    expect(command.method).toBe('POST');
    expect(command.unknownOptions).toEqual(['"agent"', '"timeout"']);
    expect(command.warnings).toEqual(['The option "method" is given twice; the last one counts, as in JavaScript.', 'Options not understood (reported, not used): "agent" "timeout".']);
  });
});

describe('fetch calls whose options are not JSON', () => {
  const errorOf = (text: string): string => {
    try {
      parseFetchCall(text);
    } catch (error) {
      expect(error).toBeInstanceOf(FetchParseError);
      return (error as Error).message;
    }
    throw new Error('no error');
  };

  it('names an unquoted key and where it is', () => {
    expect(errorOf('fetch("https://x.test/p", {\n  method: "POST",\n  body: "{}"\n})')).toBe('the key method is not in double quotes, so this is JavaScript, not JSON (line 2, column 3)');
  });

  it('names JavaScript that would have to run: JSON.stringify(…), a variable, a template, a single-quoted string', () => {
    expect(errorOf('fetch("https://x.test/p", {"method": "POST", "body": JSON.stringify({ tran_id: id })})')).toBe(
      'JSON.stringify({ tran_id: id }) is JavaScript that would have to run, not a JSON value; write the value out (line 1, column 54)',
    );
    expect(errorOf('fetch("https://x.test/p", {"body": payload})')).toMatch(/^payload is JavaScript that would have to run/);
    expect(errorOf('fetch("https://x.test/p", {"body": `a=${a}`})')).toMatch(/^a template literal is JavaScript, not JSON/);
    expect(errorOf(`fetch("https://x.test/p", {"body": 'a=1'})`)).toBe('a single-quoted string is JavaScript, not JSON; write it in double quotes (line 1, column 36)');
    expect(errorOf('fetch(url, {})')).toBe('the URL should be a string, not url (line 1, column 7)');
    expect(errorOf('fetch(`${base}/purchase`)')).toBe('the URL is a template with ${…}, which would have to run; write the URL out (line 1, column 8)');
  });

  it('names a trailing comma, a comment, a raw line break in a string and a bad escape', () => {
    expect(errorOf('fetch("https://x.test/p", {"method": "POST",\n})')).toBe('a comma before "}" is JavaScript, not JSON (line 2, column 1)');
    expect(errorOf('fetch("https://x.test/p", {\n  // send it\n  "method": "POST"})')).toBe('a comment is JavaScript, not JSON; remove it (line 2, column 3)');
    expect(errorOf('fetch("https://x.test/p", {"body": "a\nb"})')).toMatch(/^a line break inside a string must be escaped .* \(line 1, column 38\)$/);
    expect(errorOf('fetch("https://x.test/p", {"body": "a\\x41"})')).toBe('"\\x" is not a JSON escape (line 1, column 38)');
  });

  it('names an unterminated string, an unclosed call and a body that is not text', () => {
    expect(errorOf('fetch("https://x.test/p", {"body": "{\\"a\\":1}')).toBe('the string that starts here is never closed (line 1, column 36)');
    expect(errorOf('fetch("https://x.test/p", {"method": "POST"}')).toBe('the fetch( call is never closed (line 1, column 45)');
    expect(errorOf('fetch("https://x.test/p", {"body": {"tran_id": "T-1"}})')).toBe('"body" should be the text that was sent, as a JSON string (or null), not an object (line 1, column 28)');
    expect(errorOf('fetch("https://x.test/p", "POST")')).toBe('the options (the second argument) should be an object { … }, not a string (line 1, column 27)');
  });

  it('reaches the doctor as one error type that says a fetch call failed', () => {
    expect(() => parseRequestText('fetch("https://x.test/p", {method: "POST"})')).toThrow(RequestParseError);
    expect(() => parseRequestText('await fetch("https://x.test/p", {method: "POST"})')).toThrow(/^the fetch call cannot be read: the key method is not in double quotes/);
  });
});

describe('error positions in pasted text', () => {
  it('count the lines of the text as pasted, blank lines and comments before the call included', () => {
    expect(() => parseRequestText('\n\n// copied from Chrome\nfetch("https://x.test/p", {\n  method: "POST"\n})')).toThrow(
      'the fetch call cannot be read: the key method is not in double quotes, so this is JavaScript, not JSON (line 5, column 3)',
    );
  });
});
