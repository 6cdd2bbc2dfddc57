// Lookups and value readers the endpoint handlers share.
import type { Call } from '../call.ts';
import { createTransaction } from '../lifecycle.ts';
import { toMinor, type Currency } from '../money.ts';
import { openSession } from '../payerPages.ts';
import { transactionKey, type ReadOnly, type Session, type Token, type TokenKind, type Transaction } from '../state.ts';
import { decodeBase64Text } from '../validation.ts';
import { instantOf } from '../gatewayTime.ts';

export function findTransaction(call: Call, tranId: unknown): Transaction | undefined {
  return typeof tranId === 'string' || typeof tranId === 'number' ? call.state.transactions[transactionKey(call.merchant.merchantId, String(tranId))] : undefined;
}

/** The transaction to answer a lookup with: read-only, without the proxy that notes changes (cheaper per field read). */
export function readTransaction(call: Call, tranId: unknown): ReadOnly<Transaction> | undefined {
  return typeof tranId === 'string' || typeof tranId === 'number' ? call.core.peek('transactions', transactionKey(call.merchant.merchantId, String(tranId))) : undefined;
}

/** The request's currency, or the profile's first currency when the field is optional and empty. */
export const requestCurrency = (call: Call): Currency => (call.field('currency').toUpperCase() || call.merchant.currency) as Currency;

/** A Base64 URL field decoded ('' when absent; validation already refused bad Base64). */
export const decodedField = (call: Call, name: string): string => decodeBase64Text(call.field(name)) ?? '';

/** A decimal field in minor units; 0 when empty, undefined when it has more decimals than the currency. */
export function minorField(call: Call, name: string, currency: Currency): number | undefined {
  const text = call.field(name);
  return text === '' ? 0 : toMinor(text, currency);
}

export function payerOf(call: Call): Transaction['payer'] {
  return {
    firstName: call.field('firstname') || call.field('first_name'),
    lastName: call.field('lastname') || call.field('last_name'),
    email: call.field('email'),
    phone: call.field('phone'),
  };
}

/** The merchant's live token with this ctid and pwt (of `kind` when given). */
export function liveToken(call: Call, ctid: unknown, pwt: unknown, kind?: Token['kind']): Token | undefined {
  return call.state.tokens.find(
    (t) =>
      t.merchantId === call.merchant.merchantId &&
      t.ctid === ctid &&
      t.pwt === pwt &&
      t.status === 1 &&
      (!kind || t.kind === kind) &&
      instantOf(t.expiresAt) > call.now.getTime(),
  );
}

export function isWhitelisted(call: Call, account: string): boolean {
  return call.state.beneficiaries.some((b) => b.merchantId === call.merchant.merchantId && b.payee === account && b.status === 1);
}

/** Split-payment entries ({acc, amt} or {account, amount}) in minor units, or the reason they are unusable. */
export function splitEntries(value: unknown, currency: Currency, keys: { account: string; amount: string }): { account: string; amount: number }[] | string {
  if (!Array.isArray(value)) return 'is not a JSON array';
  const out: { account: string; amount: number }[] = [];
  for (const entry of value) {
    const account = (entry as Record<string, unknown> | null)?.[keys.account];
    const amount = toMinor((entry as Record<string, unknown> | null)?.[keys.amount], currency);
    if (typeof account !== 'string' || account === '' || amount === undefined || amount <= 0) return `needs ${keys.account} and a positive ${keys.amount} in every entry`;
    out.push({ account, amount });
  }
  return out;
}

export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** `lifetime` in minutes (30 days when empty), or undefined when outside 3 to 43200. */
export function lifetimeOf(call: Call): number | undefined {
  const minutes = call.field('lifetime') === '' ? 43200 : Number(call.field('lifetime'));
  return minutes >= 3 && minutes <= 43200 ? minutes : undefined;
}

export interface PaymentRequest {
  currency: Currency;
  amount: number;
  preAuth: boolean;
  paymentOptions?: string[];
  lifetimeMinutes?: number;
  /** The Base64 URL field the pushback goes to (return_url or callback_url). */
  notifyField: 'return_url' | 'callback_url';
}

/** A PENDING transaction for this request: its tran_id, payer fields and pushback URL. */
export function transactionFor(call: Call, request: PaymentRequest, more: Partial<Transaction> = {}): Transaction {
  const notifyUrl = decodedField(call, request.notifyField);
  const returnParams = call.field('return_params');
  return createTransaction(
    call.core,
    {
      merchantId: call.merchant.merchantId,
      tranId: call.field('tran_id'),
      createdBy: call.endpoint.id,
      currency: request.currency,
      amount: request.amount,
      preAuth: request.preAuth,
      payer: payerOf(call),
      ...(request.paymentOptions ? { paymentOptions: request.paymentOptions } : {}),
      ...(request.lifetimeMinutes ? { lifetimeMinutes: request.lifetimeMinutes } : {}),
      ...(notifyUrl ? { notifyUrl } : {}),
    },
    { ...(returnParams ? { returnParams } : {}), ...more },
  );
}

/** Linking QRs, deeplinks and card pages are valid 10 minutes (reference §5.3). */
export const LINK_EXPIRY_SECONDS = 600;

export interface LinkingRequest {
  kind: TokenKind;
  v3: boolean;
  ctid: string;
  /** request_id (v3) or return_param (old): what the session and the token are found by. */
  ref: string;
  tokenFlag: string;
  currency: Currency;
  notifyField: 'return_url' | 'callback_url';
  continueField?: string;
}

/** The payer page where the tester approves saving an account or a card. */
export function openLinking(call: Call, request: LinkingRequest): Session {
  const notifyUrl = decodedField(call, request.notifyField);
  const continueUrl = request.continueField ? call.field(request.continueField) : '';
  return openSession(call, request.kind === 'account' ? 'link-account' : 'link-card', request.ref, {
    expiresAt: new Date(call.now.getTime() + LINK_EXPIRY_SECONDS * 1000).toISOString(),
    link: {
      ctid: request.ctid,
      kind: request.kind,
      ...(request.v3 ? { requestId: request.ref } : { returnParam: request.ref }),
      tokenFlag: request.tokenFlag,
      frequency: call.field('frequency') || null,
      currency: request.currency,
      v3: request.v3,
      ...(notifyUrl ? { notifyUrl } : {}),
      ...(continueUrl ? { continueUrl } : {}),
    },
  });
}

/** The deeplink (and QR text) ABA Mobile would open to approve an account linking. */
export const linkingDeeplink = (session: Session) => `abamobilebank://ababank.com?type=aof&session=${session.id}`;
