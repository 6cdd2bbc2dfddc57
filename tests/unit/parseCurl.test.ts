import { describe, expect, it } from 'vitest';
import { bashWords, cmdWords, CurlParseError, detectFlavour, parseCurl } from '../../src/core/interop/parseCurl.ts';

const URL = 'https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2';

describe('bash words', () => {
  it('follows single, double and $-quoting, backslash escapes and line continuations', () => {
    expect(bashWords(`curl 'a b' "c \\"d\\" \\$e \\x" f\\ g \\\n  h $'i\\n\\tj\\x41\\u00e9\\'k'`).words).toEqual([
      'curl',
      'a b',
      'c "d" $e \\x',
      'f g',
      'h',
      "i\n\tjAé'k",
    ]);
  });

  it('joins adjacent quoted pieces into one word and keeps empty quoted words', () => {
    expect(bashWords(`curl -d 'a'"b"c '' ""`).words).toEqual(['curl', '-d', 'abc', '', '']);
  });

  it('continues lines ending in a backslash before CR LF', () => {
    expect(bashWords('curl \\\r\n  -X POST').words).toEqual(['curl', '-X', 'POST']);
  });

  it('stops at a pipe and says so, and reports variables it did not expand', () => {
    const { words, warnings } = bashWords(`curl "$HOST/x" -H "Authorization: \${TOKEN}" | jq .`);
    expect(words).toEqual(['curl', '$HOST/x', '-H', 'Authorization: ${TOKEN}']);
    expect(warnings.join(' ')).toMatch(/\$HOST is a shell variable/);
    expect(warnings.join(' ')).toMatch(/\$\{TOKEN\}/);
    expect(warnings.join(' ')).toMatch(/"\| jq \." on is another shell command/);
  });

  it('refuses an unterminated quote', () => {
    expect(() => bashWords(`curl 'abc`)).toThrow(CurlParseError);
    expect(() => bashWords(`curl "abc`)).toThrow(/never closed/);
  });
});

describe('cmd words', () => {
  it('reads Chrome\'s "Copy as cURL (cmd)" escaping (^ before every special character)', () => {
    const text = 'curl ^"https://x.test/a?b=1^&c=2^" ^\n  -H ^"Content-Type: application/json^" ^\n  --data-raw ^"^{^\\^"a^\\^":^\\^"50^%^ off^\\^"^}^"';
    expect(detectFlavour(text)).toBe('cmd');
    expect(cmdWords(text).words).toEqual(['curl', 'https://x.test/a?b=1&c=2', '-H', 'Content-Type: application/json', '--data-raw', '{"a":"50% off"}']);
  });

  it('keeps carets inside cmd quotes and applies the C runtime backslash rules', () => {
    expect(cmdWords('curl "a^b" "c\\"d" e\\\\"f g" "h""i"').words).toEqual(['curl', 'a^b', 'c"d', 'e\\f g', 'h"i']);
  });

  it('turns "^ newline newline" into a newline inside a value', () => {
    expect(cmdWords('curl --data-raw ^"line1^\n\nline2^"').words).toEqual(['curl', '--data-raw', 'line1\nline2']);
  });
});

