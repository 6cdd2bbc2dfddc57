// Credentials on File, both generations, and Subscription: linking on the payer page, the token
// pushbacks, charging, renewing, reading and removing tokens.
import { describe, expect, it } from 'vitest';
import { getEndpoint } from '../../../src/core/catalog/index.ts';
import { DEMO_CTID, DEMO_PWT } from '../../../src/core/catalog/cof.ts';
import { DEMO_REQUEST_ID } from '../../../src/core/catalog/cofV3.ts';
import { actOnPage, answerOf, BASE, codeOf, missingFields, newTranId, testEmulator, type TestEmulator } from './support.ts';

const CALLBACK = 'http://localhost:8080/payway/token';

/** Approves a payer page opened by a JSON answer (its URL is in X-Emulator-Payer-Page). */
async function approveJsonSession(t: TestEmulator, pageUrl: string, action = 'approve'): Promise<string> {
  const page = await (await t.emulator.fetch(new Request(pageUrl))).text();
  return actOnPage(t, page, pageUrl, action);
}

describe('Credentials on File v3', () => {
  it('links an account after the payer approves, pushes the token, and charges it with Payment', async () => {
    const t = testEmulator();
    const link = await t.call('link-account-v3', { request_id: 'REQ00000001', ctid: 'CUST0002', callback_url: CALLBACK });
    expect(missingFields('link-account-v3', link.body)).toEqual([]);
    expect(codeOf(await t.call('token-details-v3', { request_id: 'REQ00000001' }))).toBe('09');

    expect(await approveJsonSession(t, link.headers.get('x-emulator-payer-page')!)).toContain('Linked');
    const pushed = t.pushed.at(-1)!;
    expect(pushed.url).toBe(CALLBACK);
    const credential = pushed.body.payment_credential as Record<string, unknown>;
    expect(pushed.body.request_id).toBe('REQ00000001');
    expect(credential).toMatchObject({ ctid: 'CUST0002', type: 'ABA ACCOUNT', status: 1, token_flag: 'CITI_FLEX', currency: 'USD' });

    const details = await t.call('token-details-v3', { request_id: 'REQ00000001' });
    expect(missingFields('token-details-v3', details.body)).toEqual([]);
    expect((details.body.data as { pwt: string }).pwt).toBe(credential.pwt);

    const tranId = newTranId('P');
    const payment = await t.call('payment-v3', { tran_id: tranId, ctid: 'CUST0002', pwt: String(credential.pwt), callback_url: CALLBACK });
    expect(payment.body.status).toMatchObject({ code: '00', message: 'Success.' });
    await t.emulator.idle();
    expect(t.pushed.at(-1)!.body).toEqual({ tran_id: tranId, apv: expect.stringMatching(/^\d{6}$/), status: 0 });
    const checked = await t.call('check-transaction', { tran_id: tranId });
    expect((checked.body.data as { payment_status: string }).payment_status).toBe('APPROVED');
  });

  it('refuses Payment with an unknown or removed token (403 code 105), and Remove token answers 00 either way', async () => {
    const t = testEmulator();
    const unknown = await t.call('payment-v3', { tran_id: newTranId('P'), pwt: 'NOPE' });
    expect([unknown.status, codeOf(unknown)]).toEqual([403, '105']);
    const demoToken = { ctid: DEMO_CTID, pwt: DEMO_PWT };
    expect(codeOf(await t.call('remove-token-v3', demoToken))).toBe('00');
    const removed = await t.call('payment-v3', { tran_id: newTranId('P') });
    expect(codeOf(removed)).toBe('105');
    expect(codeOf(await t.call('remove-token-v3', demoToken))).toBe('00');
    expect((await t.call('token-details-v3')).body.data).toMatchObject({ ctid: DEMO_CTID, status: 0 });
  });

  it('refuses a form body on Payment with HTTP 415 and a JSON body on Link Card with 400 04', async () => {
    const t = testEmulator();
    const form = await t.call('payment-v3', { tran_id: newTranId('P') }, { bodyAs: 'urlencoded' });
    expect([form.status, codeOf(form)]).toEqual([415, '415']);
    const json = await t.call('link-card-v3', {}, { bodyAs: 'json' });
    expect([json.status, codeOf(json)]).toEqual([400, '04']);
  });

  it('lets a linking request expire after 10 minutes', async () => {
    const t = testEmulator();
    const link = await t.call('link-account-v3', { request_id: 'REQ00000009', ctid: 'CUST0009' });
    t.clock.advance(10 * 60_000 + 1000);
    expect(await approveJsonSession(t, link.headers.get('x-emulator-payer-page')!)).toContain('Expired');
    expect(codeOf(await t.call('token-details-v3', { request_id: 'REQ00000009' }))).toBe('09');
  });

  it('answers a missing field with 400 04 and an errors map naming it', async () => {
    const t = testEmulator();
    const answer = await t.call('link-account-v3', { ctid: '' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: { code: '04', message: 'The given data was invalid.' }, errors: { ctid: ['ctid is required'] } });
  });

  it('links a card on the card page (urlencoded, as the sandbox takes it) and sends the payer on', async () => {
    const t = testEmulator();
    const answer = await t.call('link-card-v3', { request_id: 'CARD0000001', ctid: 'CUST0003', callback_url: CALLBACK, continue_success_url: 'http://localhost:8080/cards' });
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    const result = await actOnPage(t, answer.text, BASE + getEndpoint('link-card-v3').path, 'approve');
    expect(result).toContain('href="http://localhost:8080/cards"');
    const details = await t.call('token-details-v3', { request_id: 'CARD0000001' });
    expect(details.body.data).toMatchObject({ ctid: 'CUST0003', type: 'Visa', status: 1 });
  });

  it('renews a token for 90 days and pushes the new expiry', async () => {
    const t = testEmulator();
    t.clock.advance(30 * 24 * 3600_000);
    expect(codeOf(await t.call('renew-token-v3', { request_id: 'RENEW0001' }))).toBe('00');
    await t.emulator.idle();
    const details = await t.call('token-details-v3', { request_id: 'RENEW0001' });
    expect((details.body.data as { expired_at: string }).expired_at).toBe('2025-06-13T06:55:45Z');
    expect(codeOf(await t.call('renew-token-v3', { pwt: 'WRONG' }))).toBe('105');
  });
});

