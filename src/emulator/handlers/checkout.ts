// Ecommerce Checkout: Purchase (and Subscription, which is Purchase plus a token), the lookups of a
// transaction, close, refund, the transaction list and the exchange rate.
import { getEndpoint } from '../../core/catalog/index.ts';
import type { EndpointId } from '../../core/catalog/types.ts';
import type { Call, EndpointHandler } from '../call.ts';
import { gatewayDayStart, instantOf, parseGatewayTime } from '../gatewayTime.ts';
import { buildKhqr } from '../khqr.ts';
import { documentedTransaction, effectiveAmount, isPending, PRE_AUTH_OPTIONS, statusCode } from '../lifecycle.ts';
import { formatAmount, MINIMUM, toMajor, toMinor, type Currency } from '../money.ts';
import { openSession, payerPageHeader, renderSession, sessionPath } from '../payerPages.ts';
import { qrPngDataUri } from '../qrImage.ts';
import { htmlAnswer, PlainAnswer } from '../respond.ts';
import type { ReadOnly, Transaction } from '../state.ts';
import { inOrder, isListed, listedByStatusRange, listedRange } from '../recordIndexes.ts';
import { findTransaction, isWhitelisted, readTransaction, lifetimeOf, minorField, parseJson, requestCurrency, splitEntries, transactionFor } from './common.ts';
import { decodeBase64Text } from '../validation.ts';

const DAY_MS = 24 * 3600_000;

export const abaDeeplink = (qr: string) => `abamobilebank://ababank.com?type=payway&qrcode=${encodeURIComponent(qr)}`;

/** Purchase's payout: at most 10 whitelisted {acc, amt} entries adding up to no more than the amount. */
function payoutAnswer(call: Call, currency: Currency, amount: number): PlainAnswer | undefined {
  const text = call.field('payout');
  if (!text) return undefined;
  const entries = splitEntries(parseJson(decodeBase64Text(text) ?? ''), currency, { account: 'acc', amount: 'amt' });
  if (typeof entries === 'string') return call.invalidField('payout', entries);
  if (entries.length > 10) return call.code('25');
  if (entries.some((e) => !isWhitelisted(call, e.account))) return call.code('37');
  if (entries.reduce((sum, e) => sum + e.amount, 0) > amount) return call.code('36');
  return undefined;
}

/** Reads the amount fields and rules Purchase, Subscription and Purchase using token share. */
export function purchaseTerms(call: Call): { currency: Currency; amount: number } | PlainAnswer {
  const currency = requestCurrency(call);
  const amount = minorField(call, 'amount', currency);
  if (amount === undefined) return call.invalidField('amount', `has more decimals than ${currency} allows`);
  const shipping = minorField(call, 'shipping', currency);
  if (shipping === undefined || shipping < 0) return call.invalidField('shipping', 'is not an amount');
  const payout = payoutAnswer(call, currency, amount + shipping);
  if (payout) return payout;
  return { currency, amount: amount + shipping };
}

/** A tran_id already used by a transaction that is no longer pending (a pending one is replaced, as on the sandbox). */
export const isDuplicate = (call: Call): boolean => {
  const existing = readTransaction(call, call.field('tran_id'));
  return existing !== undefined && !isPending(existing, call.now);
};

