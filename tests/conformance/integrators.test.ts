// Integrations written independently of this project, in PHP (hash_hmac, openssl_public_encrypt, curl with
// JSON and multipart), Python (stdlib + cryptography, urlencoded and JSON) and Node (node:crypto, fetch with
// JSON and FormData), each following the PayWay docs' samples (tests/conformance/integrators/), drive a
// real `payway mock` process through whole lifecycles: purchase → pay on the checkout page → check on both
// paths → refund → check → list on both paths, asserting PayWay's codes. Then each sends deliberate
// mistakes, and the x-payway-emulator-diagnosis header must name every one.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const HERE = join(ROOT, 'tests/conformance/integrators');
const COMMANDS = {
  php: [process.env.PHP_PATH || 'php', join(HERE, 'payway.php')],
  python: [process.env.PYTHON_PATH || 'python3', join(HERE, 'payway.py')],
  node: [process.execPath, join(HERE, 'payway.mjs')],
} as const;
type Language = keyof typeof COMMANDS;
const LANGUAGES = Object.keys(COMMANDS) as Language[];

const OTHER = { merchantId: 'ec000777', apiKey: 'second-merchant-api-key-0777' };

let mock: ChildProcess;
let baseUrl = '';
let stdout = '';
let stderr = '';

interface Answer {
  status: number;
  diagnosis: string | null;
  body: string;
}

function runClient(language: Language, job: Record<string, unknown>): Promise<Answer> {
  const [command, ...args] = COMMANDS[language];
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (error) => fail(new Error(`cannot run ${command}: ${error.message}`)));
    child.on('close', (code) => {
      if (code !== 0 || err) return fail(new Error(`${language} client exited ${code}: ${err}${out}`));
      done(JSON.parse(out) as Answer);
    });
    child.stdin.end(JSON.stringify({ baseUrl, merchantId: DEMO_MERCHANT.merchantId, apiKey: DEMO_MERCHANT.apiKey, rsaPublicKey: DEMO_MERCHANT.rsaPublicKeyPem, otherKey: OTHER.apiKey, ...job }));
  });
}

const json = (answer: Answer) => JSON.parse(answer.body) as Record<string, unknown> & { status: unknown; data?: unknown };
const statusCode = (answer: Answer) => (json(answer).status as { code: unknown }).code;

beforeAll(async () => {
  const port = await new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
  // The answer waits for the doctor here (5 s at most), so every header holds its final finding; by
  // default it waits 5 ms and a longer search lands in the request log after the answer.
  mock = spawn(process.execPath, [join(ROOT, 'bin/payway.js'), 'mock', '--port', String(port), '--log-json', '--diagnosis-wait', '5000'], { cwd: ROOT });
  mock.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  mock.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (mock.exitCode !== null) throw new Error(`payway mock exited: ${stderr}`);
    const ok = await fetch(`${baseUrl}/_emulator/info`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 200) throw new Error(`payway mock did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const added = await fetch(`${baseUrl}/_emulator/merchants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OTHER) });
  expect(added.status).toBe(201);
}, 60_000);

afterAll(() => {
  mock?.kill();
});

/** Plays the payer on the checkout page the purchase answered with: picks the first option, approves. */
async function pay(html: string): Promise<string> {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(action, html.slice(0, 300)).toBeDefined();
  const option = /<input type="radio" name="option" value="([^"]+)"[^>]*checked/.exec(html)?.[1];
  const url = new URL(action!.replace(/&amp;/g, '&'), `${baseUrl}/api/payment-gateway/v1/payments/purchase`);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'approve', ...(option ? { option } : {}) }) });
  return response.text();
}

