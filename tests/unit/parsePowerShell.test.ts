import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/interop/parseCommand.ts';
import { parsePowerShell, PowerShellParseError } from '../../src/core/interop/parsePowerShell.ts';
import { parseRequestText, RequestParseError } from '../../src/core/interop/parseRequestText.ts';

const CHECK_URL = 'https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2';
const PURCHASE_URL = 'https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/purchase';
const CHECK_BODY = '{"req_time":"20250213065545","merchant_id":"ec000002","tran_id":"17394277693","hash":"abc"}';
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36';

// Chrome / Edge "Copy as PowerShell", as devtools-frontend's generatePowerShellCommand writes it: a
// WebRequestSession for the user agent, every string in "…" with ` before ` $ ", lines joined by " `\n".
const CHROME_CHECK = `$session = New-Object Microsoft.PowerShell.Commands.WebRequestSession
$session.UserAgent = "${UA}"
Invoke-WebRequest -UseBasicParsing -Uri "${CHECK_URL}" \`
-Method "POST" \`
-WebSession $session \`
-Headers @{
"Accept"="*/*"
  "Accept-Language"="en-US,en;q=0.9"
  "Origin"="http://localhost:4173"
  "Referer"="http://localhost:4173/"
  "Sec-Fetch-Mode"="cors"
  "sec-ch-ua-platform"="\`"Windows\`""
} \`
-ContentType "application/json" \`
-Body "{\`"req_time\`":\`"20250213065545\`",\`"merchant_id\`":\`"ec000002\`",\`"tran_id\`":\`"17394277693\`",\`"hash\`":\`"abc\`"}"`;

// Firefox "Copy as PowerShell" (devtools/client/netmonitor/src/utils/powershell.js): cookies in the
// session, -UserAgent, "Name" = "value" headers, a bare -Method in older versions.
const FIREFOX_CHECK = `$session = New-Object Microsoft.PowerShell.Commands.WebRequestSession
$session.Cookies.Add((New-Object System.Net.Cookie("sid", "a1b2", "/", "localhost")))
$session.Cookies.Add((New-Object System.Net.Cookie("theme", "dark", "/", "localhost")))
Invoke-WebRequest -UseBasicParsing -Uri "${CHECK_URL}" \`
-Method POST \`
-WebSession $session \`
-UserAgent "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0" \`
-Headers @{
"Accept" = "*/*"
  "Accept-Language" = "en-US,en;q=0.5"
  "Accept-Encoding" = "gzip, deflate, br, zstd"
  "Origin" = "http://localhost:4173"
  "Sec-Fetch-Dest" = "empty"
} \`
-ContentType "application/json" \`
-Body "{\`"req_time\`":\`"20250213065545\`",\`"merchant_id\`":\`"ec000002\`",\`"tran_id\`":\`"17394277693\`",\`"hash\`":\`"abc\`"}"`;

const CRLF = '$([char]13)$([char]10)';
/** A multipart part as Chrome writes it inside UTF8.GetBytes("…"): CR LF as $([char]13)$([char]10). */
const part = (name: string, value: string) => `------WebKitFormBoundaryQ7xK${CRLF}Content-Disposition: form-data; name=\`"${name}\`"${CRLF}${CRLF}${value}${CRLF}`;

