// Credentials on File, older generation: link an account (QR) or a card (page), charge a token with
// Purchase's JSON form, look a linking up, renew and remove tokens.
import type { EndpointId } from '../../core/catalog/types.ts';
import type { EndpointHandler } from '../call.ts';
import { payTransaction, secondsLeft, TOKEN_LIFETIME_MS } from '../lifecycle.ts';
import { payerPageHeader, renderSession } from '../payerPages.ts';
import { qrPngDataUri } from '../qrImage.ts';
import { htmlAnswer, jsonAnswer, PlainAnswer } from '../respond.ts';
import type { TokenKind } from '../state.ts';
import { isDuplicate, purchaseTerms } from './checkout.ts';
import { LINK_EXPIRY_SECONDS, linkingDeeplink, liveToken, openLinking, transactionFor } from './common.ts';

/** Old generation: the token's ctid is PayWay's for an account, the merchant's (or PayWay's) for a card. */
const oldLinking = (kind: TokenKind): EndpointHandler => (call) => {
  const ctid = (kind === 'card' && call.field('ctid')) || 'CT' + call.core.ids.alphanumeric(10);
  const session = openLinking(call, {
    kind,
    v3: false,
    ctid,
    ref: call.field('return_param'),
    tokenFlag: 'CITI_FLEX',
    currency: call.merchant.currency,
    notifyField: 'return_url',
    continueField: 'continue_add_card_success_url',
  });
  call.changed = true;
  if (kind === 'card') return htmlAnswer(renderSession(call.core, session, call.path));
  const deeplink = linkingDeeplink(session);
  return call.ok({ deeplink, qr_string: deeplink, qr_image: qrPngDataUri(deeplink), expire_in: LINK_EXPIRY_SECONDS }, payerPageHeader(call, session));
};

/** Charges a saved token at once; the answer carries payment_status rather than a status block. */
const purchaseWithToken: EndpointHandler = (call) => {
  const terms = purchaseTerms(call);
  if (terms instanceof PlainAnswer) return terms;
  const token = liveToken(call, call.field('ctid'), call.field('pwt'));
  if (!token) return call.outcome('notFound');
  if (isDuplicate(call)) return call.outcome('duplicate');
  const tx = transactionFor(call, { ...terms, preAuth: call.field('type') === 'pre-auth', notifyField: 'return_url' });
  payTransaction(call.core, tx, token.kind === 'card' ? 'cards' : 'abapay');
  call.changed = true;
  const success = call.endpoint.outcomes.success;
  return jsonAnswer({ tran_id: tx.tranId, payment_status: { status: '0', code: success.code, description: success.message, pw_tran_id: call.core.ids.digits(15) } });
};

const removeToken = (kind: TokenKind): EndpointHandler => (call) => {
  const token = liveToken(call, call.field('ctid'), call.field('pwt'), kind);
  if (!token) return call.outcome('notFound');
  token.status = 0;
  call.changed = true;
  return call.ok();
};

const linkedAccountDetails: EndpointHandler = (call) => {
  const token = call.state.tokens.findLast((t) => t.merchantId === call.merchant.merchantId && t.kind === 'account' && t.status === 1 && t.returnParam === call.field('return_param'));
  if (!token) return call.outcome('notFound');
  return call.ok({ data: { ctid: token.ctid, pwt: token.pwt, mask_account: token.sourceOfFund, expired_in: secondsLeft(token, call.now) } });
};

/** Deprecated, but still answered: the account token lives another 90 days. */
const renewAccountToken: EndpointHandler = (call) => {
  const token = call.state.tokens.find((t) => t.merchantId === call.merchant.merchantId && t.kind === 'account' && t.status === 1 && t.ctid === call.field('ctid') && t.pwt === call.field('pwt'));
  if (!token) return call.outcome('notFound');
  token.expiresAt = new Date(call.now.getTime() + TOKEN_LIFETIME_MS).toISOString();
  call.changed = true;
  return call.ok({ expired_in: secondsLeft(token, call.now) });
};

export const cofHandlers: Partial<Record<EndpointId, EndpointHandler>> = {
  'link-account': oldLinking('account'),
  'link-card': oldLinking('card'),
  'purchase-with-token': purchaseWithToken,
  'remove-account-token': removeToken('account'),
  'remove-card-token': removeToken('card'),
  'linked-account-details': linkedAccountDetails,
  'renew-account-token': renewAccountToken,
};
