// The diagnosis header names the cause of each refusal: hashes made by node:crypto the way real
// integrations get them wrong, bodies sent the way their HTTP clients send them.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { encryptChunked, parsePublicKeyPem } from '../../../src/core/signing/rsa.ts';
import { DIAGNOSIS_HEADER } from '../../../src/emulator/diagnosis/finishRequest.ts';
import { seededRandom } from '../../support/seededRandom.ts';
import { BASE, testEmulator, type TestEmulator } from './support.ts';

const KEY = DEMO_MERCHANT.apiKey;
const PAYMENTS = '/api/payment-gateway/v1/payments';
const REQ_TIME = '20250213065545';
const hmac = (text: string, key: string = KEY, encoding: 'base64' | 'hex' = 'base64') => createHmac('sha512', key).update(text, 'utf8').digest(encoding);

/** A test emulator that waits for the doctor, so each header holds the final finding. */
const patient = () => testEmulator({ diagnosis: { waitMs: 5000 } });

async function send(t: TestEmulator, path: string, body: string, contentType = 'application/json'): Promise<{ status: number; line: string; text: string }> {
  const response = await t.emulator.fetch(new Request(BASE + path, { method: 'POST', headers: { 'content-type': contentType }, body }));
  return { status: response.status, line: response.headers.get(DIAGNOSIS_HEADER) ?? '', text: await response.text() };
}

const check = (hash: string, more: Record<string, string> = {}) => JSON.stringify({ req_time: REQ_TIME, merchant_id: 'ec000002', tran_id: 'DEMO-PAID-0001', ...more, hash });

describe('every catalog endpoint, legacy ones included, says why a wrong hash was refused', () => {
  it.each(catalog.map((e) => [e.id]))('%s', async (id) => {
    const t = testEmulator();
    const response = await t.emulator.fetch(await t.request(id, {}, { wire: { hash: 'A'.repeat(86) + '==' } }));
    expect(response.headers.get(DIAGNOSIS_HEADER)).toMatch(/^wrong hash: /);
    await t.emulator.idle();
  });
});