describe('reading "Copy as PowerShell"', () => {
  it("reads Chrome's JSON check-transaction: URL, method, headers, content type and the body byte for byte", () => {
    const command = parsePowerShell(CHROME_CHECK);
    expect(command).toMatchObject({ flavour: 'powershell', method: 'POST', url: CHECK_URL, contentType: 'application/json', body: CHECK_BODY, warnings: [] });
    expect(command.headers).toEqual([
      ['User-Agent', UA],
      ['Accept', '*/*'],
      ['Accept-Language', 'en-US,en;q=0.9'],
      ['Origin', 'http://localhost:4173'],
      ['Referer', 'http://localhost:4173/'],
      ['Sec-Fetch-Mode', 'cors'],
      ['sec-ch-ua-platform', '"Windows"'],
      ['Content-Type', 'application/json'],
    ]);
    expect(command.data).toEqual([{ option: '-Body', value: CHECK_BODY, contributes: CHECK_BODY }]);
  });

  it("reads Firefox's: a bare -Method, -UserAgent, spaced hashtable entries and the session's cookies", () => {
    const command = parsePowerShell(FIREFOX_CHECK);
    expect(command).toMatchObject({ method: 'POST', url: CHECK_URL, body: CHECK_BODY, warnings: [] });
    expect(command.headers.slice(0, 3)).toEqual([
      ['User-Agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0'],
      ['Cookie', 'sid=a1b2; theme=dark'],
      ['Accept', '*/*'],
    ]);
  });

  it('gives the doctor the fields of a JSON body, with the path', () => {
    const parsed = parseRequestText(CHROME_CHECK);
    expect(parsed).toMatchObject({ format: 'powershell', method: 'POST', path: '/api/payment-gateway/v1/payments/check-transaction-2', contentType: 'application/json' });
    expect(parsed.fields).toEqual([
      ['req_time', '20250213065545'],
      ['merchant_id', 'ec000002'],
      ['tran_id', '17394277693'],
      ['hash', 'abc'],
    ]);
  });

  it('reads a urlencoded body, keeping %2B and "+" as they were sent', () => {
    const body = 'request_id=REQ20250213001&request_time=20250213065545&merchant_id=ec000002&ctid=CUST0001&token_flag=CITI_FLEX&currency=USD&callback_url=aHR0cHM6Ly9leGFtcGxlLmNvbS9wYXl3YXkvdG9rZW4tY2FsbGJhY2s%3D&hash=a%2Bb%2Fc%3D';
    const text = `Invoke-WebRequest -UseBasicParsing -Uri "https://checkout-sandbox.payway.com.kh/api/payment-credential/v3/cof/link-card" \`
-Method "POST" \`
-ContentType "application/x-www-form-urlencoded" \`
-Body "${body}"`;
    expect(parsePowerShell(text).body).toBe(body);
    const parsed = parseRequestText(text);
    expect(parsed.fields.at(-2)).toEqual(['callback_url', 'aHR0cHM6Ly9leGFtcGxlLmNvbS9wYXl3YXkvdG9rZW4tY2FsbGJhY2s=']);
    expect(parsed.fields.at(-1)).toEqual(['hash', 'a+b/c=']);
  });

  it('reads a multipart purchase body from UTF8.GetBytes("…$([char]13)$([char]10)…"), Khmer included', () => {
    // កាហ្វេ as Chrome writes it: one $([char]N) per UTF-16 unit.
    const khmer = [...'កាហ្វេ'].map((c) => `$([char]${c.charCodeAt(0)})`).join('');
    expect(khmer).toBe('$([char]6016)$([char]6070)$([char]6048)$([char]6098)$([char]6044)$([char]6081)');
    const text = `Invoke-WebRequest -UseBasicParsing -Uri "${PURCHASE_URL}" \`
-Method "POST" \`
-Headers @{
"Accept"="*/*"
} \`
-ContentType "multipart/form-data; boundary=----WebKitFormBoundaryQ7xK" \`
-Body ([System.Text.Encoding]::UTF8.GetBytes("${part('req_time', '20250213065545')}${part('merchant_id', 'ec000002')}${part('firstname', khmer)}${part('hash', 'SENT==')}------WebKitFormBoundaryQ7xK--${CRLF}"))`;
    const command = parsePowerShell(text);
    expect(command.body).toBe(
      '------WebKitFormBoundaryQ7xK\r\nContent-Disposition: form-data; name="req_time"\r\n\r\n20250213065545\r\n' +
        '------WebKitFormBoundaryQ7xK\r\nContent-Disposition: form-data; name="merchant_id"\r\n\r\nec000002\r\n' +
        '------WebKitFormBoundaryQ7xK\r\nContent-Disposition: form-data; name="firstname"\r\n\r\nកាហ្វេ\r\n' +
        '------WebKitFormBoundaryQ7xK\r\nContent-Disposition: form-data; name="hash"\r\n\r\nSENT==\r\n' +
        '------WebKitFormBoundaryQ7xK--\r\n',
    );
    expect(command.warnings).toEqual([]);
    expect(parseRequestText(text).fields).toEqual([
      ['req_time', '20250213065545'],
      ['merchant_id', 'ec000002'],
      ['firstname', 'កាហ្វេ'],
      ['hash', 'SENT=='],
    ]);
  });

  it('joins $([char]N) surrogate halves into one character, and reads hexadecimal and spaced forms', () => {
    const text = 'Invoke-WebRequest -Uri "https://x.test/p" -Method Post -Body ([System.Text.Encoding]::UTF8.GetBytes("$([char]55357)$([char]56832) $( [char] 0x41 )$([char](66))"))';
    expect(parsePowerShell(text).body).toBe('😀 AB');
  });

  it('reads Khmer written as itself inside GetBytes, and warns when a plain string body carries it', () => {
    const bytes = parsePowerShell(`Invoke-WebRequest -Uri "https://x.test/p" -Method Post -ContentType "application/json" -Body ([Text.Encoding]::UTF8.GetBytes('{"title":"កាហ្វេ ១ កែវ"}'))`);
    expect(bytes.body).toBe('{"title":"កាហ្វេ ១ កែវ"}');
    expect(bytes.warnings).toEqual([]);
    const plain = parsePowerShell(`Invoke-WebRequest -Uri "https://x.test/p" -Method Post -ContentType "application/json" -Body '{"title":"កាហ្វេ"}'`);
    expect(plain.body).toBe('{"title":"កាហ្វេ"}');
    expect(plain.warnings.join(' ')).toMatch(/non-ASCII .* before 7\.4 does not send such a string as UTF-8/);
    const charset = parsePowerShell(`Invoke-WebRequest -Uri "https://x.test/p" -Method Post -ContentType "application/json; charset=utf-8" -Body '{"title":"កាហ្វេ"}'`);
    expect(charset.warnings).toEqual([]);
  });

  it('applies double-quoted escapes: `" `$ `` `n `r `t `0 `u{…}, "" for a quote, and a "$" that starts no name', () => {
    const text = 'Invoke-WebRequest -Uri "https://x.test/p" -Method Post -Body "a`"b`$c``d`ne`rf`tg`0h`u{1F600}i""j$ k$/l$"';
    expect(parsePowerShell(text).body).toBe('a"b$c`d\ne\rf\tg\0h😀i"j$ k$/l$');
  });

  it("keeps single-quoted text as written: '' is one quote, and $ and ` mean nothing", () => {
    const text = "Invoke-WebRequest -Uri 'https://x.test/p' -Method Post -Body 'it''s $HOME `n $(whoami) \"q\"'";
    expect(parsePowerShell(text).body).toBe('it\'s $HOME `n $(whoami) "q"');
  });

  it('reads a value containing "$": escaped in double quotes, literal in single quotes', () => {
    const json = '{"return_url":"https://shop.example/return?total=$5&ref=$ORDER"}';
    const chrome = `Invoke-WebRequest -Uri "https://x.test/p" -Method "POST" -ContentType "application/json" -Body "${json.replace(/[`$"]/g, '`$&')}"`;
    expect(parsePowerShell(chrome).body).toBe(json);
    expect(parsePowerShell(`Invoke-WebRequest -Uri "https://x.test/p" -Method Post -Body '${json}'`).body).toBe(json);
  });

  it('reads here-strings, both kinds, without the line break before the closing mark', () => {
    const expandable = 'Invoke-WebRequest -Uri https://x.test/p -Method Post -Body @"\r\n{"a":"`$1 ""x"""}\r\nline 2\r\n"@ -ContentType application/json';
    expect(parsePowerShell(expandable)).toMatchObject({ body: '{"a":"$1 ""x"""}\r\nline 2', contentType: 'application/json' });
    const verbatim = "Invoke-WebRequest -Uri https://x.test/p -Method Post -Body @'\n{\"a\":\"$1 `n\"}\n'@";
    expect(parsePowerShell(verbatim).body).toBe('{"a":"$1 `n"}');
  });

  it('takes typographic quotes and dashes as PowerShell does', () => {
    const text = 'Invoke-WebRequest –Uri “https://x.test/p” –Method Post —Body ‘{"a":"it’’s"}’';
    expect(parsePowerShell(text)).toMatchObject({ url: 'https://x.test/p', method: 'POST', body: '{"a":"it’s"}' });
  });

  it('reads hand-written commands: Invoke-RestMethod, a positional URL, prefixes, -Param:value, a result variable', () => {
    const text = `$response = Invoke-RestMethod https://x.test/api/payment-gateway/v1/payments/check-transaction-2 -Meth Post -ContentT 'application/json' \`
  -Body '{"tran_id":"T-1"}' -UseBasicParsing:$true -TimeoutSec 30 -ErrorAction Stop | Select-Object -ExpandProperty status`;
    const command = parsePowerShell(text);
    expect(command).toMatchObject({ url: 'https://x.test/api/payment-gateway/v1/payments/check-transaction-2', method: 'POST', contentType: 'application/json', body: '{"tran_id":"T-1"}' });
    expect(command.warnings.join(' ')).toMatch(/"\| Select-Object -ExpandProperty status" on is another command in the pipeline/);
    expect(command.unknownOptions).toEqual([]);
  });

  it('sends a POST without -ContentType as a form, as Invoke-WebRequest does, and a command without -Method as GET', () => {
    expect(parsePowerShell('iwr https://x.test/p -Method Post -Body "a=1"').contentType).toBe('application/x-www-form-urlencoded');
    expect(parsePowerShell('iwr https://x.test/p -Body "a=1"')).toMatchObject({ method: 'GET', contentType: undefined });
    expect(parsePowerShell('iwr https://x.test/p -CustomMethod "post" -Body "a=1"').method).toBe('post');
  });

  it('reads -Form string fields into parts and reports file values', () => {
    const command = parsePowerShell(`Invoke-WebRequest -Uri https://x.test/p -Method Post -Form @{ merchant_id = 'ec000002'; "hash" = "h"; image = (Get-Item .\\logo.png) }`);
    expect(command.form).toEqual([
      { name: 'merchant_id', value: 'ec000002' },
      { name: 'hash', value: 'h' },
      { name: 'image', value: '', file: '(Get-Item .\\logo.png)' },
    ]);
    expect(command.contentType).toBe('multipart/form-data');
    expect(parseRequestText(`Invoke-WebRequest -Uri https://x.test/p -Method Post -Form @{ merchant_id = 'ec000002'; image = (Get-Item x.png) }`)).toMatchObject({ fields: [['merchant_id', 'ec000002']], files: ['image'] });
  });

  it('uses the first of several commands ("Copy all as PowerShell") and says so', () => {
    const one = 'Invoke-WebRequest -UseBasicParsing -Uri "https://x.test/a" -Method "POST" -Body "a=1"';
    const command = parsePowerShell(`${one};\r\n${one.replace('/a', '/b')}`);
    expect(command.url).toBe('https://x.test/a');
    expect(command.warnings).toEqual(['1 more command follows the first; only the first was read.']);
  });

  it('reports other statements, unknown parameters and a continuation backtick followed by spaces', () => {
    const text = '[Net.ServicePointManager]::SecurityProtocol = "Tls12"\nInvoke-WebRequest -Uri "https://x.test/p" ` \n-Method Post -Frobnicate 3 -Body "a=1"';
    const command = parsePowerShell(text);
    expect(command).toMatchObject({ method: 'POST', body: 'a=1', unknownOptions: ['-Frobnicate'] });
    expect(command.warnings).toHaveLength(3);
    const warnings = command.warnings.join('\n');
    expect(warnings).toMatch(/Not part of the request, ignored: \[Net.ServicePointManager\]::SecurityProtocol = "Tls12" \(line 1, column 1\)/);
    expect(warnings).toMatch(/Spaces follow the line-continuation backtick at line 2, column 43/);
    expect(warnings).toMatch(/Parameters not understood \(reported, not used\): -Frobnicate/);
  });

  it('is recognised by parseRequestText and parseCommand after comment lines and a prompt', () => {
    expect(parseRequestText(`# copied from Edge\n${CHROME_CHECK}`).format).toBe('powershell');
    expect(parseCommand('PS C:\\Users\\dev> Invoke-WebRequest -Uri "https://x.test/p" -Method Post -Body "a=1"')).toMatchObject({ flavour: 'powershell', url: 'https://x.test/p' });
  });
});