describe('Credentials on File, older generation', () => {
  it('links an account, then finds it by return_param, renews and removes it', async () => {
    const t = testEmulator();
    const answer = await t.call('link-account', { return_param: 'LINK0002', return_url: CALLBACK });
    expect(missingFields('link-account', answer.body)).toEqual([]);
    expect(codeOf(await t.call('linked-account-details', { return_param: 'LINK0002' }))).toBe('403');
    await approveJsonSession(t, answer.headers.get('x-emulator-payer-page')!);
    const pushed = t.pushed.at(-1)!.body as { status: number; return_params: { ctid: string; card_status: { pwt: string }; return_param: string } };
    expect(pushed.status).toBe(0);
    expect(pushed.return_params.return_param).toBe('LINK0002');

    const details = await t.call('linked-account-details', { return_param: 'LINK0002' });
    expect(missingFields('linked-account-details', details.body)).toEqual([]);
    const { ctid, pwt } = details.body.data as { ctid: string; pwt: string };
    expect(pwt).toBe(pushed.return_params.card_status.pwt);

    const renewed = await t.call('renew-account-token', { ctid, pwt });
    expect(renewed.body).toMatchObject({ status: { code: '00' }, expired_in: 90 * 24 * 3600 });
    expect(codeOf(await t.call('remove-card-token', { ctid, pwt }))).toBe('29');
    expect(codeOf(await t.call('remove-account-token', { ctid, pwt }))).toBe('00');
    expect(codeOf(await t.call('linked-account-details', { return_param: 'LINK0002' }))).toBe('403');
  });

  it('charges a token with Purchase using token and answers payment_status', async () => {
    const t = testEmulator();
    const tranId = newTranId('W');
    const answer = await t.call('purchase-with-token', { tran_id: tranId, return_url: CALLBACK });
    expect(missingFields('purchase-with-token', answer.body)).toEqual([]);
    expect(answer.body).toMatchObject({ tran_id: tranId, payment_status: { status: '0', code: 'CDA00', description: 'OK' } });
    await t.emulator.idle();
    expect(t.pushed.at(-1)!.body).toMatchObject({ tran_id: tranId, status: '0' });
    const wrong = await t.call('purchase-with-token', { tran_id: newTranId('W'), pwt: 'NOPE' });
    expect(wrong.body.status).toEqual({ code: 29, message: 'Invalid pwt or ctid' });
  });

  it('saves a card from the old Link Card page under the given ctid', async () => {
    const t = testEmulator();
    const answer = await t.call('link-card', { ctid: 'CARDCUST1', return_url: CALLBACK });
    await actOnPage(t, answer.text, BASE + getEndpoint('link-card').path, 'approve');
    const state = await t.emulator.state();
    expect(state.tokens.at(-1)).toMatchObject({ ctid: 'CARDCUST1', kind: 'card', status: 1, returnParam: 'LINK0001' });
  });
});

describe('Subscription', () => {
  it('pays like Purchase and registers a CITR_FIX token that Payment v3 can charge (MITR_FIX)', async () => {
    const t = testEmulator();
    const tranId = newTranId('S');
    const answer = await t.call('subscription', { tran_id: tranId, ctid: 'SUBSCRIBER1', return_url: CALLBACK });
    expect(answer.text).toContain('every 1M, token SUBSCRIBER1');
    await actOnPage(t, answer.text, BASE + getEndpoint('subscription').path, 'approve', 'cards');
    const token = t.pushed.find((p) => p.body.payment_credential)!.body as { request_id: string; payment_credential: { pwt: string; token_flag: string; subscribed_amount: number; frequency: string } };
    expect(token.request_id).toBe(tranId);
    expect(token.payment_credential).toMatchObject({ token_flag: 'CITR_FIX', frequency: '1M', subscribed_amount: 10 });
    const charge = await t.call('payment-v3', { tran_id: newTranId('M'), ctid: 'SUBSCRIBER1', pwt: token.payment_credential.pwt, token_flag: 'MITR_FIX' });
    expect(codeOf(charge)).toBe('00');
  });
});

describe('demo data', () => {
  it('has the catalog examples\' token, so their requests succeed as they are', async () => {
    const t = testEmulator();
    const sessions = async () => ((await answerOf(await t.get('/_emulator/sessions'))).body.sessions as unknown[]).length;
    const before = await sessions();
    const details = await t.call('token-details-v3');
    expect(details.body.data).toMatchObject({ ctid: DEMO_CTID, pwt: DEMO_PWT, status: 1 });
    expect(DEMO_REQUEST_ID).toBeTruthy();
    expect(codeOf(await t.call('payment-v3', { tran_id: newTranId('D') }))).toBe('00');
    // Neither opens a payer page.
    expect(await sessions()).toBe(before);
  });
});
