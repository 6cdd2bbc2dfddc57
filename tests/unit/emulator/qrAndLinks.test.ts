// The QR API (valid KHQR, PNG image, paying by a simulated scan), KHQR by merchant reference, and
// payment links OPEN → PAID → VOIDED.
import { describe, expect, it } from 'vitest';
import { base64ToBytes } from '../../../src/core/signing/bytes.ts';
import { buildKhqr, crc16, parseKhqr, parseTlv } from '../../../src/emulator/khqr.ts';
import { actOnPage, answerOf, authJson, codeOf, missingFields, newTranId, testEmulator, type TestEmulator } from './support.ts';

const CALLBACK = 'http://localhost:8080/payway/qr';

async function scan(t: TestEmulator, qrString: string, amount?: string) {
  return answerOf(await t.post('/_emulator/khqr/scan', JSON.stringify({ qrString, ...(amount ? { amount } : {}) }), 'application/json'));
}

describe('KHQR', () => {
  it('computes CRC-16/CCITT-FALSE (check value of "123456789" is 29B1)', () => {
    expect(crc16('123456789')).toBe(0x29b1);
  });

  it('builds payloads whose tags and CRC parse back, and rejects a changed one', () => {
    const payload = buildKhqr({ merchantId: 'ec000002', merchantName: 'កាហ្វេ Coffee', amountText: '5000', currency: 'KHR', merchantRef: 'INV-1', createdAt: new Date(1759805345337), expiresAt: new Date(1759805525337) });
    const fields = parseKhqr(payload);
    expect([fields.get('00'), fields.get('01'), fields.get('53'), fields.get('54'), fields.get('58'), fields.get('59')]).toEqual(['01', '12', '116', '5000', 'KH', 'Coffee']);
    expect(parseTlv(fields.get('99')!)).toEqual(new Map([['00', '1759805345337'], ['01', '1759805525337']]));
    expect(payload).toMatch(/6304[0-9A-F]{4}$/);
    expect(() => parseKhqr(payload.replace('5000', '6000'))).toThrow(/CRC/);
  });
});

describe('QR API', () => {
  it('answers a valid KHQR and a PNG, and a simulated scan pays it and pushes to callback_url', async () => {
    const t = testEmulator();
    const tranId = newTranId('Q');
    const answer = await t.call('generate-qr', { tran_id: tranId, callback_url: CALLBACK });
    expect(answer.body.status).toMatchObject({ code: '0', message: 'Success.' });
    expect(missingFields('generate-qr', answer.body)).toEqual([]);
    const fields = parseKhqr(String(answer.body.qrString));
    expect(fields.get('54')).toBe('10.00');
    const png = base64ToBytes(String(answer.body.qrImage).replace(/^data:image\/png;base64,/, ''));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    // An unpaid QR-API transaction does not show in the list.
    const list = await t.call('transaction-list', { status: '' });
    expect((list.body.data as { transaction_id: string }[]).map((r) => r.transaction_id)).not.toContain(tranId);

    const scanned = await scan(t, String(answer.body.qrString));
    expect(scanned.body.transaction).toMatchObject({ tranId, status: 'APPROVED', paymentType: 'KHQR' });
    await t.emulator.idle();
    expect(t.pushed.at(-1)).toMatchObject({ url: CALLBACK, body: { tran_id: tranId, status: '00', merchant_ref_no: tranId } });
    expect(typeof t.pushed.at(-1)!.body.apv).toBe('number');
    expect((await scan(t, String(answer.body.qrString))).status).toBe(409);
  });

  it('answers request-qr with the QR string only', async () => {
    const t = testEmulator();
    const answer = await t.call('request-qr', { tran_id: newTranId('R') });
    expect(missingFields('request-qr', answer.body)).toEqual([]);
    expect(() => parseKhqr(String(answer.body.qr_string))).not.toThrow();
  });

  it.each([
    [{ lifetime: '2' }, 400, '04'],
    [{ qr_image_template: 'template9' }, 400, '04'],
    [{ payment_option: 'wechat', currency: 'KHR', amount: '5000' }, 200, '12'],
  ])('answers %o with HTTP %i code %s', async (inputs, status, code) => {
    const t = testEmulator();
    const answer = await t.call('generate-qr', { tran_id: newTranId('Q'), ...inputs });
    expect([answer.status, codeOf(answer)]).toEqual([status, code]);
  });

  it('pays its QR from the payer page too', async () => {
    const t = testEmulator();
    const tranId = newTranId('Q');
    const answer = await t.call('generate-qr', { tran_id: tranId });
    const pageUrl = answer.headers.get('x-emulator-payer-page')!;
    const page = await (await t.emulator.fetch(new Request(pageUrl))).text();
    expect(page).toContain('Simulate a scan and pay');
    await actOnPage(t, page, pageUrl, 'approve', 'abapay_khqr');
    const checked = await t.call('check-transaction', { tran_id: tranId });
    expect((checked.body.data as { payment_status: string }).payment_status).toBe('APPROVED');
  });
});