/** Purchase and Subscription: a PENDING transaction, then the checkout page (or JSON, see below). */
const startCheckout: EndpointHandler = (call) => {
  const terms = purchaseTerms(call);
  if (terms instanceof PlainAnswer) return terms;
  const lifetime = lifetimeOf(call);
  if (lifetime === undefined) return call.invalidField('lifetime', 'must be 3 to 43200 minutes');
  const option = call.field('payment_option');
  const preAuth = call.field('type') === 'pre-auth';
  if (preAuth && option && !PRE_AUTH_OPTIONS.has(option)) return call.invalidField('payment_option', 'cannot hold money (pre-auth)');
  if (isDuplicate(call)) return call.outcome('duplicate');

  const tranId = call.field('tran_id');
  const more: Partial<Transaction> = { merchantRef: tranId };
  for (const [key, field] of [['continueSuccessUrl', 'continue_success_url'], ['cancelUrl', 'cancel_url']] as const) {
    if (call.field(field)) more[key] = call.field(field);
  }
  if (call.endpoint.id === 'subscription') more.subscription = { ctid: call.field('ctid'), frequency: call.field('frequency') };
  const paymentOptions = option ? [option] : [];
  const tx = transactionFor(call, { ...terms, preAuth, paymentOptions, lifetimeMinutes: lifetime, notifyField: 'return_url' }, more);
  tx.qrString = buildKhqr({
    merchantId: tx.merchantId,
    merchantName: call.merchant.name,
    amountText: formatAmount(tx.amount, tx.currency),
    currency: tx.currency,
    merchantRef: tranId,
    createdAt: call.now,
    expiresAt: new Date(tx.expiresAt!),
  });
  const session = openSession(call, 'checkout', tranId);
  call.changed = true;

  const pageUrl = call.core.absoluteUrl(call.origin, sessionPath(session.id));
  if (option === 'abapay_khqr_deeplink') {
    return call.ok({ qr_string: tx.qrString, abapay_deeplink: abaDeeplink(tx.qrString), checkout_qr_url: pageUrl }, payerPageHeader(call, session));
  }
  // A server-to-server JSON POST got JSON with camelCase keys from the sandbox [OBS SF §10b, §12].
  if (call.bodyKind === 'json') {
    const hosted = call.field('view_type') === 'hosted_view' && call.field('payment_gate') === '0';
    return call.ok(
      { qrString: tx.qrString, qrImage: qrPngDataUri(tx.qrString), abapay_deeplink: abaDeeplink(tx.qrString), ...(hosted ? { checkout_qr_url: pageUrl } : {}) },
      payerPageHeader(call, session),
    );
  }
  return htmlAnswer(renderSession(call.core, session, call.path));
};

const transactionDetail: EndpointHandler = (call) => {
  const tx = readTransaction(call, call.field('tran_id'));
  if (!tx) return call.outcome('notFound');
  return call.ok({ data: documentedTransaction(tx, call.endpoint.response.fields, 'data.') });
};

const CHECK_WINDOW_MS = 7 * DAY_MS;

const checkTransaction: EndpointHandler = (call) => {
  const tx = readTransaction(call, call.field('tran_id'));
  if (!tx || call.now.getTime() - instantOf(tx.createdAt) > CHECK_WINDOW_MS) return call.outcome('notFound');
  return call.ok({ data: documentedTransaction(tx, call.endpoint.response.fields, 'data.') });
};

/** The legacy v1 check: the payment status code is the answer's `status`, the rest at the top level. */
const checkTransactionV1: EndpointHandler = (call) => {
  const tx = readTransaction(call, call.field('tran_id'));
  if (!tx || call.now.getTime() - instantOf(tx.createdAt) > CHECK_WINDOW_MS) return call.outcome('notFound');
  return call.code(String(statusCode(tx)), documentedTransaction(tx, call.endpoint.response.fields, ''));
};

/** The sandbox keeps a closed transaction PENDING and refuses only QR scans afterwards [OBS SF §12, §19, §21]. */
const closeTransaction: EndpointHandler = (call) => {
  const tx = findTransaction(call, call.field('tran_id'));
  if (!tx) return call.outcome('notFound');
  if (tx.status === 'APPROVED' || tx.status === 'PRE-AUTH' || tx.status === 'REFUNDED') return call.code('2');
  if (!tx.closed) {
    tx.closed = true;
    call.changed = true;
  }
  return call.ok();
};

const REFUND_WINDOW_MS = 30 * DAY_MS;

const refund: EndpointHandler = (call) => {
  const auth = call.authObject;
  const tx = findTransaction(call, auth.tran_id);
  if (!tx) return call.outcome('notFound');
  if ((tx.status !== 'APPROVED' && tx.status !== 'REFUNDED') || call.now.getTime() - instantOf(tx.createdAt) > REFUND_WINDOW_MS) return call.code('PTL57');
  const amount = toMinor(auth.refund_amount, tx.currency);
  if (amount === undefined || amount <= 0) return call.code('PTL186');
  if (amount < MINIMUM[tx.currency]) return call.code('PTL187');
  const total = effectiveAmount(tx);
  if (tx.refunded + amount > total) return call.code('PTL37');
  tx.refunded += amount;
  tx.status = 'REFUNDED';
  const at = call.now.toISOString();
  tx.operations.push({ status: 'Refunded', amount, at, bankRef: call.core.ids.bankRef() });
  const link = tx.linkId ? call.state.links[tx.linkId] : undefined;
  if (link) {
    link.totalRefund += amount;
    link.updatedAt = at;
  }
  call.changed = true;
  return call.ok({ grand_total: toMajor(total, tx.currency), total_refunded: toMajor(tx.refunded, tx.currency), currency: tx.currency, transaction_status: 'REFUNDED' });
};

