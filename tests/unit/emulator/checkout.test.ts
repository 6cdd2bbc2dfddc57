// Ecommerce Checkout through the emulator: purchase → checkout page → approve/decline/cancel →
// pushback; check, detail, close, refund, list, exchange rate, rate limits.
import { describe, expect, it } from 'vitest';
import { getEndpoint } from '../../../src/core/catalog/index.ts';
import { verifyPushback, PUSHBACK_SIGNATURE_HEADER } from '../../../src/core/callbacks/pushbackSignature.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { parseKhqr, parseTlv } from '../../../src/emulator/khqr.ts';
import { actOnPage, authJson, BASE, codeOf, missingFields, newTranId, testEmulator, type TestEmulator } from './support.ts';

const PURCHASE_URL = BASE + getEndpoint('purchase').path;
const CALLBACK = 'http://localhost:8080/payway/callback';

async function purchase(t: TestEmulator, inputs: Record<string, string> = {}) {
  const tranId = inputs.tran_id ?? newTranId();
  const answer = await t.call('purchase', { tran_id: tranId, return_url: CALLBACK, ...inputs });
  return { tranId, answer };
}

async function check(t: TestEmulator, tranId: string) {
  const answer = await t.call('check-transaction', { tran_id: tranId });
  return answer.body.data as Record<string, unknown>;
}

