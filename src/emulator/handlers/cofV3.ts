// Credentials on File v3: link an account (QR) or a card (page) under the merchant's own ctid and
// request_id, charge the token (the result comes by pushback), renew, read and remove it.
import type { EndpointId } from '../../core/catalog/types.ts';
import type { EndpointHandler } from '../call.ts';
import { credentialView, notifyToken, payTransaction, TOKEN_LIFETIME_MS } from '../lifecycle.ts';
import type { Currency } from '../money.ts';
import { payerPageHeader, renderSession } from '../payerPages.ts';
import { htmlAnswer } from '../respond.ts';
import type { TokenKind } from '../state.ts';
import { findTransaction, LINK_EXPIRY_SECONDS, linkingDeeplink, liveToken, minorField, openLinking, transactionFor } from './common.ts';

const startLinking = (kind: TokenKind): EndpointHandler => (call) => {
  const session = openLinking(call, {
    kind,
    v3: true,
    ctid: call.field('ctid'),
    ref: call.field('request_id'),
    tokenFlag: call.field('token_flag'),
    currency: call.field('currency') as Currency,
    notifyField: 'callback_url',
    continueField: 'continue_success_url',
  });
  call.changed = true;
  if (kind === 'card') return htmlAnswer(renderSession(call.core, session, call.path));
  const deeplink = linkingDeeplink(session);
  return call.ok({ data: { deeplink, qr_string: deeplink, expire_in: LINK_EXPIRY_SECONDS } }, payerPageHeader(call, session));
};

/** Accepted at once; the payment's result goes to callback_url (as PayWay, "usually within 3 seconds"). */
const payment: EndpointHandler = (call) => {
  const currency = call.field('currency') as Currency;
  const amount = minorField(call, 'amount', currency);
  const shipping = minorField(call, 'shipping_fee', currency);
  if (amount === undefined) return call.invalidField('amount', `has more decimals than ${currency} allows`);
  if (shipping === undefined || shipping < 0) return call.invalidField('shipping_fee', 'is not an amount');
  const token = liveToken(call, call.field('ctid'), call.field('pwt'));
  if (!token) return call.outcome('notFound');
  if (findTransaction(call, call.field('tran_id'))) return call.invalidField('tran_id', 'has already been taken');
  const tx = transactionFor(call, { currency, amount: amount + shipping, preAuth: call.field('purchase_type') === 'pre-auth', notifyField: 'callback_url' });
  // Without callback_url the result goes where the token's own pushbacks go.
  if (!tx.notifyUrl && token.notifyUrl) tx.notifyUrl = token.notifyUrl;
  payTransaction(call.core, tx, token.kind === 'card' ? 'cards' : 'abapay');
  call.changed = true;
  return call.ok();
};

/** The payer's approval in ABA Mobile is taken as given; the new expiry comes by pushback. */
const renewToken: EndpointHandler = (call) => {
  const token = call.state.tokens.find((t) => t.merchantId === call.merchant.merchantId && t.status === 1 && t.ctid === call.field('ctid') && t.pwt === call.field('pwt'));
  if (!token) return call.outcome('notFound');
  token.expiresAt = new Date(call.now.getTime() + TOKEN_LIFETIME_MS).toISOString();
  token.requestId = call.field('request_id');
  notifyToken(call.core, token, true);
  call.changed = true;
  return call.ok();
};

const tokenDetails: EndpointHandler = (call) => {
  const token = call.state.tokens.findLast((t) => t.merchantId === call.merchant.merchantId && t.requestId === call.field('request_id'));
  if (!token) return call.outcome('notFound');
  return call.ok({ data: credentialView(token) });
};

/** An unknown token also answers success, as on the sandbox [OBS SF §24]. */
const removeToken: EndpointHandler = (call) => {
  const token = liveToken(call, call.field('ctid'), call.field('pwt'));
  if (token) {
    token.status = 0;
    call.changed = true;
  }
  return call.ok();
};

export const cofV3Handlers: Partial<Record<EndpointId, EndpointHandler>> = {
  'link-account-v3': startLinking('account'),
  'link-card-v3': startLinking('card'),
  'payment-v3': payment,
  'renew-token-v3': renewToken,
  'token-details-v3': tokenDetails,
  'remove-token-v3': removeToken,
};
