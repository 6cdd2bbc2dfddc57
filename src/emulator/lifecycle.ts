// State changes shared by the endpoint handlers and the payer pages: paying, declining and cancelling a
// transaction, linking a token, and the pushback each of them sends (reference §13).
import type { EmulatorCore } from './emulatorCore.ts';
import { gatewayTimeOf, instantOf } from './gatewayTime.ts';
import { toMajor, type Currency } from './money.ts';
import { PAYMENT_STATUS_CODES, transactionKey, type Delivery, type EmulatorState, type PaymentLink, type ReadOnly, type Session, type Token, type Transaction } from './state.ts';

interface PaidWith {
  paymentType: string;
  cardSource: string;
  bankName: string;
  payerAccount: string;
}

const ABA_PAY: PaidWith = { paymentType: 'ABA Pay', cardSource: '', bankName: 'ABA Bank', payerAccount: '000***789' };
const KHQR: PaidWith = { paymentType: 'KHQR', cardSource: '', bankName: 'ACLEDA Bank', payerAccount: '*4321' };
const CARD: PaidWith = { paymentType: 'VISA', cardSource: 'OFFUS_INTERNATIONAL', bankName: '', payerAccount: '411111******1111' };

/** payment_option (or the payer page's choice) → how the payment shows in detail and list. */
export const PAID_WITH: Readonly<Record<string, PaidWith>> = {
  cards: CARD,
  google_pay: CARD,
  abapay: ABA_PAY,
  abapay_deeplink: ABA_PAY,
  abapay_khqr_deeplink: ABA_PAY,
  abapay_khqr: KHQR,
  bakong: KHQR,
  alipay: { paymentType: 'Alipay', cardSource: '', bankName: 'Alipay', payerAccount: '' },
  wechat: { paymentType: 'Wechat', cardSource: '', bankName: 'WeChat Pay', payerAccount: '' },
};

/** Options the payer page offers when the request named none (every option the demo profile has). */
export const ALL_PAYMENT_OPTIONS = ['abapay_khqr', 'cards', 'abapay', 'alipay', 'wechat', 'google_pay'];

/** Pre-auth holds work with ABA PAY, KHQR and cards only (reference §4.1 `type`). */
export const PRE_AUTH_OPTIONS = new Set(['abapay', 'abapay_deeplink', 'abapay_khqr', 'abapay_khqr_deeplink', 'cards', 'google_pay', 'bakong']);

/** Account tokens last 90 days after linking or the last purchase (reference §5.1). */
export const TOKEN_LIFETIME_MS = 90 * 24 * 3600_000;

export const effectiveAmount = (tx: ReadOnly<Transaction>): number => tx.completedAmount ?? tx.amount;

export const isPending = (tx: ReadOnly<Transaction>, now: Date): boolean => tx.status === 'PENDING' && !(tx.expiresAt && instantOf(tx.expiresAt) <= now.getTime());

/** PENDING → APPROVED (or PRE-AUTH for a hold), with the bank's references, then the pushback. */
export function payTransaction(core: EmulatorCore, tx: Transaction, option: string): Delivery | undefined {
  const at = core.now().toISOString();
  const paidWith = PAID_WITH[option] ?? ABA_PAY;
  Object.assign(tx, paidWith, { apv: core.ids.apv(), bankRef: core.ids.bankRef(), paidAt: at });
  tx.status = tx.preAuth ? 'PRE-AUTH' : 'APPROVED';
  tx.operations.push({ status: tx.preAuth ? 'Pre-Auth' : 'Completed', amount: tx.amount, at, bankRef: tx.bankRef });
  return notifyPayment(core, tx);
}

/** The payment's pushback, shaped as the reference records it for the endpoint that created it. */
export function notifyPayment(core: EmulatorCore, tx: Transaction): Delivery | undefined {
  if (!tx.notifyUrl) return undefined;
  const base = { merchantId: tx.merchantId, ref: tx.tranId, url: tx.notifyUrl };
  switch (tx.createdBy) {
    case 'payment-v3':
      return core.deliver({ ...base, event: 'payment', signed: true, body: { tran_id: tx.tranId, apv: tx.apv, status: 0 } });
    case 'generate-qr':
    case 'request-qr':
      return core.deliver({ ...base, event: 'qr', signed: true, body: { tran_id: tx.tranId, apv: Number(tx.apv), status: '00', merchant_ref_no: tx.merchantRef ?? tx.tranId } });
    case 'payment-link-create':
      // The sandbox sent it unsigned, status as a number, with PayWayApp's user agent [OBS SF §22].
      return core.deliver({ ...base, event: 'payment-link', signed: false, userAgent: 'PayWayApp/3.0', body: { tran_id: tx.tranId, status: 0, merchant_ref_no: tx.merchantRef ?? '' } });
    default:
      return core.deliver({
        ...base,
        event: 'purchase',
        signed: true,
        body: { tran_id: tx.tranId, apv: tx.apv, status: '0', ...(tx.returnParams ? { return_params: tx.returnParams } : {}) },
      });
  }
}

