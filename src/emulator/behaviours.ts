// Where the sources disagree about what the gateway does (not about hashes, which the catalog's variants
// cover), the emulator follows the sandbox; each choice is listed here and served at /_emulator/behaviours.
import type { EndpointId } from '../core/catalog/types.ts';

export interface Behaviour {
  endpoints: readonly EndpointId[];
  follows: 'sandbox' | 'doc' | 'inference';
  /** What the emulator does. */
  choice: string;
  /** What the other source says. */
  otherwise: string;
  source: string;
}

export const behaviours: readonly Behaviour[] = [
  {
    endpoints: ['close-transaction'],
    follows: 'sandbox',
    choice: 'A closed transaction stays PENDING; paying it by scanning a QR is refused afterwards, a card can still pay it. Closing a paid one answers HTTP 403 code 2.',
    otherwise: 'The docs say a closed transaction becomes CANCELLED and cannot be paid.',
    source: 'SF §12, §19, §21',
  },
  {
    endpoints: ['purchase', 'subscription', 'generate-qr', 'request-qr'],
    follows: 'sandbox',
    choice: 'A repeated tran_id replaces a transaction that is still pending (new amount, new QR). Only a tran_id whose transaction is paid, declined, cancelled or expired answers the duplicate code.',
    otherwise: 'The docs answer every repeated tran_id with the duplicate code (4, or 403 on the QR API).',
    source: 'SF §8b, §21',
  },
  {
    endpoints: ['purchase'],
    follows: 'sandbox',
    choice: 'A JSON POST to Purchase is answered with JSON (qrString, qrImage, abapay_deeplink; checkout_qr_url with view_type=hosted_view and payment_gate=0); a form POST gets the checkout page.',
    otherwise: 'The docs answer Purchase with the checkout page, or JSON only for payment_option=abapay_khqr_deeplink.',
    source: 'SF §10b, §12',
  },
  {
    endpoints: ['refund'],
    follows: 'sandbox',
    choice: 'A partial refund already sets payment_status REFUNDED; refund_amount is the running total and never exceeds the amount.',
    otherwise: 'The docs describe REFUNDED for refunds without saying whether partial ones count.',
    source: 'SF (reference §4.5)',
  },
  {
    endpoints: ['token-details-v3'],
    follows: 'sandbox',
    choice: 'An unknown request_id answers 09 "Data not found".',
    otherwise: 'The docs say 104.',
    source: 'SF §16',
  },
  {
    endpoints: ['remove-token-v3'],
    follows: 'sandbox',
    choice: 'Removing an unknown token answers 00.',
    otherwise: 'Not documented.',
    source: 'SF §24',
  },
  {
    endpoints: ['payment-link-detail', 'payment-link-void'],
    follows: 'sandbox',
    choice: 'An unknown link id answers HTTP 403 code 96; a second void answers PTL188; an expired link still reads OPEN (its page refuses payment).',
    otherwise: 'The docs say PTL132 for an unknown link.',
    source: 'SF §22, §23',
  },
  {
    endpoints: ['payment-link-create'],
    follows: 'sandbox',
    choice: 'Every rejected value answers HTTP 400 PTL04, including an expired_date less than 5 minutes ahead; the link pushback is unsigned, with status 0 as a number and User-Agent PayWayApp/3.0.',
    otherwise: 'The docs list PTL05 and PTL99 for some of these and do not describe the pushback headers.',
    source: 'SF §15, §22',
  },
  {
    endpoints: ['beneficiary-add', 'beneficiary-status'],
    follows: 'sandbox',
    choice: 'A payee that is not a 9-digit ABA account, a 15-digit MID or a known merchant (or is not on the whitelist, for status) answers HTTP 400 PTL04.',
    otherwise: 'The docs suggest PTL134 / PTL149.',
    source: 'SF §6, §9b',
  },
  {
    endpoints: ['link-card-v3'],
    follows: 'sandbox',
    choice: 'A JSON body is refused (HTTP 400 code 04); urlencoded and multipart forms are accepted. Errors come as JSON rather than inside a 302.',
    otherwise: 'The docs say multipart/form-data and an HTML answer.',
    source: 'SF §4, §24',
  },
  {
    endpoints: ['payment-v3'],
    follows: 'sandbox',
    choice: 'A form-encoded body answers HTTP 415.',
    otherwise: 'Not documented.',
    source: 'SF §9a',
  },
  {
    endpoints: ['purchase', 'subscription', 'purchase-with-token', 'generate-qr', 'request-qr', 'payment-v3', 'link-account-v3', 'link-card-v3', 'renew-token-v3'],
    follows: 'inference',
    choice: 'Pushbacks other than payment links carry X-PayWay-HMAC-SHA512 made with the merchant API key over the body sorted by key, as the checkout guide describes; they are sent once, and resent only on request.',
    otherwise: 'The docs describe the signature for checkout pushbacks only; SF saw no retries, another chapter asserts them.',
    source: 'OFF ecommerce-checkout; SF §22',
  },
  {
    endpoints: ['subscription'],
    follows: 'inference',
    choice: 'Paying a subscription also links a CITR_FIX token under its ctid and pushes it to return_url in the v3 token shape (request_id = tran_id), so it can be charged with Payment v3 (MITR_FIX).',
    otherwise: 'The docs do not say how the merchant learns the subscription token.',
    source: 'reference §5.3',
  },
  {
    endpoints: ['renew-token-v3'],
    follows: 'inference',
    choice: "The payer's approval in ABA Mobile is taken as given: the token is renewed for 90 days at once and pushed to its callback URL.",
    otherwise: 'On PayWay the payer must approve in ABA Mobile; the callback comes within 3 minutes.',
    source: 'OAS Renew Token',
  },
  {
    endpoints: ['partner-merchant-info'],
    follows: 'inference',
    choice:
      "public_key_hash_encrypt is checked as hex HMAC-SHA512 of partner_id + merchant_key + request_time with the merchant's API key, for the request's request_time or for the catalog's example request_time 20250213065545 (so the example, computed for that time, works when request_time is now). Anything else answers PTL02. rsa_public_key_hash_encrypt is not checked.",
    otherwise: 'PayWay presumably accepts the proof only for the request_time sent; the docs do not say what it checks.',
    source: 'OAS Get Merchant API',
  },
  {
    endpoints: ['purchase', 'subscription', 'purchase-with-token', 'generate-qr', 'request-qr', 'payment-v3', 'link-account', 'link-card', 'link-account-v3', 'link-card-v3', 'renew-token-v3', 'payment-link-create', 'partner-register-merchant'],
    follows: 'inference',
    choice:
      'A pushback to a reserved example domain (example.com, example.net, example.org, *.example, *.test, *.invalid) is recorded as "not sent" and never requested. A pushback to the emulator\'s own inbox (GET _emulator/info → inboxUrl) is handed to the inbox directly.',
    otherwise: 'PayWay posts to whatever URL it is given.',
    source: 'RFC 2606, RFC 6761',
  },
];
