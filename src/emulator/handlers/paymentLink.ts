// Payment links: create (OPEN), read, void. Each payment through the link's page is a transaction; the
// link turns PAID when it reaches its payment limit.
import type { EndpointId } from '../../core/catalog/types.ts';
import type { Call, EndpointHandler } from '../call.ts';
import { gatewayTimeOf } from '../gatewayTime.ts';
import { documented } from '../lifecycle.ts';
import { isCurrency, MINIMUM, toMajor, toMinor } from '../money.ts';
import { openSession, sessionPath } from '../payerPages.ts';
import type { PaymentLink } from '../state.ts';
import { decodeBase64Text } from '../validation.ts';
import { base64Encode } from '../../core/signing/bytes.ts';
import { isWhitelisted, parseJson, splitEntries } from './common.ts';

/** The sandbox refused an expiry less than about five minutes ahead (PTL04) [OBS SF §15]. */
const MIN_EXPIRY_AHEAD_S = 5 * 60;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/jpg', 'image/png']);

function linkRecord(call: Call, link: PaymentLink): Record<string, unknown> {
  const merchant = call.core.merchant(link.merchantId);
  return {
    id: link.id,
    title: link.title,
    image: { image: '', filename: link.image?.filename ?? '', size: link.image?.size ?? 0 },
    amount: toMajor(link.amount, link.currency),
    currency: link.currency,
    status: link.status,
    description: link.description,
    payment_limit: link.paymentLimit,
    total_amount_org: toMajor(link.totalAmount, link.currency),
    total_refund: toMajor(link.totalRefund, link.currency),
    total_amount: toMajor(link.totalAmount - link.totalRefund, link.currency),
    total_trxn: link.totalTrxn,
    created_at: gatewayTimeOf(link.createdAt),
    updated_at: gatewayTimeOf(link.updatedAt),
    expired_date: link.expiredDate,
    return_url: link.returnUrl,
    pushback_url: link.returnUrl,
    merchant_ref_no: link.merchantRefNo,
    outlet_id: base64Encode(link.merchantId),
    outlet_name: merchant?.name ?? link.merchantId,
    payment_link: call.core.absoluteUrl(call.origin, sessionPath(link.sessionId)),
    payout: link.payout,
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

const createLink: EndpointHandler = (call) => {
  const auth = call.authObject;
  const invalid = (message: string) => call.invalidField('merchant_auth', message);
  if (!isCurrency(auth.currency)) return invalid('currency must be KHR or USD');
  const currency = auth.currency;
  const amount = toMinor(auth.amount, currency);
  if (amount === undefined || amount < MINIMUM[currency]) return invalid(`amount must be at least ${currency === 'KHR' ? '100 KHR' : '0.01 USD'}`);
  const title = text(auth.title);
  const description = text(auth.description);
  const merchantRefNo = text(auth.merchant_ref_no);
  if (title.length > 250 || description.length > 250 || merchantRefNo.length > 50) return invalid('title and description take at most 250 characters, merchant_ref_no 50');
  const limit = auth.payment_limit === undefined || auth.payment_limit === null || auth.payment_limit === '' ? null : Number(auth.payment_limit);
  if (limit !== null && !(Number.isInteger(limit) && limit > 0)) return invalid('payment_limit must be a positive whole number');
  const expired = auth.expired_date === undefined || auth.expired_date === null ? null : Number(auth.expired_date);
  if (expired !== null && !(Number.isInteger(expired) && expired >= call.now.getTime() / 1000 + MIN_EXPIRY_AHEAD_S)) return invalid('expired_date must be Unix seconds at least 5 minutes ahead');
  const returnUrl = decodeBase64Text(text(auth.return_url)) ?? '';
  if (!/^https?:\/\/\S+$/.test(returnUrl)) return invalid('return_url must be the Base64 of an http(s) URL');
  let payout: PaymentLink['payout'] = [];
  if (auth.payout !== undefined && auth.payout !== '') {
    const entries = splitEntries(parseJson(text(auth.payout)), currency, { account: 'acc', amount: 'amt' });
    if (typeof entries === 'string') return invalid(`payout ${entries}`);
    if (entries.reduce((sum, e) => sum + e.amount, 0) !== amount) return invalid('payout amounts must add up to amount');
    if (entries.some((e) => !isWhitelisted(call, e.account))) return invalid('payout accounts must be whitelisted');
    payout = entries.map((e) => ({ acc: e.account, amt: toMajor(e.amount, currency) }));
  }
  const image = call.files.image;
  if (image && (!IMAGE_TYPES.has(image.type) || image.size > 3 * 1024 * 1024)) return invalid('image must be a JPG or PNG of at most 3 MB');

  const id = call.core.ids.base64(16);
  const at = call.now.toISOString();
  const session = openSession(call, 'payment-link', id);
  const link: PaymentLink = {
    id,
    merchantId: call.merchant.merchantId,
    slug: call.core.ids.alphanumeric(7),
    title,
    description,
    amount,
    currency,
    paymentLimit: limit,
    expiredDate: expired,
    returnUrl,
    merchantRefNo,
    payout,
    image: image ? { filename: `payment_link_image_${call.now.getTime()}.${image.type === 'image/png' ? 'png' : 'jpg'}`, size: image.size } : null,
    status: 'OPEN',
    totalTrxn: 0,
    totalAmount: 0,
    totalRefund: 0,
    createdAt: at,
    updatedAt: at,
    sessionId: session.id,
  };
  call.state.links[id] = link;
  call.changed = true;
  const record = linkRecord(call, link);
  // The schema puts payout at the top level, the guide inside data: both are sent.
  return call.ok({ data: documented(record, call.endpoint.response.fields, 'data.'), payout, tran_id: Number(call.core.ids.digits(13)) });
};

function ownLink(call: Call): PaymentLink | undefined {
  const link = call.state.links[text(call.authObject.id)];
  return link?.merchantId === call.merchant.merchantId ? link : undefined;
}

const linkDetail: EndpointHandler = (call) => {
  const link = ownLink(call);
  if (!link) return call.outcome('notFound');
  return call.ok({ data: documented(linkRecord(call, link), call.endpoint.response.fields, 'data.'), tran_id: Number(call.core.ids.digits(13)) });
};

const voidLink: EndpointHandler = (call) => {
  const link = ownLink(call);
  if (!link) return call.outcome('notFound');
  if (link.status === 'VOIDED') return call.outcome('duplicate');
  link.status = 'VOIDED';
  link.updatedAt = call.now.toISOString();
  call.changed = true;
  return call.ok({ tran_id: Number(call.core.ids.digits(15)) });
};

export const paymentLinkHandlers: Partial<Record<EndpointId, EndpointHandler>> = {
  'payment-link-create': createLink,
  'payment-link-detail': linkDetail,
  'payment-link-void': voidLink,
};