export function endTransaction(tx: Transaction, status: 'DECLINED' | 'CANCELLED'): void {
  tx.status = status;
}

export const statusCode = (tx: ReadOnly<Transaction>): number => PAYMENT_STATUS_CODES[tx.status];

/** The masked account or card a token charges. */
const maskedSource = (kind: Token['kind'], digits: string) => (kind === 'account' ? `xxxx xxxx xxxx ${digits}` : `4111 11xx xxxx ${digits}`);

export type TokenRequest = NonNullable<Session['link']>;

/** A linking approved: the token exists (replacing an older one of the same ctid) and is pushed. */
export function linkToken(core: EmulatorCore, merchantId: string, link: TokenRequest, subscribedAmount: number | null = null): Token {
  const now = core.now();
  const token: Token = {
    merchantId,
    ctid: link.ctid,
    pwt: core.ids.alphanumeric(32),
    kind: link.kind,
    ...(link.requestId ? { requestId: link.requestId } : {}),
    ...(link.returnParam ? { returnParam: link.returnParam } : {}),
    tokenFlag: link.tokenFlag,
    frequency: link.frequency,
    subscribedAmount,
    currency: link.currency,
    type: link.kind === 'account' ? 'ABA ACCOUNT' : 'Visa',
    sourceOfFund: maskedSource(link.kind, core.ids.digits(4)),
    status: 1,
    expiresAt: new Date(now.getTime() + (link.kind === 'account' ? TOKEN_LIFETIME_MS : 3 * 365 * 24 * 3600_000)).toISOString(),
    createdAt: now.toISOString(),
    ...(link.notifyUrl ? { notifyUrl: link.notifyUrl } : {}),
  };
  addToken(core.state, token);
  notifyToken(core, token, link.v3);
  return token;
}

export function addToken(state: EmulatorState, token: Token): void {
  for (const old of state.tokens) if (old.merchantId === token.merchantId && old.ctid === token.ctid && old.kind === token.kind && old.status === 1) old.status = 0;
  state.tokens.push(token);
}

/** v3 `payment_credential` and Get token details' `data`. */
export function credentialView(token: Token): Record<string, unknown> {
  return {
    ctid: token.ctid,
    pwt: token.pwt,
    source_of_fund: token.sourceOfFund,
    type: token.type,
    status: token.status,
    expired_at: token.expiresAt.replace(/\.\d{3}Z$/, 'Z'),
    token_flag: token.tokenFlag,
    frequency: token.frequency,
    subscribed_amount: token.subscribedAmount,
    amount_limit_per_tran: null,
    currency: token.currency,
  };
}

export const secondsLeft = (token: Token, now: Date): number => Math.max(0, Math.floor((instantOf(token.expiresAt) - now.getTime()) / 1000));

/** Token pushback: v3 `{request_id, payment_credential}`, or the old generation's aof shape. */
export function notifyToken(core: EmulatorCore, token: Token, v3: boolean): Delivery | undefined {
  if (!token.notifyUrl) return undefined;
  const base = { merchantId: token.merchantId, url: token.notifyUrl, event: 'token', signed: true };
  if (v3) return core.deliver({ ...base, ref: token.requestId ?? token.ctid, body: { request_id: token.requestId ?? '', payment_credential: credentialView(token) } });
  return core.deliver({
    ...base,
    ref: token.returnParam ?? token.ctid,
    body: {
      tran_id: `aof-rq-${core.ids.digits(10)}`,
      apv: '',
      status: 0,
      return_params: {
        ctid: token.ctid,
        payment_status: 'APPROVED',
        card_status: { status: '00', pwt: token.pwt, mask_account: token.sourceOfFund, expired_in: secondsLeft(token, core.now()) },
        return_param: token.returnParam ?? '',
      },
    },
  });
}

const paid = (tx: ReadOnly<Transaction>) => tx.status !== 'PENDING' && tx.status !== 'DECLINED' && tx.status !== 'CANCELLED';
const major = (tx: ReadOnly<Transaction>, minor: number) => toMajor(minor, tx.currency);

/**
 * Every documented member of a transaction in detail, check, list and by-merchant-ref answers, as a
 * function, so that each endpoint computes only the members it documents.
 */