describe('PowerShell that cannot be read without running it', () => {
  const errorOf = (text: string): string => {
    try {
      parsePowerShell(text);
    } catch (error) {
      expect(error).toBeInstanceOf(PowerShellParseError);
      return (error as Error).message;
    }
    throw new Error('no error');
  };

  it('names an unterminated string and where it starts', () => {
    expect(errorOf('Invoke-WebRequest -Uri "https://x.test/p" `\n-Body "{`"a`":1}')).toBe('a double-quoted string that starts at line 2, column 7 is never closed');
    expect(errorOf("Invoke-WebRequest -Uri 'https://x.test/p")).toBe('a single-quoted string that starts at line 1, column 24 is never closed');
    expect(errorOf('Invoke-WebRequest -Uri x -Body @"\nabc\n')).toMatch(/here-string that starts at line 1, column 32 is never closed/);
  });

  it('names a $variable in the body, never guessing its value', () => {
    expect(errorOf('Invoke-WebRequest -Uri "https://x.test/p" -Method Post -Body "{`"amount`":`"$amount`"}"')).toBe(
      '-Body cannot be read: $amount at line 1, column 77 is a PowerShell variable; its value is not in the pasted text (a literal "$" is written `$)',
    );
    expect(errorOf('Invoke-WebRequest -Uri "https://x.test/p" -Body "${env:KEY}"')).toMatch(/-Body cannot be read: \$\{env:KEY\} at line 1, column 50 is a PowerShell variable/);
    expect(errorOf('Invoke-WebRequest -Uri "https://x.test/p" -Method Post -Body $body')).toBe(
      '-Body is the variable $body (line 1, column 62); its value is not in the pasted text, so write the value out',
    );
  });

  it('names a subexpression other than $([char]N), and a [char] out of range', () => {
    expect(errorOf('Invoke-WebRequest -Uri "https://x.test/p" -Body "t=$(Get-Date -Format o)"')).toMatch(
      /^-Body cannot be read: \$\(Get-Date -Format o\) at line 1, column 52 is a PowerShell expression that only PowerShell can run/,
    );
    expect(errorOf('Invoke-WebRequest -Uri "https://x.test/p" -Body "$([char]70000)"')).toMatch(/\$\(\[char\]70000\) at line 1, column 50 is not a character/);
    expect(errorOf('Invoke-WebRequest -Uri "https://x.test/p" -Body ($json | ConvertTo-Json)')).toMatch(/-Body is the expression \(\$json \| ConvertTo-Json\) \(line 1, column 49\), which only PowerShell can run/);
  });

  it('names a header value it cannot read and headers given as a variable', () => {
    expect(errorOf('Invoke-WebRequest -Uri "https://x.test/p" -Headers @{ "X-Token" = $token }')).toMatch(/The header "X-Token" is the variable \$token \(line 1, column 67\)/);
    expect(errorOf('Invoke-WebRequest -Uri "https://x.test/p" -Headers $headers')).toMatch(/-Headers is the variable \$headers/);
  });

  it('refuses a hashtable body (PowerShell would encode it in an order of its own)', () => {
    expect(errorOf("Invoke-WebRequest -Uri https://x.test/p -Method Post -Body @{ merchant_id = 'ec000002' }")).toMatch(/-Body is a hashtable \(line 1, column 60\): PowerShell form-encodes it itself/);
  });

  it('names an ambiguous parameter, a parameter without its value, and a missing command', () => {
    expect(errorOf('Invoke-WebRequest -Uri x -Co "a"')).toBe('-Co at line 1, column 26 is ambiguous: it could be -ConnectionTimeoutSeconds, -ContentType');
    expect(errorOf('Invoke-WebRequest -Uri x -Body')).toBe('-Body at line 1, column 26 needs a value');
    expect(errorOf('$session = New-Object Microsoft.PowerShell.Commands.WebRequestSession')).toMatch(/no Invoke-WebRequest/);
  });

  it('reaches the doctor as one error type that says which kind of command failed', () => {
    expect(() => parseRequestText('Invoke-WebRequest -Uri "https://x.test/p" -Body "$payload"')).toThrow(RequestParseError);
    expect(() => parseRequestText('Invoke-WebRequest -Uri "https://x.test/p" -Body "$payload"')).toThrow(/^the PowerShell command cannot be read: -Body cannot be read: \$payload/);
  });
});