describe('a wrong hash: the doctor finding, or what a few HMACs settle', () => {
  it('names fields concatenated in the wrong order and the right order', async () => {
    const { status, line } = await send(patient(), `${PAYMENTS}/check-transaction-2`, check(hmac(`ec000002${REQ_TIME}DEMO-PAID-0001`)));
    expect(status).toBe(403);
    expect(line).toMatch(/^wrong hash: the fields are concatenated sorted by name; concatenate exactly these fields in this order.*req_time, merchant_id, tran_id$/);
  });

  it('names the prose recipe of check-transaction (legacy vs current docs)', async () => {
    const { line } = await send(patient(), `${PAYMENTS}/check-transaction-2`, check(hmac('ec000002DEMO-PAID-0001')));
    expect(line).toMatch(/wrong hash: .*merchant_id, tran_id \(prose\)/);
  });

  it('names hex where Base64 is expected, and Base64 where payout expects hex', async () => {
    const t = patient();
    expect((await send(t, `${PAYMENTS}/check-transaction-2`, check(hmac(`${REQ_TIME}ec000002DEMO-PAID-0001`, KEY, 'hex')))).line).toBe(
      'wrong hash: hash written as hex; check-transaction expects Base64 of the raw digest (88 characters)',
    );
    const payout = await t.emulator.fetch(await t.request('payout', {}, { wire: {} }));
    expect(payout.headers.get(DIAGNOSIS_HEADER)).toBeNull();
    const fields = JSON.parse(await (await t.request('payout')).text()) as Record<string, string>;
    const text = ['merchant_id', 'tran_id', 'beneficiaries', 'amount', 'custom_fields', 'currency'].map((f) => fields[f] ?? '').join('');
    const { line } = await send(t, '/api/payment-gateway/v2/direct-payment/merchant/payout', JSON.stringify({ ...fields, hash: hmac(text) }));
    expect(line).toMatch(/^wrong hash: hash written as Base64; payout expects lower-case hex/);
  });

  it.each([
    ['a trailing line feed', KEY + '\n', /right key with a line feed at the end/],
    ['double quotes from a .env line', `"${KEY}"`, /right key in double quotes/],
    ['the RSA public key PEM', DEMO_MERCHANT.rsaPublicKeyPem, /made with ec000002's RSA public key PEM/],
  ])('names the key used: %s, with fingerprints and never the key', async (_what, key, pattern) => {
    const { line } = await send(patient(), `${PAYMENTS}/check-transaction-2`, check(hmac(`${REQ_TIME}ec000002DEMO-PAID-0001`, key)));
    expect(line).toMatch(pattern);
    expect(line).toMatch(/^wrong hash: key differs from ec000002's key.*fingerprint [0-9a-f]{12} vs [0-9a-f]{12}/);
    expect(line).not.toContain(KEY);
    expect(line).not.toContain('BEGIN');
  });

  it("names another merchant's key, and the demo key used for another merchant", async () => {
    const t = patient();
    const added = await t.post('/_emulator/merchants', JSON.stringify({ merchantId: 'ec000777', apiKey: 'second-merchant-key-1234' }), 'application/json');
    expect(added.status).toBe(201);
    const asDemo = await send(t, `${PAYMENTS}/check-transaction-2`, check(hmac(`${REQ_TIME}ec000777X1`), { merchant_id: 'ec000777', tran_id: 'X1' }));
    expect(asDemo.line).toMatch(/^wrong hash: key differs from ec000777's key: the hash was made with ec000002's API key \(fingerprint/);
    const asOther = await send(t, `${PAYMENTS}/check-transaction-2`, check(hmac(`${REQ_TIME}ec000002X1`, 'second-merchant-key-1234'), { tran_id: 'X1' }));
    expect(asOther.line).toMatch(/made with ec000777's API key/);
    expect(asOther.line).not.toContain('second-merchant-key-1234');
  });

  it('says when no mistake reproduces the hash with the real key', async () => {
    const { line } = await send(patient(), `${PAYMENTS}/check-transaction-2`, check(hmac(`${REQ_TIME}ec000002DEMO-PAID-0001`, 'a-key-nobody-knows')));
    expect(line).toMatch(/^wrong hash: key differs from ec000002's key \(fingerprint [0-9a-f]{12}\), or the values hashed are not the ones sent/);
  });

  it('names a JSON number hashed as written (PayWay hashes it as PHP prints it)', async () => {
    const body = `{"req_time":"${REQ_TIME}","merchant_id":"ec000002","tran_id":"N1","amount":5.00,"hash":"${hmac(`${REQ_TIME}ec000002N15.00`)}"}`;
    const { line } = await send(patient(), `${PAYMENTS}/purchase`, body);
    expect(line).toBe('wrong hash: JSON number hashed as written: PayWay hashes a JSON number as PHP prints it (amount 5.00 → "5"); send "amount":"5.00" as a string'.replace('→', '\\u2192'));
  });

  it('accepts a JSON number hashed as PHP prints it', async () => {
    const body = `{"req_time":"${REQ_TIME}","merchant_id":"ec000002","tran_id":"N2","amount":5.00,"hash":"${hmac(`${REQ_TIME}ec000002N25`)}"}`;
    const { line, text } = await send(patient(), `${PAYMENTS}/purchase`, body);
    expect(line).toBe('');
    expect(JSON.parse(text).status.code).toBe('00');
  });

  it('adds the fields the endpoint never reads, with the one meant (NODE hashes page_size on the legacy list)', async () => {
    const body = JSON.stringify({ req_time: REQ_TIME, merchant_id: 'ec000002', page: '1', page_size: '10', hash: hmac(`${REQ_TIME}ec000002110`) });
    const { status, line, text } = await send(patient(), `${PAYMENTS}/transaction-list`, body);
    expect([status, JSON.parse(text).status.code]).toEqual([400, 1]);
    expect(line).toMatch(/^wrong hash: .*; not fields of transaction-list-v1, so never read: page_size \(did you mean pagination\?\)$/);
  });

  it('answers first and finishes the search in the log when it takes longer than the wait', async () => {
    const t = testEmulator({ diagnosis: { waitMs: 0 } });
    const { line } = await send(t, `${PAYMENTS}/check-transaction-2`, check(hmac(`ec000002${REQ_TIME}DEMO-PAID-0001`)));
    const id = Number(/requests\?id=(\d+)/.exec(line)?.[1]);
    expect(line).toMatch(/^wrong hash: the doctor is still searching; GET _emulator\/requests\?id=\d+ will hold its finding$/);
    await t.emulator.idle();
    const entry = t.emulator.requests.get(id)!;
    expect(entry.diagnosisState).toBe('final');
    expect(entry.diagnosis).toMatch(/^wrong hash: the fields are concatenated sorted by name; /);
    expect(entry.diagnosisMs).toBeGreaterThanOrEqual(entry.ms);
  });
  it('lets other requests through while a search finishes after the answer', async () => {
    // A wrong key on Purchase: nothing reproduces it, so the doctor tries thousands of hypotheses after the answer.
    const t = testEmulator({ diagnosis: { waitMs: 0 } });
    const refused = await t.emulator.fetch(await t.request('purchase', {}, { wire: { hash: hmac('anything', 'not-the-key') } }));
    const id = Number(/requests\?id=(\d+)/.exec(refused.headers.get(DIAGNOSIS_HEADER) ?? '')?.[1]);
    expect(t.emulator.requests.get(id)!.diagnosisState).toBe('pending');
    // How often the event loop came round while the search ran: once per batch at least, not once in all.
    let turns = 0;
    let searching = true;
    const turn = () => {
      turns++;
      if (searching) setTimeout(turn, 0);
    };
    setTimeout(turn, 0);
    const { status } = await send(t, `${PAYMENTS}/check-transaction-2`, check(hmac(`${REQ_TIME}ec000002DEMO-PAID-0001`)));
    expect(status).toBe(200);
    await t.emulator.idle();
    searching = false;
    const entry = t.emulator.requests.get(id)!;
    expect(entry.diagnosis).toMatch(/^wrong hash: key differs from ec000002's key/);
    const hypotheses = Number(/\((\d+) hypotheses/.exec(entry.diagnosis!)?.[1]);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(hypotheses / 256 / 2));
  });
});

describe('other refusals', () => {
  it('names a renamed field and the documented one (request_time on a req_time endpoint)', async () => {
    const body = JSON.stringify({ request_time: REQ_TIME, merchant_id: 'ec000002', tran_id: 'X', hash: 'x' });
    const { line, text } = await send(patient(), `${PAYMENTS}/check-transaction`, body);
    expect(JSON.parse(text)).toEqual({ status: 6, description: 'tran_id not found' });
    expect(line).toBe('missing field req_time: the body has request_time, which check-transaction-v1 does not read (did you mean req_time?)');
  });

  it.each([
    ['/api/merchant-portal/merchant-access/payment-link/details', /a path NODE .* calls; it is not PayWay's\); did you mean \/api\/merchant-portal\/merchant-access\/payment-link\/detail \(payment-link-detail\)\?$/],
    ['/api/payment-gateway/v1/payments/check-transacton-2', /did you mean \/api\/payment-gateway\/v1\/payments\/check-transaction-2 \(check-transaction\)\?$/],
    ['/sandbox/api/payment-gateway/v1/exchange-rate', /did you mean \/api\/payment-gateway\/v1\/exchange-rate \(exchange-rate\)\?$/],
    ['/api/payment-credential/v3/aof/payment', /did you mean \/api\/payment-gateway\/v3\/purchase\/payment-credential \(payment-v3\)\?$/],
    ['/hello', /^unknown path: no PayWay endpoint at \/hello \(payway endpoints lists them all\)$/],
  ])('an unknown path %s names the nearest PayWay path', async (path, pattern) => {
    const { status, line } = await send(patient(), path, '{}');
    expect(status).toBe(404);
    expect(line).toMatch(pattern);
  });

  it.each([
    ['text/plain', 'content type: check-transaction takes application/json, not text/plain (this body was read as no fields at all)'],
    ['application/x-www-form-urlencoded', "content type: the body is JSON but is sent as application/x-www-form-urlencoded (curl -d without -H 'Content-Type: application/json'); check-transaction takes application/json"],
  ])('a JSON body sent as %s names the content type to use', async (type, expected) => {
    expect((await send(patient(), `${PAYMENTS}/check-transaction-2`, check('x'), type)).line).toBe(expected);
  });

  describe('merchant_auth that does not decrypt says what failed', () => {
    const refund = '/api/merchant-portal/merchant-access/online-transaction/refund';
    const signed = (auth: string) => JSON.stringify({ request_time: REQ_TIME, merchant_id: 'ec000002', merchant_auth: auth, hash: hmac(`${REQ_TIME}ec000002${auth}`) });
    const block = (plaintext: string, pem = DEMO_MERCHANT.rsaPublicKeyPem) => encryptChunked(parsePublicKeyPem(pem), plaintext, seededRandom(3));

    it.each([
      ['not Base64', 'not*base64*at*all!', /^merchant_auth: the ciphertext is not Base64/],
      ['a "+" turned into a space', block('{"mc_id":"ec000002"}').base64.replace(/\+/g, ' '), /^merchant_auth: the ciphertext has spaces/],
      ['hex', Buffer.from(block('{"mc_id":"ec000002"}').base64, 'base64').toString('hex'), /: it is hex \(256 hex digits\); Base64 the raw ciphertext blocks instead$/],
      ['Base64 per chunk', (() => {
        const c = block('{"mc_id":"ec000002","tran_id":"DEMO-PAID-0001","refund_amount":1,"note":"' + 'x'.repeat(120) + '"}');
        return c.chunks.map((k) => Buffer.from(k.ciphertextHex, 'hex').toString('base64')).join('');
      })(), /Base64 per 117-byte chunk joined; Base64 the joined raw blocks once$/],
      ['a missing member', block('{"mc_id":"ec000002","tran_id":"DEMO-PAID-0001"}').base64, /^merchant_auth: the decrypted JSON has no "refund_amount"$/],
      ['text that is not JSON', block('mc_id=ec000002').base64, /^merchant_auth: decrypted, but the decrypted text is not JSON$/],
    ])('%s', async (_what, auth, pattern) => {
      expect((await send(patient(), refund, signed(auth))).line).toMatch(pattern);
    });
  });

  it('names an unknown merchant and the ones the emulator knows', async () => {
    const { line } = await send(patient(), `${PAYMENTS}/check-transaction-2`, check('x', { merchant_id: 'ec123456' }));
    expect(line).toBe('merchant_id "ec123456" is not known to this emulator (it knows ec000002; add one with POST /_emulator/merchants)');
  });

  it('names a lookup of a transaction the merchant does not have', async () => {
    const { line } = await send(patient(), `${PAYMENTS}/check-transaction-2`, check(hmac(`${REQ_TIME}ec000002NOPE`), { tran_id: 'NOPE' }));
    expect(line).toBe('no transaction "NOPE" for ec000002 (code 6 "Transaction not found")');
  });

  it('gives no header to an accepted request', async () => {
    const response = await testEmulator().emulator.fetch(await testEmulator().request('exchange-rate'));
    expect(response.headers.get(DIAGNOSIS_HEADER)).toBeNull();
  });
});

describe('the header is a valid value and never holds a key', () => {
  it('escapes what is not printable ASCII and keeps to one line', async () => {
    const { line } = await send(patient(), `${PAYMENTS}/check-transaction-2`, check('x', { merchant_id: 'ec\u17a0\r\nX-Evil: 1' }));
    expect(line).toMatch(/^[\x20-\x7e]+$/);
    expect(line).toContain('\\u17a0');
    expect(line).not.toMatch(/[\r\n]/);
  });

  it('redacts a key sent in the body from the header and the log', async () => {
    const t = patient();
    const { line } = await send(t, `${PAYMENTS}/check-transaction-2`, check(KEY, { tran_id: KEY }));
    expect(line).not.toContain(KEY);
    const log = JSON.stringify(t.emulator.requests.list());
    expect(log).not.toContain(KEY);
    expect(log).toContain('[ec000002 API key]');
  });
});
