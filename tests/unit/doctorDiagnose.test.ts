// The doctor's API as the app page and the CLI use it.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { diagnose, DoctorInputError } from '../../src/core/doctor/index.ts';
import { buildRequest, exampleInputs } from '../../src/core/signing/buildRequest.ts';
import { seededRandom } from '../support/seededRandom.ts';

const KEY = 'demo-api-key-not-real';
const check = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '17394277693' };
const checkString = '20250213065545ec00000217394277693';
const mac = (message: string, key = KEY, encoding: 'base64' | 'hex' = 'base64') => createHmac('sha512', key).update(message).digest(encoding);
const NOW = new Date(Date.UTC(2025, 1, 13, 6, 56, 0));

describe('diagnose: their string to sign', () => {
  it('shows the expected string beside theirs, the first differing byte, its field, and the mistake', async () => {
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, theirString: 'ec0000022025021306554517394277693', now: NOW });
    expect(d.verdict).toBe('diagnosed');
    expect(d.expected.stringToSign).toBe(checkString);
    expect(d.difference).toMatchObject({ identical: false, byteIndex: 0, segment: { field: 'req_time' } });
    expect(d.mistakes[0]).toMatchObject({ id: 'order-sorted', kind: 'order' });
    expect(d.difference?.kind).toBe('order');
    expect(d.theirs.segments?.map((s) => s.field)).toEqual(['merchant_id', 'req_time', 'tran_id']);
    expect(d.expected.hash).toBeUndefined();
  });

  it('checks their hash against their own string when the key is given, and names a key mistake there', async () => {
    const theirs = 'ec0000022025021306554517394277693';
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, theirString: theirs, theirHash: mac(theirs, KEY + '\n'), key: KEY, now: NOW });
    expect(d.mistakes.map((m) => m.id)).toEqual(['order-sorted', 'key-whitespace']);
    expect(d.expected.hash).toBe(mac(checkString));
  });

  it('says when their hash does not come from their string (the key or the logged string is off)', async () => {
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, theirString: checkString, theirHash: mac(checkString, 'another-key'), key: KEY, now: NOW });
    expect(d.verdict).toBe('unexplained');
    expect(d.warnings.map((w) => w.message).join(' ')).toMatch(/not the HMAC of their string to sign/);
    expect(d.leftToCheck[0]).toMatch(/The key itself/);
  });

  it('reports an unexplained string with the first difference and a guess at its kind', async () => {
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, theirString: '20250213065545ec000002\u00a017394277693', now: NOW });
    expect(d.verdict).toBe('unexplained');
    expect(d.difference).toMatchObject({ byteIndex: 22, kind: 'whitespace', theirChar: { codePoint: 'U+00A0' } });
    expect(d.summary).toMatch(/Nothing reproduces it/);
  });
});

describe('diagnose: their hash', () => {
  it('reproduces their string from their hash, so the UI can show it beside the expected one', async () => {
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, theirHash: mac('ec0000022025021306554517394277693'), key: KEY, now: NOW });
    expect(d).toMatchObject({ verdict: 'diagnosed', match: false, reproduced: true });
    expect(d.theirs.reproducedString).toBe('ec0000022025021306554517394277693');
    expect(d.difference?.segment?.field).toBe('req_time');
    expect(d.summary).toMatch(new RegExp(`The correct hash is ${mac(checkString).replace(/[+/]/g, '\\$&')}`));
  });

  it('reports a correct hash as correct', async () => {
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, theirHash: mac(checkString), key: KEY, now: NOW });
    expect(d).toMatchObject({ verdict: 'correct', match: true, mistakes: [], hypothesesTried: 1 });
    expect(d.summary).toMatch(/^Correct/);
  });

  it('reads the hash without the key and says what it can', async () => {
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, theirHash: mac(checkString, KEY, 'hex'), now: NOW });
    expect(d.verdict).toBe('need-key');
    expect(d.theirs.hashReadings[0]).toMatch(/Lower-case hex of a 64-byte digest \(SHA-512\); this endpoint expects Base64/);
  });

  it('shows the expected string when there is nothing to compare', async () => {
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, key: KEY, now: NOW });
    expect(d.verdict).toBe('nothing-to-compare');
    expect(d.expected).toMatchObject({ stringToSign: checkString, hash: mac(checkString) });
  });

  it('says how many hypotheses it ruled out and what is left to check when nothing reproduces the hash', async () => {
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, theirHash: mac('something else entirely'), key: KEY, now: NOW });
    expect(d.verdict).toBe('unexplained');
    expect(d.hypothesesTried).toBeGreaterThan(300);
    expect(d.exhaustive).toBe(true);
    expect(d.leftToCheck.join(' ')).toMatch(/The key itself.*merchant profile/s);
    expect(d.summary).toMatch(new RegExp(`${d.hypothesesTried} hypotheses ruled out`));
  });

  it('says when their hash cannot be read at all, without searching', async () => {
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, theirHash: 'not a hash!', key: KEY, now: NOW });
    expect(d).toMatchObject({ verdict: 'unexplained', hypothesesTried: 0 });
    expect(d.summary).toMatch(/neither hex nor Base64 of a known digest length.*Copy the whole hash/);
  });

  it('says when a budget cut the search short', async () => {
    const d = await diagnose({ endpointId: 'check-transaction', wire: check, theirHash: mac('something else'), key: KEY, now: NOW, search: { maxHypotheses: 300 } });
    expect(d.exhaustive).toBe(false);
    expect(d.hypothesesTried).toBeLessThan(700);
    expect(d.leftToCheck.join(' ')).toMatch(/stopped at its budget/);
  });

  it('lists the other explanations that give the same result', async () => {
    const subscription = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'S1', amount: '9.99', ctid: 'CT12345', token_flag: 'CITR_FIX', frequency: '1M' };
    const documented = [subscription.req_time, subscription.merchant_id, subscription.tran_id, subscription.amount, subscription.token_flag, subscription.frequency].join('');
    const d = await diagnose({ endpointId: 'subscription', wire: subscription, theirHash: mac(documented), key: KEY, now: NOW });
    expect(d.verdict).toBe('variant');
    expect(d.mistakes).toEqual([expect.objectContaining({ id: 'variant', variant: 'documented' })]);
    expect(d.alternatives).toContainEqual([expect.objectContaining({ id: 'field-missing', field: 'ctid' })]);
  });
});