describe('purchase and the checkout page', () => {
  it('answers the checkout page, and approving it pays and sends a signed pushback to return_url', async () => {
    const t = testEmulator();
    const { tranId, answer } = await purchase(t, { return_params: 'order-7' });
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.text).toContain('<title>PayWay - Checkout</title>');
    expect((await check(t, tranId)).payment_status).toBe('PENDING');

    const result = await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'cards');
    expect(result).toContain('Paid');
    const data = await check(t, tranId);
    expect(data).toMatchObject({ payment_status: 'APPROVED', payment_status_code: 0, payment_currency: 'USD', payment_amount: 10 });

    expect(t.pushed).toHaveLength(1);
    const [pushback] = t.pushed;
    expect(pushback!.url).toBe(CALLBACK);
    expect(pushback!.body).toEqual({ tran_id: tranId, apv: data.apv, status: '0', return_params: 'order-7' });
    const verified = await verifyPushback(pushback!.body, pushback!.headers[PUSHBACK_SIGNATURE_HEADER]!, DEMO_MERCHANT.apiKey);
    expect(verified.valid).toBe(true);

    const deliveries = (await (await t.get('/_emulator/deliveries')).json()) as { deliveries: { url: string; attempts: { ok: boolean; status: number }[] }[] };
    expect(deliveries.deliveries[0]).toMatchObject({ url: CALLBACK, attempts: [{ ok: true, status: 200 }] });
  });

  it('answers check and detail with every documented field, and detail lists the operations', async () => {
    const t = testEmulator();
    const { tranId, answer } = await purchase(t);
    await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'abapay');
    const checked = await t.call('check-transaction', { tran_id: tranId });
    expect(missingFields('check-transaction', checked.body)).toEqual([]);
    const detail = await t.call('transaction-detail', { tran_id: tranId });
    expect(missingFields('transaction-detail', detail.body)).toEqual([]);
    expect((detail.body.data as { payment_type: string; transaction_operations: unknown[] }).payment_type).toBe('ABA Pay');
    expect((detail.body.data as { transaction_operations: unknown[] }).transaction_operations).toEqual([
      { status: 'Completed', amount: 10, transaction_date: '2025-02-13 13:55:45', bank_ref: expect.stringMatching(/^100FT\d{11}$/) },
    ]);
  });

  it.each([
    ['decline', 'DECLINED', 3],
    ['cancel', 'CANCELLED', 7],
  ])('%s ends the transaction as %s, sends no pushback, and the page no longer takes payment', async (action, status, code) => {
    const t = testEmulator();
    const { tranId, answer } = await purchase(t);
    await actOnPage(t, answer.text, PURCHASE_URL, action);
    expect(await check(t, tranId)).toMatchObject({ payment_status: status, payment_status_code: code });
    expect(await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'cards')).toContain('Not payable');
    expect((await check(t, tranId)).payment_status).toBe(status);
    expect(t.pushed).toEqual([]);
  });

  it('offers only the requested payment option, and shows a valid KHQR for KHQR', async () => {
    const t = testEmulator();
    const { tranId, answer } = await purchase(t, { payment_option: 'abapay_khqr' });
    expect(answer.text.match(/type="radio"/g)).toHaveLength(1);
    expect(answer.text).toContain('value="abapay_khqr"');
    expect(answer.text).toMatch(/<svg[^>]*aria-label="KHQR code"/);
    const tx = (await t.emulator.state()).transactions[`${DEMO_MERCHANT.merchantId}/${tranId}`]!;
    const khqr = parseKhqr(tx.qrString!);
    expect(khqr.get('54')).toBe('10.00');
    expect(khqr.get('53')).toBe('840');
    expect(parseTlv(khqr.get('62')!).get('01')).toBe(tranId);
    expect(await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'cards')).toContain('is not offered');
    expect((await check(t, tranId)).payment_status).toBe('PENDING');
  });

  it('holds the money for type=pre-auth (PRE-AUTH) instead of taking it', async () => {
    const t = testEmulator();
    const { tranId, answer } = await purchase(t, { type: 'pre-auth' });
    expect(answer.text).not.toContain('value="alipay"');
    await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'cards');
    expect(await check(t, tranId)).toMatchObject({ payment_status: 'PRE-AUTH', payment_status_code: 0 });
  });

  it('lets an unpaid transaction expire after its lifetime', async () => {
    const t = testEmulator();
    const { tranId, answer } = await purchase(t, { lifetime: '3' });
    t.clock.advance(4 * 60_000);
    expect(await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'cards')).toContain('Not payable');
    expect((await check(t, tranId)).payment_status).toBe('PENDING');
  });

  it('replaces a pending tran_id (as the sandbox does) but refuses a paid one with code 4', async () => {
    const t = testEmulator();
    const { tranId } = await purchase(t);
    const again = await t.call('purchase', { tran_id: tranId, amount: '25.00' });
    expect(again.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await check(t, tranId)).original_amount).toBe(25);
    await actOnPage(t, again.text, PURCHASE_URL, 'approve', 'cards');
    const third = await t.call('purchase', { tran_id: tranId });
    expect(third.body.status).toEqual({ code: 4, message: 'Duplicated transaction ID', tran_id: tranId });
  });

  it('answers JSON to a JSON POST (sandbox) and the documented JSON for the deeplink option', async () => {
    const t = testEmulator();
    const json = await t.call('purchase', { tran_id: newTranId() }, { bodyAs: 'json' });
    expect(codeOf(json)).toBe('00');
    expect(json.body.qrString).toMatch(/^000201/);
    expect(json.body.qrImage).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(json.headers.get('x-emulator-payer-page')).toMatch(/^http:\/\/emulator\.test\/_emulator\/pay\/\w+$/);

    const deeplink = await t.call('purchase', { tran_id: newTranId(), payment_option: 'abapay_khqr_deeplink' });
    expect(missingFields('purchase', deeplink.body)).toEqual([]);
    expect(deeplink.body.abapay_deeplink).toMatch(/^abamobilebank:\/\/ababank\.com\?type=payway&qrcode=000201/);
  });

  it('accepts what the checker only advises against: "10" for 10.00, a req_time in local time', async () => {
    const t = testEmulator();
    const localTime = '20250213135545'; // UTC+7, the classic mistake; PayWay hashes it as sent
    for (const inputs of [{ amount: '10' }, { req_time: localTime }] as Record<string, string>[]) {
      const { answer } = await purchase(t, inputs);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it.each([
    [{ amount: '0' }, 45],
    [{ amount: '10.5', currency: 'KHR' }, 46],
    [{ amount: '50', currency: 'KHR' }, 47],
    [{ amount: '10.001' }, 3],
    [{ firstname: 'R2D2' }, 16],
    [{ email: 'not-an-email' }, 19],
    [{ lifetime: '2' }, 69],
    [{ tran_id: 'has space' }, 2],
    [{ payment_option: 'bitcoin' }, 23],
    [{ payout: JSON.stringify(Array.from({ length: 11 }, () => ({ acc: '200030000', amt: 0.5 }))) }, 25],
    [{ payout: '[{"acc":"999999999","amt":1}]' }, 37],
  ])('answers %o with code %i', async (inputs, code) => {
    const t = testEmulator();
    const answer = await t.call('purchase', { tran_id: newTranId(), ...inputs });
    expect((answer.body.status as { code: unknown }).code).toBe(code);
  });
});

describe('close-transaction', () => {
  it('keeps a closed transaction PENDING and refuses a KHQR scan but not a card (sandbox)', async () => {
    const t = testEmulator();
    const { tranId, answer } = await purchase(t);
    expect(codeOf(await t.call('close-transaction', { tran_id: tranId }))).toBe('00');
    expect((await check(t, tranId)).payment_status).toBe('PENDING');
    expect(await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'abapay_khqr')).toContain('Refused');
    expect((await check(t, tranId)).payment_status).toBe('PENDING');
    await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'cards');
    expect((await check(t, tranId)).payment_status).toBe('APPROVED');
  });

  it('answers HTTP 403 code 2 for a paid transaction and 403 code 5 for an unknown one', async () => {
    const t = testEmulator();
    const { tranId, answer } = await purchase(t);
    await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'cards');
    const paid = await t.call('close-transaction', { tran_id: tranId });
    expect([paid.status, codeOf(paid)]).toEqual([403, '2']);
    const unknown = await t.call('close-transaction', { tran_id: 'NOPE1' });
    expect([unknown.status, codeOf(unknown)]).toEqual([403, '5']);
  });
});