/** Statuses the list filter knows; PayWay spells DECLINED "DECLINDED" here. */
const LIST_STATUSES: Readonly<Record<string, Transaction['status']>> = {
  APPROVED: 'APPROVED',
  'PRE-AUTH': 'PRE-AUTH',
  REFUNDED: 'REFUNDED',
  PENDING: 'PENDING',
  DECLINDED: 'DECLINED',
  DECLINED: 'DECLINED',
  CANCELLED: 'CANCELLED',
};

const MAX_RANGE_MS = 3 * DAY_MS;

/** When a transaction counts in lists: paid, else created. */
const dated = (tx: ReadOnly<Transaction>) => instantOf(tx.paidAt ?? tx.createdAt);
/** Newest first, then by tran_id: the order of the list's index (recordIndexes.ts). */
const listOrder = (a: ReadOnly<Transaction>, b: ReadOnly<Transaction>) => dated(b) - dated(a) || (a.tranId < b.tranId ? -1 : a.tranId > b.tranId ? 1 : 0);

const transactionList: EndpointHandler = (call) => {
  const dayStart = gatewayDayStart(call.now);
  const from = call.field('from_date') ? parseGatewayTime(call.field('from_date')) : dayStart;
  if (!from) return call.code('49');
  const to = call.field('to_date') ? parseGatewayTime(call.field('to_date')) : new Date(dayStart.getTime() + DAY_MS - 1000);
  if (!to) return call.code('50');
  if (from > to) return call.code('51');
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) return call.code('52');
  const fromAmount = call.field('from_amount') === '' ? -Infinity : Number(call.field('from_amount'));
  const toAmount = call.field('to_amount') === '' ? Infinity : Number(call.field('to_amount'));
  if (fromAmount > toAmount) return call.code('53');
  const wanted = call.field('status') ? call.field('status').split(',').map((s) => LIST_STATUSES[s.trim().toUpperCase()]) : undefined;
  if (wanted?.includes(undefined)) return call.invalidField('status', 'names an unknown status');
  const page = call.field('page') === '' ? 1 : Number(call.field('page'));
  const pagination = call.field('pagination') === '' ? 40 : Number(call.field('pagination'));
  if (page < 1 || pagination < 1 || pagination > 1000) return call.invalidField('pagination', 'must be 1 to 1000, and page at least 1');

  // Read through the index of listed transactions (one range per status asked for), newest first, up to
  // the last row of the page: the rows stored outside the window or beyond the page are never read.
  const merchantId = call.merchant.merchantId;
  const [fromMs, toMs] = [from.getTime(), to.getTime()];
  const statuses = wanted && [...new Set(wanted as Transaction['status'][])];
  const reads = statuses
    ? statuses.map((status) => call.core.find('transactions', listedByStatusRange(merchantId, status, fromMs, toMs)))
    : [call.core.find('transactions', listedRange(merchantId, fromMs, toMs))];
  const rows: ReadOnly<Transaction>[] = [];
  for (const tx of inOrder(reads, listOrder)) {
    // The index found it; its own fields decide.
    const at = dated(tx);
    if (tx.merchantId !== merchantId || !isListed(tx) || at < fromMs || at > toMs || (statuses && !statuses.includes(tx.status))) continue;
    const amount = toMajor(tx.amount, tx.currency);
    if (amount < fromAmount || amount > toAmount) continue;
    if (rows.push(tx) >= page * pagination) break;
  }
  const data = rows.slice((page - 1) * pagination).map((tx) => documentedTransaction(tx, call.endpoint.response.fields, 'data[].'));
  return call.ok({ data, page: String(page), pagination: String(pagination) });
};

/** The rates in the catalog's documented example: the emulator has no market to ask. */
const exchangeRate: EndpointHandler = (call) => {
  const example = getEndpoint('exchange-rate').response.example as { exchange_rates: unknown };
  return call.ok({ exchange_rates: example.exchange_rates });
};

export const checkoutHandlers: Partial<Record<EndpointId, EndpointHandler>> = {
  purchase: startCheckout,
  subscription: startCheckout,
  'transaction-detail': transactionDetail,
  'check-transaction': checkTransaction,
  'close-transaction': closeTransaction,
  refund,
  'transaction-list': transactionList,
  // The legacy list reads the same request and answers rows alike; its codes and envelope come from its catalog entry.
  'transaction-list-v1': transactionList,
  'check-transaction-v1': checkTransactionV1,
  'exchange-rate': exchangeRate,
};