describe('diagnose: the request as pasted', () => {
  const path = 'https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2';

  it('recognises the endpoint by path and takes their hash from the request', async () => {
    const body = JSON.stringify({ ...check, hash: mac('x') });
    const d = await diagnose({ requestText: `curl '${path}' -H 'Content-Type: application/json' --data-raw '${body}'`, key: KEY, now: NOW });
    expect(d.endpoint).toMatchObject({ id: 'check-transaction', recognisedBy: 'path' });
    expect(d.theirs.hash).toBe(mac('x'));
    expect(d.wire).toEqual(Object.entries(check));
  });

  it('chooses, among endpoints with the same fields, the one whose recipe gives their hash', async () => {
    const wire = { req_time: '20250213065545', merchant_id: 'ec000002', ctid: 'CT1', pwt: 'PW1' };
    const renew = mac(wire.merchant_id + wire.ctid + wire.pwt + wire.req_time);
    const d = await diagnose({ wire, theirHash: renew, key: KEY, now: NOW });
    expect(d.endpoint.id).toBe('renew-account-token');
    expect(d.verdict).toBe('correct');
  });

  it('reports a field sent twice, a hash that differs from the request\'s, and values PayWay refuses', async () => {
    const d = await diagnose({
      endpointId: 'purchase',
      requestText: 'req_time=20250213065545&merchant_id=ec000002&merchant_id=ec000003&tran_id=T1&amount=1.00&items=[{"a":1}]&hash=abc',
      theirHash: mac('x'),
      key: KEY,
      now: NOW,
    });
    const messages = d.warnings.map((w) => `${w.severity}: ${w.message}`).join('\n');
    expect(messages).toMatch(/warning: merchant_id is sent twice/);
    expect(messages).toMatch(/warning: The hash given differs from the one in the request/);
    expect(messages).toMatch(/error: items is not Base64 \(it is sent raw\)/);
    expect(d.wire.find(([n]) => n === 'merchant_id')).toEqual(['merchant_id', 'ec000003']);
  });

  it('says a correct hash is correct but PayWay will still refuse what cannot be decrypted', async () => {
    const wire = { request_time: '20250213065545', merchant_id: 'ec000002', merchant_auth: 'abc=def=' };
    const d = await diagnose({ endpointId: 'refund', wire, theirHash: mac(wire.request_time + wire.merchant_id + wire.merchant_auth), key: KEY, now: NOW });
    expect(d.verdict).toBe('correct');
    expect(d.summary).toMatch(/But the request has a problem PayWay refuses whatever the hash: merchant_auth has "=" padding in the middle/);
  });

  it('refuses an unknown endpoint and a request it cannot place', async () => {
    await expect(diagnose({ endpointId: 'nope', wire: check })).rejects.toThrow(DoctorInputError);
    await expect(diagnose({ wire: { foo: '1' } })).rejects.toThrow(/cannot tell which endpoint/);
    await expect(diagnose({ requestText: '{"a": ' })).rejects.toThrow(/JSON body does not parse/);
  });
});

describe('diagnose: every endpoint', () => {
  const credentials = { apiKey: KEY, partnerKey: KEY, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem };

  it.each(catalog.map((e) => [e.id, e] as const))('%s: its correctly signed example is reported as correct, by hash and by string', async (_id, endpoint) => {
    const trace = await buildRequest(endpoint, exampleInputs(endpoint), credentials, { random: seededRandom(7) });
    const wire = trace.wire.filter(([name]) => name !== 'hash');
    const byHash = await diagnose({ endpointId: endpoint.id, wire, theirHash: trace.signature.hash, key: KEY, now: NOW });
    expect(byHash.verdict, byHash.summary).toBe('correct');
    expect(byHash.expected.hash).toBe(trace.signature.hash);
    const byString = await diagnose({ endpointId: endpoint.id, wire, theirString: trace.stringToSign, now: NOW });
    expect(byString.verdict).toBe('correct');
  });
});