describe('check and detail', () => {
  it('finds a transaction with check for 7 days and with detail for ever', async () => {
    const t = testEmulator();
    const { tranId } = await purchase(t);
    t.clock.advance(8 * 24 * 3600_000);
    const checked = await t.call('check-transaction', { tran_id: tranId });
    expect(checked.body.status).toEqual({ code: 6, message: 'Transaction not found', tran_id: tranId });
    expect(codeOf(await t.call('transaction-detail', { tran_id: tranId }))).toBe('00');
  });
});

describe('refund', () => {
  async function paid(t: TestEmulator, amount = '10.00') {
    const { tranId, answer } = await purchase(t, { amount });
    await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'abapay');
    return tranId;
  }
  const refund = (t: TestEmulator, tranId: string, amount: number) => t.call('refund', { merchant_auth: authJson('refund', { tran_id: tranId, refund_amount: amount }) });

  it('refunds in parts up to the amount, then refuses more with PTL37', async () => {
    const t = testEmulator();
    const tranId = await paid(t);
    const first = await refund(t, tranId, 4);
    expect(first.body).toEqual({ grand_total: 10, total_refunded: 4, currency: 'USD', transaction_status: 'REFUNDED', status: { code: '00', message: 'Success' } });
    expect(missingFields('refund', first.body)).toEqual([]);
    expect((await check(t, tranId)).payment_status).toBe('REFUNDED');
    expect(codeOf(await refund(t, tranId, 6.01))).toBe('PTL37');
    expect((await refund(t, tranId, 6)).body.total_refunded).toBe(10);
    expect(codeOf(await refund(t, tranId, 0.01))).toBe('PTL37');
    const detail = await t.call('transaction-detail', { tran_id: tranId });
    const operations = (detail.body.data as { transaction_operations: { status: string; amount: number }[] }).transaction_operations;
    expect(operations.map((o) => [o.status, o.amount])).toEqual([
      ['Completed', 10],
      ['Refunded', 4],
      ['Refunded', 6],
    ]);
  });

  it('refuses a pending transaction (PTL57), an unknown one (403 PTL36) and a bad amount (PTL186)', async () => {
    const t = testEmulator();
    const { tranId } = await purchase(t);
    expect(codeOf(await refund(t, tranId, 1))).toBe('PTL57');
    const unknown = await refund(t, 'NOPE2', 1);
    expect([unknown.status, codeOf(unknown)]).toEqual([403, 'PTL36']);
    const paidId = await paid(t);
    expect(codeOf(await refund(t, paidId, -1))).toBe('PTL186');
  });
});