describe('transactions-by-merchant-ref', () => {
  it('lists payments to a merchant-built KHQR by its tag 62.01', async () => {
    const t = testEmulator();
    expect(codeOf(await t.call('transactions-by-merchant-ref', { merchant_ref: 'SHOP-7' }))).toBe('6');
    const staticQr = buildKhqr({ merchantId: 'ec000002', merchantName: 'Shop', currency: 'USD', merchantRef: 'SHOP-7', createdAt: t.clock.now() });
    expect((await scan(t, staticQr)).status).toBe(400);
    expect((await scan(t, staticQr, '2.50')).status).toBe(201);
    expect((await scan(t, staticQr, '1.00')).status).toBe(201);
    const answer = await t.call('transactions-by-merchant-ref', { merchant_ref: 'SHOP-7' });
    expect(answer.body.status).toEqual({ code: '00', message: 'Success!', merchant_ref: 'SHOP-7' });
    expect(missingFields('transactions-by-merchant-ref', answer.body)).toEqual([]);
    expect((answer.body.data as { original_amount: number }[]).map((r) => r.original_amount).sort()).toEqual([1, 2.5]);
  });
});

describe('payment links', () => {
  const create = (t: TestEmulator, changes: Record<string, unknown> = {}) =>
    t.call('payment-link-create', { merchant_auth: authJson('payment-link-create', { payment_limit: 2, ...changes }) });

  it('is OPEN, takes payments on its page until the limit, then is PAID; void makes it VOIDED once', async () => {
    const t = testEmulator();
    const created = await create(t, { return_url: 'http://localhost:8080/payway/link' });
    expect(missingFields('payment-link-create', created.body)).toEqual([]);
    const data = created.body.data as { id: string; status: string; payment_link: string };
    expect(data.status).toBe('OPEN');
    const byId = (endpoint: string) => t.call(endpoint, { merchant_auth: authJson(endpoint, { id: data.id }) });

    for (let i = 0; i < 2; i++) {
      const page = await (await t.emulator.fetch(new Request(data.payment_link))).text();
      expect(await actOnPage(t, page, data.payment_link, 'approve', 'cards')).toContain('Paid');
    }
    const detail = await byId('payment-link-detail');
    expect(missingFields('payment-link-detail', detail.body)).toEqual([]);
    expect(detail.body.data).toMatchObject({ status: 'PAID', total_trxn: 2, total_amount: 20 });
    await t.emulator.idle();
    expect(t.pushed.map((p) => [p.headers['User-Agent'], p.headers['X-PayWay-HMAC-SHA512'], p.body.status])).toEqual([
      ['PayWayApp/3.0', undefined, 0],
      ['PayWayApp/3.0', undefined, 0],
    ]);
    const page = await (await t.emulator.fetch(new Request(data.payment_link))).text();
    expect(page).toContain('is PAID and takes no more payments');

    expect(codeOf(await byId('payment-link-void'))).toBe('00');
    expect((await byId('payment-link-detail')).body.data).toMatchObject({ status: 'VOIDED' });
    const again = await byId('payment-link-void');
    expect([again.status, codeOf(again)]).toEqual([403, 'PTL188']);
  });

  it('refuses an expiry under 5 minutes ahead and a payout that does not add up (400 PTL04)', async () => {
    const t = testEmulator();
    const soon = Math.floor(t.clock.time / 1000) + 60;
    for (const changes of [{ expired_date: soon }, { payout: '[{"acc":"200030000","amt":1}]' }, { currency: 'EUR' }]) {
      const answer = await create(t, changes);
      expect([answer.status, codeOf(answer)]).toEqual([400, 'PTL04']);
    }
  });

  it('answers an unknown link id with 403 code 96 (sandbox)', async () => {
    const t = testEmulator();
    const answer = await t.call('payment-link-detail', { merchant_auth: authJson('payment-link-detail', { id: 'nope' }) });
    expect([answer.status, codeOf(answer)]).toEqual([403, '96']);
  });
});
