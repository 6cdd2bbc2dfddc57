// Pre-auth completion and cancellation, the beneficiary whitelist and payouts, and the partner
// self-activation flow.
import { describe, expect, it } from 'vitest';
import { getEndpoint } from '../../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { sign } from '../../../src/core/signing/hmac.ts';
import { decryptChunked, parsePrivateKeyPem } from '../../../src/core/signing/rsa.ts';
import { formatReqTime } from '../../../src/core/signing/reqTime.ts';
import { DEMO_PARTNER } from '../../../src/emulator/index.ts';
import { actOnPage, authJson, BASE, codeOf, missingFields, newTranId, testEmulator, type TestEmulator } from './support.ts';

const PURCHASE_URL = BASE + getEndpoint('purchase').path;

/** A pre-auth purchase the payer authorised with `option`. */
async function hold(t: TestEmulator, option: string, amount = '10.00', currency = 'USD'): Promise<string> {
  const tranId = newTranId('H');
  const answer = await t.call('purchase', { tran_id: tranId, type: 'pre-auth', amount, currency });
  await actOnPage(t, answer.text, PURCHASE_URL, 'approve', option);
  return tranId;
}

const complete = (t: TestEmulator, tranId: string, amount: number, more: Record<string, unknown> = {}) =>
  t.call('pre-auth-complete', { merchant_auth: JSON.stringify({ mc_id: DEMO_MERCHANT.merchantId, tran_id: tranId, complete_amount: amount, ...more }) });
const cancel = (t: TestEmulator, tranId: string) => t.call('pre-auth-cancel', { merchant_auth: authJson('pre-auth-cancel', { tran_id: tranId }) });

describe('pre-auth', () => {
  it('completes a card hold once, up to 10% above the held amount', async () => {
    const t = testEmulator();
    const tranId = await hold(t, 'cards');
    expect(codeOf(await complete(t, tranId, 11.01))).toBe('PTL60');
    const done = await complete(t, tranId, 11);
    expect(done.body).toEqual({ grand_total: 11, currency: 'USD', transaction_status: 'COMPLETED', status: { code: '00', message: 'Success!' } });
    expect(missingFields('pre-auth-complete', done.body)).toEqual([]);
    const again = await complete(t, tranId, 5);
    expect([again.status, codeOf(again)]).toEqual([403, 'PTL59']);
    const detail = await t.call('transaction-detail', { tran_id: tranId });
    expect(detail.body.data).toMatchObject({ payment_status: 'APPROVED', total_amount: 11, original_amount: 10 });
    const operations = (detail.body.data as { transaction_operations: { status: string; amount: number }[] }).transaction_operations;
    expect(operations.map((o) => [o.status, o.amount])).toEqual([
      ['Pre-Auth', 10],
      ['Completed Pre-Auth', 11],
    ]);
  });

  it('completes an ABA PAY hold up to the held amount only, and with a payout split', async () => {
    const t = testEmulator();
    const tranId = await hold(t, 'abapay');
    expect(codeOf(await complete(t, tranId, 10.01))).toBe('PTL60');
    const payout = [{ acc: '200030000', amt: 6 }, { acc: '012538302', amt: 4 }];
    expect(codeOf(await t.call('pre-auth-complete-payout', { merchant_auth: authJson('pre-auth-complete-payout', { tran_id: tranId, complete_amount: 10, payout }) }))).toBe('00');
  });

  it('cancels a hold once (then PTL170), and refuses to complete a cancelled or unauthorised one', async () => {
    const t = testEmulator();
    const tranId = await hold(t, 'cards');
    const cancelled = await cancel(t, tranId);
    expect(cancelled.body).toEqual({ grand_total: 10, currency: 'USD', transaction_status: 'CANCELLED', status: { code: '00', message: 'Success' } });
    expect(codeOf(await cancel(t, tranId))).toBe('PTL170');
    expect(codeOf(await complete(t, tranId, 10))).toBe('PTL59');
    const pending = newTranId('H');
    await t.call('purchase', { tran_id: pending, type: 'pre-auth' });
    expect(codeOf(await complete(t, pending, 10))).toBe('PTL59');
    expect(codeOf(await complete(t, 'NOPE3', 10))).toBe('PTL36');
  });

  it('refuses decimals and amounts under 100 in KHR with their own codes', async () => {
    const t = testEmulator();
    const tranId = await hold(t, 'cards', '10000', 'KHR');
    expect(codeOf(await complete(t, tranId, 100.5))).toBe('KHR-CONTAIN-DECIMAL');
    expect(codeOf(await complete(t, tranId, 50))).toBe('KHR-LESS-100');
  });
});