describe('PowerShell in other clothes', () => {
  it('reads "curl" and "wget" with PowerShell parameters as Windows PowerShell 5.1 does: Invoke-WebRequest', () => {
    const text = `curl -Uri "${CHECK_URL}" -Method POST -ContentType "application/json" -Body '${CHECK_BODY}'`;
    expect(parseCommand(text)).toMatchObject({ flavour: 'powershell', method: 'POST', url: CHECK_URL, body: CHECK_BODY });
    expect(parseCommand(text).warnings).toEqual(['In Windows PowerShell 5.1 "curl" is Invoke-WebRequest; with these parameters it was read as PowerShell.']);
    expect(parseRequestText(text.replace(/^curl/, 'wget')).format).toBe('powershell');
    // A real curl command is still curl.
    expect(parseCommand(`curl -X POST '${CHECK_URL}' -H 'Content-Type: application/json' --data-raw '${CHECK_BODY}'`).flavour).toBe('bash');
  });

  it('names splatted parameters instead of taking @params for the URL', () => {
    expect(() => parsePowerShell('Invoke-RestMethod @params')).toThrow('The URL cannot be read: @params at line 1, column 19 passes the parameters held in $params, whose value is not in the pasted text; write them out');
    expect(() => parsePowerShell('Invoke-RestMethod -Uri https://x.test/p @body')).toThrow(/^An argument cannot be read: @body at line 1, column 41 passes/);
  });

  it('names a command nested in a block instead of claiming there is none', () => {
    expect(() => parsePowerShell('try { Invoke-RestMethod -Uri "https://x.test/p" -Method Post -Body "a=1" } catch { $_ }')).toThrow(
      'Invoke-RestMethod at line 1, column 7 is inside another statement (a block, a pipeline or an expression); paste the command on its own',
    );
  });
});
