// The decisive check for the PowerShell and fetch readers: a request our own core built, written out the
// way browsers (and people) write these commands, reads back to the same bytes, fields and hash. The
// writers below follow the browsers' published escaping rules; they share no code with the parsers.
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog, emulatorVariant, fieldsOf, getVariant } from '../../src/core/catalog/index.ts';
import type { EndpointSpec } from '../../src/core/catalog/types.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { importCurl } from '../../src/core/interop/curlImport.ts';
import { parseCommand } from '../../src/core/interop/parseCommand.ts';
import { parseRequestText } from '../../src/core/interop/parseRequestText.ts';
import { buildRequest, exampleInputs, type RequestTrace } from '../../src/core/signing/buildRequest.ts';

const SANDBOX = 'https://checkout-sandbox.payway.com.kh';
const CHROME_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36';
const FIREFOX_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:134.0) Gecko/20100101 Firefox/134.0';
const credentials = { apiKey: DEMO_MERCHANT.apiKey, partnerKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem };

// ---- PowerShell, by the rules: Chrome and Firefox put every string in "…", a backtick before ` $ and ",
// and every character outside printable ASCII as $([char]<UTF-16 unit>); a body with such characters
// goes through ([System.Text.Encoding]::UTF8.GetBytes(…)).
const unprintable = /[^\x20-\x7E]/;
const browserQuoted = (text: string): string => `"${text.replace(/[`$"]/g, (c) => '`' + c).replace(/[^\x20-\x7E]/g, (c) => `$([char]${c.charCodeAt(0)})`)}"`;
const browserBody = (body: string): string => (unprintable.test(body) ? `([System.Text.Encoding]::UTF8.GetBytes(${browserQuoted(body)}))` : browserQuoted(body));
// How people write it: single quotes with '' for an apostrophe, or double quotes with "" for a quote and
// a backtick before $ and `; other characters as they are, so a body that is not ASCII needs GetBytes.
const singleQuoted = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const doubledQuoted = (text: string): string => `"${text.replace(/`/g, '``').replace(/\$/g, '`$').replace(/"/g, '""')}"`;
const asBytes = (quoted: string, body: string): string => (/[^\x00-\x7F]/.test(body) ? `([System.Text.Encoding]::UTF8.GetBytes(${quoted}))` : quoted);

interface Sent {
  url: string;
  contentType: string;
  headers: [string, string][];
  body: string;
}

const WRITERS: Record<string, (r: Sent) => string> = {
  'Chrome "Copy as PowerShell"': (r) =>
    `$session = New-Object Microsoft.PowerShell.Commands.WebRequestSession\n$session.UserAgent = ${browserQuoted(CHROME_UA)}\n` +
    'Invoke-WebRequest -UseBasicParsing ' +
    [
      `-Uri ${browserQuoted(r.url)}`,
      `-Method ${browserQuoted('POST')}`,
      '-WebSession $session',
      `-Headers @{\n${[['Accept', '*/*'], ['Origin', 'http://localhost:4173'], ...r.headers].map(([n, v]) => `${browserQuoted(n!)}=${browserQuoted(v!)}`).join('\n  ')}\n}`,
      `-ContentType ${browserQuoted(r.contentType)}`,
      `-Body ${browserBody(r.body)}`,
    ].join(' `\n'),
  'Firefox "Copy as PowerShell"': (r) =>
    'Invoke-WebRequest -UseBasicParsing ' +
    [
      `-Uri ${browserQuoted(r.url)}`,
      '-Method POST',
      `-UserAgent ${browserQuoted(FIREFOX_UA)}`,
      `-Headers @{\n${[['Accept', '*/*'], ...r.headers].map(([n, v]) => `${browserQuoted(n!)} = ${browserQuoted(v!)}`).join('\n  ')}\n}`,
      `-ContentType ${browserQuoted(r.contentType)}`,
      `-Body ${browserBody(r.body)}`,
    ].join(' `\n'),
  'PowerShell in single quotes': (r) =>
    `$response = Invoke-RestMethod -Method Post -Uri ${r.url} ${r.headers.length ? `-Headers @{ ${r.headers.map(([n, v]) => `'${n}' = ${singleQuoted(v)}`).join('; ')} } ` : ''}\`\r\n` +
    `    -ContentType ${singleQuoted(r.contentType)} \`\r\n    -Body ${asBytes(singleQuoted(r.body), r.body)}`,
  'PowerShell in double quotes with "" and `$': (r) =>
    `Invoke-WebRequest -Uri ${doubledQuoted(r.url)} -Method Post -ContentType ${doubledQuoted(r.contentType)} -Body ${asBytes(doubledQuoted(r.body), r.body)}`,
  // fetch, by the rules: Chrome writes fetch(JSON.stringify(url), JSON.stringify(options, null, 2)); Firefox
  // writes await fetch("<url>", JSON.stringify(options, null, 4)).
  'Chrome "Copy as fetch"': (r) =>
    `fetch(${JSON.stringify(r.url)}, ${JSON.stringify(
      {
        headers: { accept: '*/*', 'content-type': r.contentType, ...Object.fromEntries(r.headers) },
        referrer: 'http://localhost:4173/',
        referrerPolicy: 'strict-origin-when-cross-origin',
        body: r.body,
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
      },
      null,
      2,
    )});`,
  'Chrome "Copy as fetch (Node.js)"': (r) =>
    `fetch(${JSON.stringify(r.url)}, ${JSON.stringify({ headers: { accept: '*/*', 'content-type': r.contentType, ...Object.fromEntries(r.headers), Referer: 'http://localhost:4173/' }, body: r.body, method: 'POST' }, null, 2)});`,
  'Firefox "Copy as Fetch"': (r) =>
    `await fetch("${r.url}", ${JSON.stringify(
      { credentials: 'omit', headers: { 'User-Agent': FIREFOX_UA, Accept: '*/*', 'Content-Type': r.contentType, ...Object.fromEntries(r.headers) }, referrer: 'http://localhost:4173/', body: r.body, method: 'POST', mode: 'cors' },
      null,
      4,
    )});`,
};