describe('beneficiaries and payouts', () => {
  const payout = (t: TestEmulator, beneficiaries: { account: string; amount: number }[], amount: string, tranId = newTranId('O')) =>
    t.call('payout', { tran_id: tranId, amount, beneficiaries: JSON.stringify(beneficiaries) });

  it('pays whitelisted beneficiaries only, while they are enabled', async () => {
    const t = testEmulator();
    const account = '100200300';
    const refused = await payout(t, [{ account, amount: 5 }], '5.00');
    expect([refused.status, refused.body.status]).toMatchObject([403, { code: 37 }]);

    const added = await t.call('beneficiary-add', { merchant_auth: authJson('beneficiary-add', { payee: account }) });
    expect(missingFields('beneficiary-add', added.body)).toEqual([]);
    expect(added.body.data).toMatchObject({ payee: account, type: 'ABA Account', status: 1 });
    expect(codeOf(await t.call('beneficiary-add', { merchant_auth: authJson('beneficiary-add', { payee: account }) }))).toBe('PTL148');

    const paid = await payout(t, [{ account, amount: 5 }], '5.00');
    expect(missingFields('payout', paid.body)).toEqual([]);
    expect(paid.body).toMatchObject({ transaction_amount: 5, transaction_currency: 'USD', beneficiaries: [{ mid_acccount: account, amount: 5, currency: 'USD' }], status: { code: '0' } });

    const disabled = await t.call('beneficiary-status', { merchant_auth: authJson('beneficiary-status', { payee: account, status: 0 }) });
    expect(disabled.body.data).toMatchObject({ status: 0 });
    expect((await payout(t, [{ account, amount: 5 }], '5.00')).body.status).toMatchObject({ code: 37 });
  });

  it('answers a duplicate tran_id (83), a total that does not add up (92), and more than 10 beneficiaries (25)', async () => {
    const t = testEmulator();
    const tranId = newTranId('O');
    expect(codeOf(await payout(t, [{ account: '200030000', amount: 1 }], '1.00', tranId))).toBe('0');
    expect(codeOf(await payout(t, [{ account: '200030000', amount: 1 }], '1.00', tranId))).toBe('83');
    expect(codeOf(await payout(t, [{ account: '200030000', amount: 1 }], '2.00'))).toBe('92');
    expect(codeOf(await payout(t, Array.from({ length: 11 }, () => ({ account: '200030000', amount: 1 })), '11.00'))).toBe('25');
  });

  it('wants the payout hash in hex: the Base64 variant is a wrong hash (code 1, HTTP 403)', async () => {
    const t = testEmulator();
    const answer = await t.call('payout', { tran_id: newTranId('O') }, { variant: 'base64' });
    expect([answer.status, codeOf(answer)]).toEqual([403, '1']);
  });

  it('answers an unknown payee with 400 PTL04 (sandbox)', async () => {
    const t = testEmulator();
    const answer = await t.call('beneficiary-add', { merchant_auth: authJson('beneficiary-add', { payee: 'not-an-account' }) });
    expect([answer.status, codeOf(answer)]).toEqual([400, 'PTL04']);
  });
});

describe('partner self-activation', () => {
  it('registers a merchant on the registration page, then hands out its credentials and profile', async () => {
    const t = testEmulator();
    const register = await t.call('partner-register-merchant');
    expect(missingFields('partner-register-merchant', register.body)).toEqual([]);
    expect(register.body.status).toEqual({ code: '00', message: 'Success!', tran_id: 'Merchant001' });
    expect(codeOf(await t.call('partner-register-merchant'))).toBe('PTL164');
    const byRef = { request_data: JSON.stringify({ register_ref: 'Merchant001' }) };
    expect(codeOf(await t.call('partner-merchant-credentials', byRef))).toBe('PTL46');

    const url = String(register.body.url);
    const page = await (await t.emulator.fetch(new Request(url))).text();
    expect(await actOnPage(t, page, url, 'approve')).toContain('Registered');

    const credentials = await t.call('partner-merchant-credentials', byRef);
    const decrypted = JSON.parse(decryptChunked(parsePrivateKeyPem(DEMO_PARTNER.rsaPrivateKeyPem), String(credentials.body.data))) as { merchant_id: string; api_key: string };
    const merchants = (await (await t.get('/_emulator/merchants')).json()) as { merchants: { merchantId: string; apiKey: string }[] };
    expect(merchants.merchants).toContainEqual(expect.objectContaining({ merchantId: decrypted.merchant_id, apiKey: decrypted.api_key }));

    // Get Merchant API: the proof is made with the new merchant's API key.
    const requestTime = formatReqTime(t.clock.now());
    const proof = await sign(DEMO_PARTNER.partnerId + decrypted.merchant_id + requestTime, decrypted.api_key, 'HMAC-SHA512', 'hex');
    const info = await t.call('partner-merchant-info', { request_data: JSON.stringify({ merchant_key: decrypted.merchant_id, public_key_hash_encrypt: proof.hash }) });
    expect(missingFields('partner-merchant-info', info.body)).toEqual([]);
    const wrong = await t.call('partner-merchant-info', { request_data: JSON.stringify({ merchant_key: decrypted.merchant_id, public_key_hash_encrypt: 'f'.repeat(128) }) });
    expect([wrong.status, codeOf(wrong)]).toEqual([403, 'PTL02']);
  });
});
