// ABA QR API: a PENDING transaction and its QR (a valid KHQR for KHQR and ABA options), paid when the
// tester simulates a scan on the payer page.
import { getEndpoint } from '../../core/catalog/index.ts';
import type { EndpointId } from '../../core/catalog/types.ts';
import type { EndpointHandler } from '../call.ts';
import { buildKhqr } from '../khqr.ts';
import { formatAmount, toMajor, type Currency } from '../money.ts';
import { openSession, payerPageHeader } from '../payerPages.ts';
import { qrPngDataUri } from '../qrImage.ts';
import { abaDeeplink, isDuplicate } from './checkout.ts';
import { lifetimeOf, minorField, transactionFor } from './common.ts';

/** WeChat Pay and Alipay take USD only (reference §6.1). */
const USD_ONLY = new Set(['wechat', 'alipay']);

const storeLinks = getEndpoint('generate-qr').response.example as { app_store: string; play_store: string };

const startQr = (shape: 'generate' | 'request'): EndpointHandler => (call) => {
  const currency = call.field('currency').toUpperCase() as Currency;
  const option = call.field('payment_option');
  if (USD_ONLY.has(option) && currency !== 'USD') return call.invalidField('currency', `is ${currency}; ${option} takes USD only`);
  const amount = minorField(call, 'amount', currency);
  if (amount === undefined) return call.invalidField('amount', `has more decimals than ${currency} allows`);
  const lifetime = lifetimeOf(call);
  if (lifetime === undefined) return call.invalidField('lifetime', 'must be 3 to 43200 minutes');
  if (isDuplicate(call)) return call.outcome('duplicate');

  const tranId = call.field('tran_id');
  const preAuth = call.field('purchase_type') === 'pre-auth';
  const tx = transactionFor(call, { currency, amount, preAuth, paymentOptions: [option], lifetimeMinutes: lifetime, notifyField: 'callback_url' }, { merchantRef: tranId });
  const expiresAt = new Date(tx.expiresAt!);
  tx.qrString = USD_ONLY.has(option)
    ? `https://qr.${option}.example/pay/${call.core.ids.alphanumeric(16)}`
    : buildKhqr({ merchantId: tx.merchantId, merchantName: call.merchant.name, amountText: formatAmount(amount, currency), currency, merchantRef: tranId, createdAt: call.now, expiresAt });
  const session = openSession(call, 'qr', tranId, { expiresAt: tx.expiresAt! });
  call.changed = true;
  const header = payerPageHeader(call, session);
  const major = toMajor(amount, currency);
  if (shape === 'request') return call.ok({ tran_id: tranId, qr_string: tx.qrString, amount: major, currency }, header);
  return call.ok(
    { qrString: tx.qrString, qrImage: qrPngDataUri(tx.qrString), abapay_deeplink: abaDeeplink(tx.qrString), app_store: storeLinks.app_store, play_store: storeLinks.play_store, amount: major, currency },
    header,
  );
};

export const qrHandlers: Partial<Record<EndpointId, EndpointHandler>> = {
  'generate-qr': startQr('generate'),
  'request-qr': startQr('request'),
};