describe('transaction-list', () => {
  it('filters by status, amount and gateway-time window, and pages', async () => {
    // Without the demo data, whose paid transactions would be listed too.
    const t = testEmulator({ seed: false });
    const ids: string[] = [];
    for (const amount of ['1.00', '2.00', '3.00', '4.00', '5.00']) {
      const { tranId, answer } = await purchase(t, { amount });
      ids.push(tranId);
      if (amount !== '5.00') await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'cards');
      t.clock.advance(60_000);
    }
    const list = async (inputs: Record<string, string>) => {
      const answer = await t.call('transaction-list', { status: '', page: '', pagination: '', ...inputs });
      expect(codeOf(answer)).toBe('00');
      return (answer.body.data as { transaction_id: string }[]).map((r) => r.transaction_id);
    };
    expect(await list({ status: 'approved' })).toEqual([ids[3], ids[2], ids[1], ids[0]]);
    expect(await list({ status: 'APPROVED', from_amount: '2', to_amount: '3' })).toEqual([ids[2], ids[1]]);
    expect(await list({ status: 'PENDING' })).toContain(ids[4]);
    expect(await list({ status: 'APPROVED', page: '2', pagination: '3' })).toEqual([ids[0]]);
    // 06:55 UTC is 13:55 at the gateway (UTC+7): a window in UTC finds nothing.
    expect(await list({ from_date: '2025-02-13 06:00:00', to_date: '2025-02-13 07:59:59' })).toEqual([]);
    expect(await list({ from_date: '2025-02-13 13:00:00', to_date: '2025-02-13 14:59:59', status: 'APPROVED' })).toHaveLength(4);
    const answer = await t.call('transaction-list', { status: 'APPROVED' });
    expect(missingFields('transaction-list', answer.body)).toEqual([]);
  });

  it.each([
    [{ from_date: '2025-02-30 00:00:00' }, '49'],
    [{ from_date: '2025-02-13 10:00:00', to_date: '2025-02-13 09:00:00' }, '51'],
    [{ from_date: '2025-02-01 00:00:00', to_date: '2025-02-13 00:00:00' }, '52'],
    [{ from_amount: '5', to_amount: '1' }, '53'],
  ])('answers %o with code %s and HTTP 400', async (inputs, code) => {
    const t = testEmulator();
    const answer = await t.call('transaction-list', inputs);
    expect([answer.status, codeOf(answer)]).toEqual([400, code]);
  });
});

describe('exchange-rate', () => {
  it('answers the 12 documented currencies', async () => {
    const t = testEmulator();
    const answer = await t.call('exchange-rate');
    expect(missingFields('exchange-rate', answer.body)).toEqual([]);
  });
});

describe('rate limits', () => {
  it('answers the 11th transaction-detail within a minute with HTTP 403 code 429, and not after the minute', async () => {
    const t = testEmulator();
    for (let i = 0; i < 10; i++) expect(codeOf(await t.call('transaction-detail'))).toBe('00');
    const limited = await t.call('transaction-detail');
    expect([limited.status, limited.body.status]).toEqual([403, { code: 429, message: 'Rate limit exceeded', tran_id: '17394277693' }]);
    t.clock.advance(60_000);
    expect(codeOf(await t.call('transaction-detail'))).toBe('00');
  });

  it('stops limiting when the admin API switches rate limits off', async () => {
    const t = testEmulator();
    const off = await t.post('/_emulator/settings', JSON.stringify({ rateLimits: false }), 'application/json');
    expect(await off.json()).toEqual({ settings: { rateLimits: false } });
    for (let i = 0; i < 12; i++) expect(codeOf(await t.call('transaction-detail'))).toBe('00');
  });
});