describe('parseCurl', () => {
  it('reads a JSON POST from Chrome "Copy as cURL (bash)"', () => {
    const command = parseCurl(`curl '${URL}' \\
  -H 'accept: */*' \\
  -H 'content-type: application/json' \\
  --data-raw '{"req_time":"20250213065545","merchant_id":"ec000002","tran_id":"17394277693","hash":"abc+/="}' \\
  --compressed`);
    expect(command).toMatchObject({
      flavour: 'bash',
      url: URL,
      method: 'POST',
      contentType: 'application/json',
      body: '{"req_time":"20250213065545","merchant_id":"ec000002","tran_id":"17394277693","hash":"abc+/="}',
      unknownOptions: [],
    });
    expect(command.headers).toEqual([
      ['accept', '*/*'],
      ['content-type', 'application/json'],
    ]);
  });

  it('reads multipart -F parts, files, types and quoted values', () => {
    const command = parseCurl(`curl -X POST ${URL} -F 'req_time=20250213065545' -F "items=eyJhIjoxfQ==" -F 'image=@logo.png;type=image/png' -F 'note="a;b";type=text/plain' --form-string 'raw=@not-a-file'`);
    expect(command.contentType).toBe('multipart/form-data');
    expect(command.form).toEqual([
      { name: 'req_time', value: '20250213065545' },
      { name: 'items', value: 'eyJhIjoxfQ==' },
      { name: 'image', value: '', file: 'logo.png', contentType: 'image/png' },
      { name: 'note', value: 'a;b', contentType: 'text/plain' },
      { name: 'raw', value: '@not-a-file' },
    ]);
  });

  it('joins several --data options with "&" and url-encodes --data-urlencode the way curl does', () => {
    const command = parseCurl(`curl ${URL} -d a=1 --data-binary 'b=2+3' --data-urlencode 'c=x y+z' --data-urlencode '=only' --data-urlencode 'plain&text'`);
    expect(command.body).toBe('a=1&b=2+3&c=x+y%2Bz&only&plain%26text');
    expect(command.contentType).toBe('application/x-www-form-urlencoded');
    expect(command.method).toBe('POST');
  });

  it('reports data read from a file instead of inventing it', () => {
    const command = parseCurl(`curl ${URL} -d @body.json`);
    expect(command.data[0]).toMatchObject({ option: '--data', file: 'body.json', contributes: '' });
    expect(command.warnings.join(' ')).toMatch(/reads the file "body.json"/);
  });

  it('takes --url, -X attached to its value, clustered short flags, and --json', () => {
    const command = parseCurl(`curl -sSLk -XPUT --url ${URL} --json '{"a":1}'`);
    expect(command).toMatchObject({ url: URL, method: 'PUT', contentType: 'application/json', body: '{"a":1}', unknownOptions: [] });
  });

  it('reports unknown options rather than dropping them silently', () => {
    const command = parseCurl(`curl --frobnicate -Q ${URL}`);
    expect(command.unknownOptions).toEqual(['--frobnicate', '-Q']);
    expect(command.warnings.join(' ')).toMatch(/not understood.*--frobnicate -Q/);
    expect(command.url).toBe(URL);
  });

  it('moves the data into the query string with -G', () => {
    expect(parseCurl(`curl -G ${URL} -d a=1 -d b=2`)).toMatchObject({ method: 'GET', url: `${URL}?a=1&b=2`, body: undefined });
  });

  it('keeps header values whole, adds -e / -A / -b as headers, and warns about -u', () => {
    const command = parseCurl(`curl ${URL} -H 'X-Thing: a: b' -e https://partner.example.com -A agent/1 -b 'c=d' -u me:pw`);
    expect(command.headers).toEqual([
      ['X-Thing', 'a: b'],
      ['Referer', 'https://partner.example.com'],
      ['User-Agent', 'agent/1'],
      ['Cookie', 'c=d'],
    ]);
    expect(command.warnings.join(' ')).toMatch(/Basic Authorization/);
  });

  it('accepts a shell prompt, curl.exe and a path to curl', () => {
    expect(parseCurl(`$ curl ${URL}`).url).toBe(URL);
    expect(parseCurl(`curl.exe ${URL}`).url).toBe(URL);
    expect(parseCurl(`/usr/bin/curl ${URL}`).url).toBe(URL);
  });

  it('defaults to GET with no data and says when there is more than one URL', () => {
    const command = parseCurl(`curl ${URL} https://other.test/`);
    expect(command.method).toBe('GET');
    expect(command.warnings.join(' ')).toMatch(/More than one URL/);
  });

  it('refuses what is not a curl command, and options missing their argument', () => {
    expect(() => parseCurl('wget https://x.test')).toThrow(/not a curl command/);
    expect(() => parseCurl('curl https://x.test -H')).toThrow(/-H needs an argument/);
    expect(() => parseCurl('curl https://x.test --data-raw')).toThrow(/--data-raw needs an argument/);
  });
});