describe.each(LANGUAGES)('an integration in %s', (language) => {
  const tranId = `${language}-${Date.now().toString(36)}`.slice(0, 20);

  it('goes through purchase → pay → check (both paths) → refund → check → list (both paths) with PayWay’s codes', async () => {
    const purchase = await runClient(language, { action: 'purchase', params: { tran_id: tranId, amount: '7.50', return_url: `${baseUrl}/_emulator/inbox` } });
    expect(purchase.status).toBe(200);
    expect(purchase.diagnosis).toBeNull();
    expect(purchase.body).toMatch(/<form method="post"/);
    expect(await pay(purchase.body)).toMatch(/paid|approved/i);

    const check = await runClient(language, { action: 'check', params: { tran_id: tranId } });
    expect([check.status, statusCode(check)]).toEqual([200, '00']);
    expect(json(check).data).toMatchObject({ payment_status: 'APPROVED', payment_status_code: 0, original_amount: 7.5 });

    const legacy = await runClient(language, { action: 'check-v1', params: { tran_id: tranId } });
    expect(legacy.status).toBe(200);
    expect(json(legacy)).toMatchObject({ status: 0, description: 'Approved', payment_status: 'APPROVED', amount: 7.5 });

    const refund = await runClient(language, { action: 'refund', params: { tran_id: tranId, refund_amount: 1 } });
    expect([refund.status, statusCode(refund)]).toEqual([200, '00']);
    expect(json(refund)).toMatchObject({ transaction_status: 'REFUNDED', total_refunded: 1, grand_total: 7.5 });

    const afterRefund = await runClient(language, { action: 'check-v1', params: { tran_id: tranId } });
    expect(json(afterRefund)).toMatchObject({ status: 4, description: 'Refunded', payment_status: 'REFUNDED' });
    const current = await runClient(language, { action: 'check', params: { tran_id: tranId } });
    expect(json(current).data).toMatchObject({ payment_status: 'REFUNDED', refund_amount: 1 });

    const list = await runClient(language, { action: 'list', params: { status: 'REFUNDED' } });
    expect([list.status, statusCode(list)]).toEqual([200, '00']);
    expect((json(list).data as { transaction_id: string }[]).map((r) => r.transaction_id)).toContain(tranId);
    const legacyList = await runClient(language, { action: 'list-v1', params: { status: 'REFUNDED' } });
    expect([legacyList.status, statusCode(legacyList)]).toEqual([200, 0]);
    expect((json(legacyList).data as { transaction_id: string }[]).map((r) => r.transaction_id)).toContain(tranId);

    // The payment's pushback reached return_url (the emulator's inbox), signed.
    const inbox = (await (await fetch(`${baseUrl}/_emulator/inbox`)).json()) as { items: { body: { tran_id?: string }; signature: { valid: boolean | null } }[] };
    expect(inbox.items.find((item) => item.body.tran_id === tranId)?.signature.valid).toBe(true);
  });

  describe('deliberate mistakes, each named by the diagnosis header', () => {
    const id = 'DEMO-PAID-0001';
    it.each([
      ['fields in another order', 'order', [403, '5'], /^wrong hash: .*req_time, merchant_id, tran_id$/],
      ['a renamed field (request_time)', 'renamed', [200, 6], /^missing field req_time: the body has request_time, which check-transaction does not read \(did you mean req_time\?\)$/],
      ['the prose recipe instead of the sample’s', 'prose-recipe', [403, '5'], /^wrong hash: the hash follows the "merchant_id, tran_id \(prose\)" variant of the recipe; use the "req_time, merchant_id, tran_id" recipe/],
      ['hex instead of Base64', 'hex', [403, '5'], /^wrong hash: hash written as hex; check-transaction expects Base64/],
      ['another merchant’s key', 'wrong-key', [403, '5'], /^wrong hash: key differs from ec000002's key: the hash was made with ec000777's API key \(fingerprint [0-9a-f]{12} vs [0-9a-f]{12}\)$/],
    ])('%s', async (_what, mistake, [status, code], header) => {
      const answer = await runClient(language, { action: 'check', mistake, params: { tran_id: id } });
      expect([answer.status, statusCode(answer)]).toEqual([status, code]);
      expect(answer.diagnosis).toMatch(header);
    });

    it('a wrong key on the legacy path, answered in its own shape', async () => {
      const answer = await runClient(language, { action: 'check-v1', mistake: 'wrong-key', params: { tran_id: id } });
      expect(answer.status).toBe(200);
      expect(json(answer)).toEqual({ status: 5, description: 'Wrong Hash' });
      expect(answer.diagnosis).toMatch(/made with ec000777's API key/);
    });
  });
});

describe('payway mock --log-json', () => {
  it('printed one JSON line per request, with the diagnosis of each refused one and no key', async () => {
    await new Promise((r) => setTimeout(r, 200));
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { method: string; path: string; status: number; code?: string; outcome: string; diagnosis?: string });
    const refused = lines.filter((l) => l.outcome === 'refused');
    expect(refused.length).toBeGreaterThanOrEqual(LANGUAGES.length * 6);
    for (const line of refused) expect(line.diagnosis, JSON.stringify(line)).toMatch(/\S/);
    expect(lines.some((l) => l.path === '/api/payment-gateway/v1/payments/check-transaction' && l.code === '0')).toBe(true);
    expect(stdout).not.toContain(DEMO_MERCHANT.apiKey);
    expect(stdout).not.toContain(OTHER.apiKey);
    expect(stderr).toMatch(/PayWay emulator listening at/);
  });
});