const TRANSACTION_MEMBERS: Readonly<Record<string, (tx: ReadOnly<Transaction>) => unknown>> = {
  transaction_id: (tx) => tx.tranId,
  payment_status_code: (tx) => statusCode(tx),
  payment_status: (tx) => tx.status,
  original_amount: (tx) => major(tx, tx.amount),
  original_currency: (tx) => tx.currency,
  payment_amount: (tx) => (paid(tx) ? major(tx, effectiveAmount(tx)) : 0),
  payment_currency: (tx) => (paid(tx) ? tx.currency : ''),
  total_amount: (tx) => major(tx, effectiveAmount(tx)),
  refund_amount: (tx) => major(tx, tx.refunded),
  discount_amount: () => 0,
  apv: (tx) => tx.apv,
  transaction_date: (tx) => gatewayTimeOf(tx.paidAt ?? tx.createdAt),
  // The legacy v1 check's own names: the amount asked for and the time, at the top level.
  amount: (tx) => major(tx, tx.amount),
  datetime: (tx) => gatewayTimeOf(tx.paidAt ?? tx.createdAt),
  first_name: (tx) => tx.payer.firstName,
  last_name: (tx) => tx.payer.lastName,
  email: (tx) => tx.payer.email,
  phone: (tx) => tx.payer.phone,
  bank_ref: (tx) => tx.bankRef,
  payment_type: (tx) => tx.paymentType || 'N/A',
  payer_account: (tx) => tx.payerAccount,
  bank_name: (tx) => tx.bankName,
  card_source: (tx) => tx.cardSource,
  merchant_ref: (tx) => tx.merchantRef ?? '',
  transaction_operations: (tx) =>
    tx.operations.map((op) => ({ status: op.status, amount: major(tx, op.amount), transaction_date: gatewayTimeOf(op.at), bank_ref: op.bankRef })),
};

const namesCache = new Map<readonly string[], Map<string, readonly string[]>>();

/** Member names the catalog documents under `prefix` ('data.', 'data[].'), worked out once per endpoint. */
function documentedNames(responseFields: readonly string[], prefix: string): readonly string[] {
  let byPrefix = namesCache.get(responseFields);
  if (!byPrefix) namesCache.set(responseFields, (byPrefix = new Map()));
  let names = byPrefix.get(prefix);
  if (!names) {
    const found = responseFields.filter((path) => path.startsWith(prefix)).map((path) => /^[^.[]+/.exec(path.slice(prefix.length))?.[0] ?? '');
    names = [...new Set(found.filter(Boolean))];
    byPrefix.set(prefix, names);
  }
  return names;
}

/** The members of `record` that the endpoint documents under `prefix`: each answers in its own shape. */
export function documented(record: Record<string, unknown>, responseFields: readonly string[], prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of documentedNames(responseFields, prefix)) if (name in record) out[name] = record[name];
  return out;
}

/** A transaction as the endpoint documents it, computing only its documented members. */
export function documentedTransaction(tx: ReadOnly<Transaction>, responseFields: readonly string[], prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of documentedNames(responseFields, prefix)) {
    const member = TRANSACTION_MEMBERS[name];
    if (member) out[name] = member(tx);
  }
  return out;
}

export interface NewTransaction {
  merchantId: string;
  tranId: string;
  createdBy: Transaction['createdBy'];
  currency: Currency;
  amount: number;
  preAuth?: boolean;
  paymentOptions?: string[];
  payer?: Partial<Transaction['payer']>;
  lifetimeMinutes?: number;
  notifyUrl?: string;
}

/** A PENDING transaction created at `now`, not yet stored. */
export function pendingTransaction(init: NewTransaction, now: Date, more: Partial<Transaction> = {}): Transaction {
  return {
    merchantId: init.merchantId,
    tranId: init.tranId,
    createdBy: init.createdBy,
    status: 'PENDING',
    preAuth: init.preAuth ?? false,
    currency: init.currency,
    amount: init.amount,
    refunded: 0,
    paymentOptions: init.paymentOptions ?? [],
    paymentType: '',
    cardSource: '',
    payer: { firstName: '', lastName: '', email: '', phone: '', ...init.payer },
    apv: '',
    bankRef: '',
    payerAccount: '',
    bankName: '',
    createdAt: now.toISOString(),
    ...(init.lifetimeMinutes ? { expiresAt: new Date(now.getTime() + init.lifetimeMinutes * 60_000).toISOString() } : {}),
    closed: false,
    ...(init.notifyUrl ? { notifyUrl: init.notifyUrl } : {}),
    operations: [],
    ...more,
  };
}

/** A PENDING transaction, stored (replacing a pending one with the same tran_id, as the sandbox does). */
export function createTransaction(core: EmulatorCore, init: NewTransaction, more: Partial<Transaction> = {}): Transaction {
  const tx = pendingTransaction(init, core.now(), more);
  core.state.transactions[transactionKey(tx.merchantId, tx.tranId)] = tx;
  return tx;
}

/** One payment through a payment link: a new transaction, the link's totals, PAID at its limit. */
export function payLink(core: EmulatorCore, link: PaymentLink, option: string): Transaction {
  const tx = createTransaction(
    core,
    { merchantId: link.merchantId, tranId: core.ids.digits(12), createdBy: 'payment-link-create', currency: link.currency, amount: link.amount, notifyUrl: link.returnUrl },
    { merchantRef: link.merchantRefNo, linkId: link.id },
  );
  payTransaction(core, tx, option);
  link.totalTrxn += 1;
  link.totalAmount += link.amount;
  link.updatedAt = core.now().toISOString();
  if (link.paymentLimit !== null && link.totalTrxn >= link.paymentLimit) link.status = 'PAID';
  return tx;
}
