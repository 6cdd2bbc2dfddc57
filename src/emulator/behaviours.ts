// Where the sources disagree about what the gateway does (not about hashes, which the catalog's variants
// cover), the emulator follows the sandbox; each choice is listed here and served at /_emulator/behaviours.
import { bodyTypeRules, catalog } from '../core/catalog/index.ts';
import type { EndpointId } from '../core/catalog/types.ts';
import { JSON_NUMBER_RULE } from '../core/signing/jsonWireValue.ts';

export interface Behaviour {
  /** A stable name to refer to the choice by (in the trace, the doctor, the README). */
  id: string;
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
    id: 'close-keeps-pending',
    endpoints: ['close-transaction'],
    follows: 'sandbox',
    choice: 'A closed transaction stays PENDING; paying it by scanning a QR is refused afterwards, a card can still pay it. Closing a paid one answers HTTP 403 code 2.',
    otherwise: 'The docs say a closed transaction becomes CANCELLED and cannot be paid.',
    source: 'SF §12, §19, §21',
  },
  {
    id: 'duplicate-replaces-pending',
    endpoints: ['purchase', 'subscription', 'generate-qr', 'request-qr'],
    follows: 'sandbox',
    choice: 'A repeated tran_id replaces a transaction that is still pending (new amount, new QR). Only a tran_id whose transaction is paid, declined, cancelled or expired answers the duplicate code.',
    otherwise: 'The docs answer every repeated tran_id with the duplicate code (4, or 403 on the QR API).',
    source: 'SF §8b, §21',
  },
  {
    id: 'purchase-json-answers-json',
    endpoints: ['purchase'],
    follows: 'sandbox',
    choice: 'A JSON POST to Purchase is answered with JSON (qrString, qrImage, abapay_deeplink; checkout_qr_url with view_type=hosted_view and payment_gate=0); a form POST gets the checkout page.',
    otherwise: 'The docs answer Purchase with the checkout page, or JSON only for payment_option=abapay_khqr_deeplink.',
    source: 'SF §10b, §12',
  },
  {
    id: 'partial-refund-is-refunded',
    endpoints: ['refund'],
    follows: 'sandbox',
    choice: 'A partial refund already sets payment_status REFUNDED; refund_amount is the running total and never exceeds the amount.',
    otherwise: 'The docs describe REFUNDED for refunds without saying whether partial ones count.',
    source: 'SF (reference §4.5)',
  },
  {
    id: 'token-details-unknown-09',
    endpoints: ['token-details-v3'],
    follows: 'sandbox',
    choice: 'An unknown request_id answers 09 "Data not found".',
    otherwise: 'The docs say 104.',
    source: 'SF §16',
  },
  {
    id: 'remove-unknown-token-00',
    endpoints: ['remove-token-v3'],
    follows: 'sandbox',
    choice: 'Removing an unknown token answers 00.',
    otherwise: 'Not documented.',
    source: 'SF §24',
  },
  {
    id: 'payment-link-unknown-96',
    endpoints: ['payment-link-detail', 'payment-link-void'],
    follows: 'sandbox',
    choice: 'An unknown link id answers HTTP 403 code 96; a second void answers PTL188; an expired link still reads OPEN (its page refuses payment).',
    otherwise: 'The docs say PTL132 for an unknown link.',
    source: 'SF §22, §23',
  },
  {
    id: 'payment-link-create-ptl04',
    endpoints: ['payment-link-create'],
    follows: 'sandbox',
    choice: 'Every rejected value answers HTTP 400 PTL04, including an expired_date less than 5 minutes ahead; the link pushback is unsigned, with status 0 as a number and User-Agent PayWayApp/3.0.',
    otherwise: 'The docs list PTL05 and PTL99 for some of these and do not describe the pushback headers.',
    source: 'SF §15, §22',
  },
  {
    id: 'beneficiary-payee-ptl04',
    endpoints: ['beneficiary-add', 'beneficiary-status'],
    follows: 'sandbox',
    choice: 'A payee that is not a 9-digit ABA account, a 15-digit MID or a known merchant (or is not on the whitelist, for status) answers HTTP 400 PTL04.',
    otherwise: 'The docs suggest PTL134 / PTL149.',
    source: 'SF §6, §9b',
  },
  {
    id: 'link-card-v3-form-only',
    endpoints: ['link-card-v3'],
    follows: 'sandbox',
    choice: 'A JSON body is refused (HTTP 400 code 04); urlencoded and multipart forms are accepted. Errors come as JSON rather than inside a 302.',
    otherwise: 'The docs say multipart/form-data and an HTML answer.',
    source: 'SF §4, §24',
  },
  {
    id: 'payment-v3-form-415',
    endpoints: ['payment-v3'],
    follows: 'sandbox',
    choice: 'A form-encoded body answers HTTP 415.',
    otherwise: 'Not documented.',
    source: 'SF §9a',
  },
  {
    id: 'pushback-signature',
    endpoints: ['purchase', 'subscription', 'purchase-with-token', 'generate-qr', 'request-qr', 'payment-v3', 'link-account-v3', 'link-card-v3', 'renew-token-v3'],
    follows: 'inference',
    choice: 'Pushbacks other than payment links carry X-PayWay-HMAC-SHA512 made with the merchant API key over the body sorted by key, as the checkout guide describes; they are sent once, and resent only on request.',
    otherwise: 'The docs describe the signature for checkout pushbacks only; SF saw no retries, another chapter asserts them.',
    source: 'OFF ecommerce-checkout; SF §22',
  },
  {
    id: 'subscription-links-token',
    endpoints: ['subscription'],
    follows: 'inference',
    choice: 'Paying a subscription also links a CITR_FIX token under its ctid and pushes it to return_url in the v3 token shape (request_id = tran_id), so it can be charged with Payment v3 (MITR_FIX).',
    otherwise: 'The docs do not say how the merchant learns the subscription token.',
    source: 'reference §5.3',
  },
  {
    id: 'renew-token-approved',
    endpoints: ['renew-token-v3'],
    follows: 'inference',
    choice: "The payer's approval in ABA Mobile is taken as given: the token is renewed for 90 days at once and pushed to its callback URL.",
    otherwise: 'On PayWay the payer must approve in ABA Mobile; the callback comes within 3 minutes.',
    source: 'OAS Renew Token',
  },
  {
    id: 'partner-merchant-info-proof',
    endpoints: ['partner-merchant-info'],
    follows: 'inference',
    choice:
      "public_key_hash_encrypt is checked as hex HMAC-SHA512 of partner_id + merchant_key + request_time with the merchant's API key, for the request's request_time or for the catalog's example request_time 20250213065545 (so the example, computed for that time, works when request_time is now). Anything else answers PTL02. rsa_public_key_hash_encrypt is not checked.",
    otherwise: 'PayWay presumably accepts the proof only for the request_time sent; the docs do not say what it checks.',
    source: 'OAS Get Merchant API',
  },
  {
    id: 'pushback-example-domains',
    endpoints: ['purchase', 'subscription', 'purchase-with-token', 'generate-qr', 'request-qr', 'payment-v3', 'link-account', 'link-card', 'link-account-v3', 'link-card-v3', 'renew-token-v3', 'payment-link-create', 'partner-register-merchant'],
    follows: 'inference',
    choice:
      'A pushback to a reserved example domain (example.com, example.net, example.org, *.example, *.test, *.invalid) is recorded as "not sent" and never requested. A pushback to the emulator\'s own inbox (GET _emulator/info → inboxUrl) is handed to the inbox directly.',
    otherwise: 'PayWay posts to whatever URL it is given.',
    source: 'RFC 2606, RFC 6761',
  },
  {
    id: 'json-number-as-php-prints',
    endpoints: catalog.filter((e) => bodyTypeRules(e).some((r) => r.type === 'application/json' && r.accepted)).map((e) => e.id),
    follows: 'inference',
    choice: `${JSON_NUMBER_RULE} true hashes as "1", false and null as "". The trace, the doctor and the request log say so wherever a body has a JSON number; the playground and the code snippets send every value as a JSON string.`,
    otherwise: 'Undocumented (reference §15 #4): the docs type some fields as numbers, their samples send strings, and no source says how the gateway turns a JSON number into text for the hash.',
    source: "reference §1.3 (PHP samples), §5.3 (Laravel's validation answer), §15 #4; PHP 8 json_decode + string conversion (precision 14)",
  },
  {
    id: 'body-types-accepted',
    endpoints: catalog.filter((e) => bodyTypeRules(e).some((r) => r.basis === 'inference')).map((e) => e.id),
    follows: 'inference',
    choice:
      'A body type no source mentions for an endpoint (JSON, multipart/form-data or application/x-www-form-urlencoded) is read and accepted like its documented one. Refused: JSON on link-card-v3, forms on payment-v3. The catalog lists each endpoint\'s types with their basis (bodyTypes).',
    otherwise: 'PayWay may refuse a type it does not document for an endpoint; the sources record refusals only for link-card-v3 (JSON) and payment-v3 (forms), and extra types accepted on purchase (JSON), payment-link create and void (urlencoded).',
    source: 'reference §2; SF §4, §9a, §10b, §23, §24',
  },
  {
    id: 'unreadable-body-type',
    endpoints: catalog.filter((e) => !e.outcomes.unsupportedMediaType).map((e) => e.id),
    follows: 'inference',
    choice: 'A body whose Content-Type is neither JSON nor a form (text/plain, none) is read as no fields at all: the answer is the endpoint\'s code for a missing field; the diagnosis header names the content type to use.',
    otherwise: 'Not documented.',
    source: 'reference §2 (content types)',
  },
  {
    id: 'legacy-v1-lookups',
    endpoints: ['check-transaction-v1', 'transaction-list-v1'],
    follows: 'sandbox',
    choice:
      'The paths without "-2" answer in the old shape: check-transaction answers {"status": <payment status 0–4, 7 or an error 5, 6, 8>, "description", amount, total_amount, apv, payment_status, datetime} with HTTP 200; transaction-list answers numeric codes, status.pw_tran_id, and HTTP 400 for every error. Requests and hashes are those of the -2 endpoints; any body type is read.',
    otherwise: 'No current document describes these paths; SF saw {"status":6,"description":…} on check and HTTP 400 with a numeric 49 and pw_tran_id on the list. The check fields are what public clients of the path decode.',
    source: 'SF §1; reference §2; public clients (aba_payway_gateway, php-payway, payway-js)',
  },
  {
    id: 'diagnosis-header',
    endpoints: catalog.map((e) => e.id),
    follows: 'inference',
    choice:
      'Every refused request gets the header x-payway-emulator-diagnosis: one ASCII line naming the cause (the doctor\'s first finding for a wrong hash, searched with the merchant\'s real key; a known key or key variant; the field, path or content type meant), and an entry in GET _emulator/requests. The answer waits at most a few milliseconds for the doctor; a longer search updates the log entry after the answer. Status and body are PayWay\'s, unchanged.',
    otherwise: 'PayWay says only its code ("Wrong hash").',
    source: 'issue #11',
  },
];