/** Text that exercises every escape: Khmer, both quotes, a backtick, "$" before a name and before "(". */
const TRICKY = 'សុខា "Sokha" O\'Neil `x` $HOME $(whoami) 5$ ""';
const TEXT_FIELDS = new Set(['first_name', 'last_name', 'firstname', 'lastname', 'cancel_url', 'continue_success_url', 'return_params', 'description', 'remark', 'title']);

interface Case {
  endpoint: EndpointSpec;
  label: string;
  inputs: Record<string, string>;
}

const cases: Case[] = catalog.flatMap((endpoint) => {
  const variant = emulatorVariant(endpoint).id;
  const inputs = exampleInputs(endpoint, variant);
  const text = fieldsOf(endpoint, getVariant(endpoint, variant)).filter((f) => f.encoding === 'none' && TEXT_FIELDS.has(f.name));
  const list: Case[] = [{ endpoint, label: `${endpoint.id} (catalog example)`, inputs }];
  if (text.length) list.push({ endpoint, label: `${endpoint.id} (${text.map((f) => f.name).join(', ')} with Khmer, quotes, \` and $)`, inputs: { ...inputs, ...Object.fromEntries(text.map((f) => [f.name, TRICKY])) } });
  return list;
});

describe('our own requests, pasted back as PowerShell or fetch, read to the same bytes and hash', () => {
  it('covers every endpoint, JSON and urlencoded ones included, and text with every escape', () => {
    const types = new Set(cases.map((c) => getVariant(c.endpoint, emulatorVariant(c.endpoint).id).contentType ?? c.endpoint.contentType));
    expect([...types].sort()).toEqual(['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);
    expect(new Set(cases.map((c) => c.endpoint.id)).size).toBe(catalog.length);
    expect(cases.some((c) => c.label.includes('Khmer') && c.endpoint.contentType === 'application/json')).toBe(true);
  });

  describe.each(cases)('$label', ({ endpoint, inputs }) => {
    const variant = emulatorVariant(endpoint).id;
    let original: RequestTrace;
    let sent: Sent;
    beforeAll(async () => {
      original = await buildRequest(endpoint, inputs, credentials, { variant });
      const headers = (endpoint.headers ?? []).filter((h) => h.example).map((h): [string, string] => [h.name, h.example!]);
      sent = { url: SANDBOX + endpoint.path, contentType: original.body.contentTypeHeader, headers, body: original.body.text };
    });

    it.each(Object.keys(WRITERS))('%s', async (writer) => {
      const text = WRITERS[writer]!(sent);
      const command = parseCommand(text);
      // The bytes that were hashed, exactly.
      expect(command.body).toBe(original.body.text);
      expect(command.url).toBe(sent.url);
      expect(command.method).toBe('POST');
      expect(command.contentType).toBe(original.body.contentTypeHeader);

      const parsed = parseRequestText(text);
      expect(parsed.fields).toEqual(original.wire);
      expect(parsed.path).toBe(endpoint.path);

      const imported = importCurl(text);
      expect(imported.sentHash).toBe(original.signature.hash);
      expect(new Set([imported.draft?.endpoint, ...imported.recognition.ties]).has(endpoint.id)).toBe(true);
      const rebuilt = await buildRequest(endpoint, imported.draft!.inputs, credentials, { variant, wire: imported.draft!.wire });
      expect(rebuilt.stringToSign).toBe(original.stringToSign);
      expect(rebuilt.signature.hash).toBe(original.signature.hash);
    });
  });
});

describe('import from a pasted PowerShell command or fetch call', () => {
  it('fills the form from Chrome\'s "Copy as PowerShell" and reports the header it does not use', () => {
    const text = `$session = New-Object Microsoft.PowerShell.Commands.WebRequestSession
$session.UserAgent = "${CHROME_UA}"
Invoke-WebRequest -UseBasicParsing -Uri "http://127.0.0.1:4173/mock/api/payment-gateway/v1/payments/check-transaction-2" \`
-Method "POST" \`
-WebSession $session \`
-Headers @{
"Accept"="*/*"
  "Origin"="http://127.0.0.1:4173"
  "X-Trace-Id"="77"
  "sec-ch-ua-mobile"="?0"
} \`
-ContentType "application/json" \`
-Body "{\`"req_time\`":\`"20250213065545\`",\`"merchant_id\`":\`"ec000002\`",\`"tran_id\`":\`"PS-1\`",\`"hash\`":\`"abc=\`"}"`;
    const result = importCurl(text);
    expect(result.draft).toEqual({ endpoint: 'check-transaction', inputs: { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'PS-1' } });
    expect(result.sentHash).toBe('abc=');
    expect(result.notes.map((n) => n.subject)).toContain('X-Trace-Id');
    expect(result.notes.map((n) => n.subject)).not.toContain('sec-ch-ua-mobile');
    expect(result.notes.map((n) => n.subject)).not.toContain('User-Agent');
  });

  it('fills the form from "Copy as fetch", and says what fetch would send without a Content-Type', () => {
    const text = `fetch("https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2", {
  "body": "{\\"req_time\\":\\"20250213065545\\",\\"merchant_id\\":\\"ec000002\\",\\"tran_id\\":\\"F-1\\",\\"hash\\":\\"abc=\\"}",
  "method": "POST"
});`;
    const result = importCurl(text);
    expect(result.draft).toEqual({ endpoint: 'check-transaction', inputs: { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'F-1' } });
    const messages = result.notes.map((n) => n.message).join('\n');
    expect(messages).toMatch(/fetch sends a string body as text\/plain;charset=UTF-8/);
    expect(messages).toMatch(/The body is JSON but its Content-Type is text\/plain;charset=UTF-8/);
  });

  it('reports a GET, unknown parameters and a command it cannot read, naming the problem', () => {
    const get = importCurl("Invoke-WebRequest 'https://x.test/api/payment-gateway/v1/payments/check-transaction-2' -Frobnicate -Body '{\"tran_id\":\"T\"}'");
    const messages = get.notes.map((n) => n.message).join('\n');
    expect(messages).toMatch(/The command uses GET; PayWay accepts POST only/);
    expect(messages).toMatch(/-Frobnicate is not an option this import understands/);
    expect(importCurl('Invoke-WebRequest -Uri "https://x.test/p" -Body "$body"').notes).toEqual([
      { severity: 'warning', message: 'The command cannot be read: -Body cannot be read: $body at line 1, column 50 is a PowerShell variable; its value is not in the pasted text (a literal "$" is written `$)' },
    ]);
    expect(importCurl('fetch("https://x.test/p", { method: "POST" })').notes[0]!.message).toBe('The command cannot be read: the key method is not in double quotes, so this is JavaScript, not JSON (line 1, column 29)');
    expect(importCurl('wget https://x.test/p').notes[0]!.message).toMatch(/it should start with curl, Invoke-WebRequest \(or iwr, irm\), or fetch\(/);
  });
});
