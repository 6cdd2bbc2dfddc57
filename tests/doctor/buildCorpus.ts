// Builds the doctor's corpus: broken requests made the way broken integrations make them. Each case
// simulates the integrator's code with node:crypto and hand-written recipes (taken from the reference,
// not from the catalog), so the corpus does not lean on the code it tests.
//   npx tsx tests/doctor/buildCorpus.ts   → rewrites tests/doctor/corpus/*.json
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { encryptChunked, parsePublicKeyPem } from '../../src/core/signing/rsa.ts';
import { seededRandom } from '../support/seededRandom.ts';

export interface ExpectedMistake {
  id: string;
  field?: string;
  variant?: string;
  /** The other endpoint a 'recipe-of' finding names. */
  endpoint?: string;
}

export interface CorpusCase {
  name: string;
  /** What the integrator's code did. */
  description: string;
  /** Where the mistake was seen: the public code (repository and path) or the reference's section. */
  source?: string;
  endpoint?: string;
  /** The request as the integrator pastes it (JSON, form, multipart dump, cURL, lines, HTTP). */
  request?: string;
  wire?: Record<string, string>;
  key?: string;
  theirHash?: string;
  theirString?: string;
  /** The demo merchant's RSA public key is given to the doctor (for the "PEM as key" case). */
  withRsaPublicKey?: boolean;
  /** The target refused the request (what the doctor is told about it). */
  refused?: { by?: string; code?: string; message?: string; merchantId?: string; merchantKeyFingerprint?: string };
  /** The time the request is diagnosed at (ISO), when it matters (req_time checks). */
  now?: string;
  expect: {
    verdict: 'correct' | 'variant' | 'diagnosed' | 'refused';
    endpoint: string;
    /** Each must be in the diagnosis (id, and field / variant when given). */
    mistakes: ExpectedMistake[];
    /** The finding that must lead (the most specific explanation). */
    first?: ExpectedMistake;
    /** An explanation that gives the same hash but must come after the first (among the alternatives). */
    alternative?: ExpectedMistake;
    /** A warning about the request that must be reported (substring). */
    warning?: string;
    /** The language the fix must be written in. */
    language?: 'php' | 'node' | 'python' | 'go';
    /** Text the first finding must contain (mistake, explanation or fix). */
    says?: string;
  };
}

export const CORPUS_DIR = resolve(import.meta.dirname, 'corpus');
const KEY = 'demo-api-key-not-real';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

// ---- the recipes, as an integrator reads them in the reference (§3) ---------------------------------
const PURCHASE = ['req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'shipping', 'firstname', 'lastname', 'email', 'phone', 'type', 'payment_option', 'return_url', 'cancel_url', 'continue_success_url', 'return_deeplink', 'currency', 'custom_fields', 'return_params', 'payout', 'lifetime', 'additional_params', 'google_pay_token', 'skip_success_page'];
const SUBSCRIPTION_SANDBOX = ['req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'ctid', 'shipping', 'firstname', 'lastname', 'email', 'phone', 'type', 'payment_option', 'return_url', 'cancel_url', 'continue_success_url', 'return_deeplink', 'currency', 'custom_fields', 'return_params', 'payout', 'lifetime', 'additional_params', 'google_pay_token', 'skip_success_page', 'token_flag', 'frequency'];
const SUBSCRIPTION_DOC = SUBSCRIPTION_SANDBOX.filter((f) => f !== 'ctid' && f !== 'google_pay_token');
const SUBSCRIPTION_CTID_AFTER_SHIPPING = ['req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'shipping', 'ctid', 'pwt', ...SUBSCRIPTION_SANDBOX.slice(7)];
const CHECK = ['req_time', 'merchant_id', 'tran_id'];
const LIST = ['req_time', 'merchant_id', 'from_date', 'to_date', 'from_amount', 'to_amount', 'status', 'page', 'pagination'];
const PAYOUT = ['merchant_id', 'tran_id', 'beneficiaries', 'amount', 'custom_fields', 'currency'];
const REFUND = ['request_time', 'merchant_id', 'merchant_auth'];
const PRE_AUTH_COMPLETE = ['merchant_auth', 'request_time', 'merchant_id'];
const BENEFICIARY = ['request_time', 'merchant_auth'];
const LINK_ACCOUNT_OLD = ['merchant_id', 'req_time', 'return_deeplink'];
const LINK_ACCOUNT_V3 = ['merchant_id', 'request_time', 'ctid', 'return_deeplink', 'callback_url', 'request_id', 'token_flag', 'currency'];
const LINK_CARD_V3_OAS = ['merchant_id', 'request_time', 'ctid', 'callback_url', 'request_id', 'token_flag', 'frequency', 'currency'];
const PAYMENT_V3 = ['request_time', 'merchant_id', 'tran_id', 'amount', 'currency', 'items', 'ctid', 'pwt', 'first_name', 'last_name', 'email', 'phone', 'purchase_type', 'callback_url', 'custom_fields', 'return_params', 'payout', 'token_flag', 'shipping_fee'];
const RENEW_V3 = ['ctid', 'request_time', 'pwt', 'merchant_id', 'request_id'];
const QR = ['req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'first_name', 'last_name', 'email', 'phone', 'purchase_type', 'payment_option', 'callback_url', 'return_deeplink', 'currency', 'custom_fields', 'return_params', 'payout', 'lifetime', 'qr_image_template'];
const PARTNER = ['partner_id', 'request_data', 'request_time'];
const PURCHASE_WITH_TOKEN = ['req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'shipping', 'ctid', 'pwt', 'firstname', 'lastname', 'email', 'phone', 'type', 'return_url', 'currency', 'custom_fields', 'return_params', 'payout'];

interface Concat {
  empty?: string;
  separator?: string;
}

/** The integrator's string to sign: their field list, their values, their way of joining. */
function b4hash(fields: readonly string[], values: Record<string, string>, how: Concat = {}): string {
  return fields.map((f) => (values[f] === undefined || values[f] === '' ? (how.empty ?? '') : values[f])).join(how.separator ?? '');
}

interface Mac {
  key?: string | Buffer;
  algorithm?: string;
  encoding?: 'base64' | 'hex';
}

function hmac(message: string, mac: Mac = {}): string {
  return createHmac(mac.algorithm ?? 'sha512', mac.key ?? KEY).update(message, 'utf8').digest(mac.encoding ?? 'base64');
}

function rsa(plaintext: string, seed: number): { base64: string; blocks: Buffer[] } {
  const trace = encryptChunked(parsePublicKeyPem(DEMO_MERCHANT.rsaPublicKeyPem), plaintext, seededRandom(seed));
  return { base64: trace.base64, blocks: trace.chunks.map((c) => Buffer.from(c.ciphertextHex, 'hex')) };
}

// ---- shared request values ---------------------------------------------------------------------------
const ITEMS_JSON = '[{"name":"Café Latté > large","quantity":2,"price":2.75},{"name":"Croissant","quantity":1,"price":1.5}]';
const RETURN_URL = 'https://merchant.example.com/payway/return?order=1001';
const purchase: Record<string, string> = {
  req_time: '20250728022056',
  merchant_id: 'ec000002',
  tran_id: '17536691884',
  amount: '7.00',
  items: b64(ITEMS_JSON),
  firstname: 'Sokha',
  lastname: 'Chan',
  email: 'sokha@example.com',
  phone: '012345678',
  payment_option: 'abapay_khqr',
  return_url: b64(RETURN_URL),
  currency: 'USD',
};
if (!purchase.items!.includes('+')) throw new Error('ITEMS_JSON should Base64 to a text with a "+" (for the URL-decoding case)');

const check = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '17394277693' };
const subscription: Record<string, string> = { ...purchase, tran_id: 'SUB1001', amount: '9.99', ctid: 'CTID123456', token_flag: 'CITR_FIX', frequency: '1M', payment_option: 'cards' };
const list = { req_time: '20250213065545', merchant_id: 'ec000002', from_date: '2025-02-11 00:00:00', to_date: '2025-02-13 23:59:59', from_amount: '10.00', to_amount: '500.00', status: 'APPROVED', page: '1', pagination: '40' };
const payoutValues: Record<string, string> = { merchant_id: 'ec000002', tran_id: 'PO17259584044', beneficiaries: rsa('[{"account":"200030000","amount":3.44}]', 11).base64, amount: '3.44', custom_fields: '{"invoice":"INV-77","note":"April/May"}', currency: 'USD' };
const refund = { request_time: '20250213065545', merchant_id: 'ec000002', merchant_auth: rsa('{"mc_id":"ec000002","tran_id":"17394277693","refund_amount":1.5}', 21).base64 };
const preAuth = { request_time: '20250213065545', merchant_id: 'ec000002', merchant_auth: rsa('{"mc_id":"ec000002","tran_id":"PA100200","complete_amount":25}', 31).base64 };
const beneficiary = { request_time: '20250213065545', merchant_id: 'ec000002', merchant_auth: rsa('{"mc_id":"ec000002","payee":"200030000"}', 41).base64 };
const linkPlaintext = '{"mc_id":"ec000002","title":"Coffee subscription","amount":10,"currency":"USD","description":"Payment link for order 1001 from the web shop","payment_limit":5,"expired_date":1893456000,"return_url":"' + b64('https://merchant.example.com/payway/link') + '","merchant_ref_no":"INV-1001"}';
const linkRsa = rsa(linkPlaintext, 51);
const linkAccountV3 = { merchant_id: 'ec000002', request_time: '20250213065545', ctid: 'CTID123456', callback_url: b64('https://merchant.example.com/payway/cof'), request_id: 'REQ1001', token_flag: 'CITO_FLEX', currency: 'USD' };
const linkCardV3 = { merchant_id: 'ec000002', request_time: '20250213065545', ctid: 'CTID123456', callback_url: b64('https://merchant.example.com/payway/card'), request_id: 'REQ2002', token_flag: 'CITI_FLEX', frequency: '1M', currency: 'USD' };
const paymentV3 = { request_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'PAY3001', amount: '15.00', currency: 'USD', ctid: 'CTID123456', pwt: 'PWT987654321', first_name: 'Dara', last_name: 'Keo', email: 'dara@example.com', token_flag: 'MITU_FLEX', purchase_type: 'purchase', callback_url: b64('https://merchant.example.com/payway/v3') };
const renewV3 = { request_time: '20250213065545', merchant_id: 'ec000002', request_id: 'REQ3003', ctid: 'CTID123456', pwt: 'PWT987654321' };
const qr = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'QR5001', amount: '100', currency: 'KHR', payment_option: 'abapay_khqr', callback_url: b64('https://merchant.example.com/payway/qr'), return_params: '{"order":"1001","url":"https://merchant.example.com/o/1001"}', lifetime: '6', qr_image_template: 'template3_color' };
const partnerValues = { request_time: '20250213065545', partner_id: 'PARTNER01', request_data: rsa('{"register_ref":"REG-0001","pushback_url":"https://partner.example.com/pb"}', 61).base64 };

const PATHS = {
  purchase: '/api/payment-gateway/v1/payments/purchase',
  check: '/api/payment-gateway/v1/payments/check-transaction-2',
  preAuthComplete: '/api/merchant-portal/merchant-access/online-transaction/pre-auth-completion',
  refund: '/api/merchant-portal/merchant-access/online-transaction/refund',
  qr: '/api/payment-gateway/v1/payments/generate-qr',
  paymentLink: '/api/merchant-portal/merchant-access/payment-link/create',
};
const SANDBOX = 'https://checkout-sandbox.payway.com.kh';

const sq = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const curlBashMultipart = (path: string, values: Record<string, string>) =>
  [`curl ${sq(SANDBOX + path)} \\`, `  -X POST \\`, ...Object.entries(values).map(([n, v]) => `  -F ${sq(`${n}=${v}`)} \\`)].join('\n').replace(/ \\$/, '');
const curlCmdJson = (path: string, values: Record<string, string>) => {
  const escape = (s: string) => '^"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[^a-zA-Z0-9\s_\-:=+~'/.',?;()*`&]/g, '^$&') + '^"';
  return [`curl ${escape(SANDBOX + path)} ^`, `  -H ${escape('Content-Type: application/json')} ^`, `  --data-raw ${escape(JSON.stringify(values))}`].join('\n');
};
const multipartDump = (values: Record<string, string>) => {
  const boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
  return Object.entries(values).map(([n, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`;
};

// ---- the cases -----------------------------------------------------------------------------------------

export function buildCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const add = (c: CorpusCase) => cases.push(c);
  const good = b4hash(PURCHASE, purchase);

  // Correct requests: the doctor must say so.
  add({ name: 'purchase-correct', description: 'A correct purchase: documented order, wire values, HMAC-SHA512, Base64.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good), expect: { verdict: 'correct', endpoint: 'purchase', mistakes: [] } });
  add({ name: 'payout-correct-hex', description: 'A correct payout: lower-case hex, as the payout API wants.', endpoint: 'payout', wire: payoutValues, key: KEY, theirHash: hmac(b4hash(PAYOUT, payoutValues), { encoding: 'hex' }), expect: { verdict: 'correct', endpoint: 'payout', mistakes: [] } });
  add({ name: 'subscription-correct-sandbox', description: 'A correct subscription: the sandbox order with ctid after items.', endpoint: 'subscription', wire: subscription, key: KEY, theirHash: hmac(b4hash(SUBSCRIPTION_SANDBOX, subscription)), expect: { verdict: 'correct', endpoint: 'subscription', mistakes: [] } });
  add({ name: 'refund-correct-string', description: 'A refund whose logged string to sign is right.', endpoint: 'refund', wire: refund, theirString: b4hash(REFUND, refund), expect: { verdict: 'correct', endpoint: 'refund', mistakes: [] } });
  add({ name: 'purchase-correct-curl', description: 'A correct purchase pasted as a cURL command (bash, multipart); endpoint recognised by path.', request: curlBashMultipart(PATHS.purchase, { ...purchase, hash: hmac(good) }), key: KEY, expect: { verdict: 'correct', endpoint: 'purchase', mistakes: [] } });

  // Field order.
  const sortedAll = Object.keys(purchase).sort();
  add({ name: 'purchase-ksort', description: 'ksort($params) over the fields sent, then implode.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(sortedAll, purchase)), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'order-sorted' }], says: 'Moved: ' } });
  const withView = { ...purchase, view_type: 'hosted_view' };
  add({ name: 'purchase-ksort-whole-body', description: 'ksort of the whole body, view_type included.', endpoint: 'purchase', wire: withView, key: KEY, theirHash: hmac(b4hash(Object.keys(withView).sort(), withView)), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'order-sorted-all' }] } });
  add({ name: 'purchase-view-type-hashed', description: 'Every posted field hashed, so view_type (last in the form, never hashed) is appended.', endpoint: 'purchase', wire: withView, key: KEY, theirHash: hmac(b4hash([...PURCHASE, 'view_type'], withView)), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'field-extra', field: 'view_type' }] } });
  add({ name: 'purchase-names-swapped', description: 'lastname before firstname in the concatenation.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good.replace('SokhaChan', 'ChanSokha')), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'order-swapped' }] } });
  const checkSorted = ['merchant_id', 'req_time', 'tran_id'];
  add({ name: 'check-sorted', description: 'Check transaction with the keys sorted.', endpoint: 'check-transaction', wire: check, key: KEY, theirHash: hmac(b4hash(checkSorted, check)), expect: { verdict: 'diagnosed', endpoint: 'check-transaction', mistakes: [{ id: 'order-sorted' }] } });
  add({ name: 'refund-string-swapped', description: 'The logged string has merchant_id before request_time.', endpoint: 'refund', wire: refund, theirString: b4hash(['merchant_id', 'request_time', 'merchant_auth'], refund), expect: { verdict: 'diagnosed', endpoint: 'refund', mistakes: [{ id: 'order-swapped' }] } });
  add({ name: 'pre-auth-complete-body-order', description: 'Pre-auth completion hashed in the order the JSON body lists the fields (merchant_id, merchant_auth, request_time): the recipe of pre-auth cancel, which the doctor names before the generic "order of the body".', request: `POST ${PATHS.preAuthComplete} HTTP/1.1\nHost: checkout-sandbox.payway.com.kh\nContent-Type: application/json\n\n${JSON.stringify({ merchant_id: preAuth.merchant_id, merchant_auth: preAuth.merchant_auth, request_time: preAuth.request_time })}`, key: KEY, theirHash: hmac(b4hash(['merchant_id', 'merchant_auth', 'request_time'], preAuth)), expect: { verdict: 'diagnosed', endpoint: 'pre-auth-complete', mistakes: [{ id: 'recipe-of', endpoint: 'pre-auth-cancel' }], alternative: { id: 'order-form' } } });
  const renewTable = ['request_time', 'merchant_id', 'request_id', 'ctid', 'pwt'];
  const renewInRecipeOrder = { ctid: renewV3.ctid, request_time: renewV3.request_time, pwt: renewV3.pwt, merchant_id: renewV3.merchant_id, request_id: renewV3.request_id };
  add({ name: 'renew-token-table-order', description: "Renew token hashed in the field table's order instead of ctid, request_time, pwt, merchant_id, request_id.", endpoint: 'renew-token-v3', wire: renewInRecipeOrder, key: KEY, theirHash: hmac(b4hash(renewTable, renewV3)), expect: { verdict: 'diagnosed', endpoint: 'renew-token-v3', mistakes: [{ id: 'order-table' }] } });
  add({ name: 'payment-v3-sorted', description: 'v3 payment with the fields sorted by name.', endpoint: 'payment-v3', wire: paymentV3, key: KEY, theirHash: hmac(b4hash(Object.keys(paymentV3).sort(), paymentV3)), expect: { verdict: 'diagnosed', endpoint: 'payment-v3', mistakes: [{ id: 'order-sorted' }] } });

  // Fields missing or extra.
  const withShipping = { ...purchase, shipping: '1.50' };
  add({ name: 'purchase-shipping-not-hashed', description: 'shipping is sent but left out of the string to sign.', endpoint: 'purchase', wire: withShipping, key: KEY, theirHash: hmac(b4hash(PURCHASE.filter((f) => f !== 'shipping'), withShipping)), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'field-missing', field: 'shipping' }] } });
  const noCurrency = { ...purchase };
  delete noCurrency.currency;
  add({ name: 'purchase-currency-hashed-not-sent', description: 'currency=USD is in the string to sign, but the form never sends it.', endpoint: 'purchase', wire: noCurrency, key: KEY, theirHash: hmac(b4hash(PURCHASE, { ...noCurrency, currency: 'USD' })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'field-not-sent', field: 'currency' }] } });
  add({ name: 'beneficiary-merchant-id-hashed', description: 'Add beneficiary with merchant_id hashed, though this API leaves it out.', endpoint: 'beneficiary-add', wire: beneficiary, key: KEY, theirHash: hmac(b4hash(['request_time', 'merchant_id', 'merchant_auth'], beneficiary)), expect: { verdict: 'diagnosed', endpoint: 'beneficiary-add', mistakes: [{ id: 'field-extra', field: 'merchant_id' }] } });
  const linkAccount = { req_time: '20250213065545', merchant_id: 'ec000002', return_param: 'user-42', return_deeplink: b64('{"ios_scheme":"shop://aba","android_scheme":"shop://aba"}') };
  const withGate = { ...purchase, payment_gate: '0' };
  add({ name: 'purchase-payment-gate-hashed', description: 'payment_gate (sent, never hashed) appended to the string to sign.', endpoint: 'purchase', wire: withGate, key: KEY, theirHash: hmac(b4hash([...PURCHASE, 'payment_gate'], withGate)), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'field-extra', field: 'payment_gate' }] } });
  add({ name: 'link-account-legacy-order', description: 'Old link account hashed as the legacy docs say: merchant_id and req_time only.', endpoint: 'link-account', wire: linkAccount, key: KEY, theirHash: hmac(linkAccount.merchant_id + linkAccount.req_time), expect: { verdict: 'variant', endpoint: 'link-account', mistakes: [{ id: 'variant', variant: 'legacy' }] } });

  // Raw instead of encoded values.
  add({ name: 'purchase-items-raw', description: 'items hashed as raw JSON, sent as Base64.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, { ...purchase, items: ITEMS_JSON })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'raw-value', field: 'items' }] } });
  add({ name: 'purchase-return-url-raw', description: 'return_url hashed as the plain URL, sent as Base64.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, { ...purchase, return_url: RETURN_URL })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'raw-value', field: 'return_url' }] } });
  add({ name: 'purchase-all-raw', description: 'Every encoded field hashed before encoding (items and return_url).', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, { ...purchase, items: ITEMS_JSON, return_url: RETURN_URL })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'raw-value' }] } });
  add({ name: 'purchase-items-raw-string', description: 'The logged string shows items as JSON.', endpoint: 'purchase', wire: purchase, theirString: b4hash(PURCHASE, { ...purchase, items: ITEMS_JSON }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'raw-value', field: 'items' }] } });
  add({ name: 'link-account-v3-callback-raw', description: 'callback_url hashed as the plain URL.', endpoint: 'link-account-v3', wire: linkAccountV3, key: KEY, theirHash: hmac(b4hash(LINK_ACCOUNT_V3, { ...linkAccountV3, callback_url: 'https://merchant.example.com/payway/cof' })), expect: { verdict: 'diagnosed', endpoint: 'link-account-v3', mistakes: [{ id: 'raw-value', field: 'callback_url' }] } });
  const itemsNewline = Buffer.from(ITEMS_JSON + '\n').toString('base64');
  add({ name: 'purchase-items-echo-newline', description: 'items for the hash made with `echo $json | base64` (trailing newline); the body has the Base64 without it.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, { ...purchase, items: itemsNewline })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'base64-newline', field: 'items' }] } });

  // Output encoding and algorithm.
  add({ name: 'purchase-hex', description: 'hash_hmac() without the raw flag: lower-case hex on a Base64 endpoint.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good, { encoding: 'hex' }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'output-encoding' }] } });
  add({ name: 'purchase-hex-upper', description: 'Upper-case hex (C# BitConverter).', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good, { encoding: 'hex' }).toUpperCase(), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'output-encoding' }] } });
  add({ name: 'purchase-base64-of-hex', description: 'base64_encode(hash_hmac(...)) without the raw flag: Base64 of the hex text.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: Buffer.from(hmac(good, { encoding: 'hex' })).toString('base64'), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'output-encoding' }] } });
  add({ name: 'purchase-base64url', description: 'URL-safe Base64 without padding.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: createHmac('sha512', KEY).update(good).digest('base64url'), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'output-encoding' }] } });
  add({ name: 'purchase-sha256', description: 'HMAC-SHA256 instead of SHA-512.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good, { algorithm: 'sha256' }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'algorithm' }] } });
  add({ name: 'purchase-md5-hex', description: 'An old snippet: HMAC-MD5, hex.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good, { algorithm: 'md5', encoding: 'hex' }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'algorithm' }, { id: 'output-encoding' }] } });
  add({ name: 'purchase-sha1-plain-key-appended', description: 'sha1($b4hash . $apiKey): a home-made keyed hash.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: createHash('sha1').update(good + KEY).digest('hex'), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'construction-plain-message-key' }, { id: 'algorithm' }] } });
  add({ name: 'purchase-plain-sha512', description: 'hash("sha512", $b4hash): no key at all.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: createHash('sha512').update(good).digest('base64'), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'construction-plain' }] } });
  add({ name: 'exchange-rate-hmac-args-swapped', description: 'hash_hmac("sha512", $apiKey, $b4hash, true): key and data swapped.', endpoint: 'exchange-rate', wire: { req_time: '20250213065545', merchant_id: 'ec000002' }, key: KEY, theirHash: createHmac('sha512', '20250213065545ec000002').update(KEY).digest('base64'), expect: { verdict: 'diagnosed', endpoint: 'exchange-rate', mistakes: [{ id: 'construction-hmac-swapped' }] } });
  add({ name: 'purchase-hash-truncated', description: 'The hash was stored in a VARCHAR(64) column and read back cut short.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good).slice(0, 64), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'hash-truncated' }] } });

  // Keys.
  add({ name: 'purchase-key-newline', description: 'The API key read from a file with its trailing newline.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good, { key: KEY + '\n' }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'key-whitespace' }] } });
  add({ name: 'qr-key-crlf', description: 'The API key from a Windows-edited file: CR LF at the end.', endpoint: 'generate-qr', wire: qr, key: KEY, theirHash: hmac(b4hash(QR, qr), { key: KEY + '\r\n' }), expect: { verdict: 'diagnosed', endpoint: 'generate-qr', mistakes: [{ id: 'key-whitespace' }] } });
  add({ name: 'purchase-key-quoted', description: 'PAYWAY_KEY="…" read with the quotes kept.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good, { key: `"${KEY}"` }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'key-quoted' }] } });
  add({ name: 'purchase-merchant-id-as-key', description: 'Signed with the merchant id.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good, { key: 'ec000002' }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'key-merchant-id' }] } });
  add({ name: 'purchase-pem-as-key', description: 'Signed with the RSA public key PEM ("public_key" in the docs).', endpoint: 'purchase', wire: purchase, key: KEY, withRsaPublicKey: true, theirHash: hmac(good, { key: DEMO_MERCHANT.rsaPublicKeyPem }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'key-pem' }] } });
  const base64Key = 'c2FuZGJveC1rZXktZm9yLXRlc3Rz';
  add({ name: 'purchase-key-base64-decoded', description: 'The key "looks like Base64", so the code decodes it first.', endpoint: 'purchase', wire: purchase, key: base64Key, theirHash: hmac(good, { key: Buffer.from(base64Key, 'base64') }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'key-base64-decoded' }] } });
  add({ name: 'purchase-key-missing', description: 'process.env.PAYWAY_API_KEY was not set: HMAC with an empty key.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good, { key: '' }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'key-missing' }] } });

  // Values: amounts, empties, whitespace, time, URL decoding, characters.
  add({ name: 'purchase-amount-number', description: 'Body sends "7.00"; the hash used String(7) = "7".', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, { ...purchase, amount: '7' })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'amount-format', field: 'amount' }] } });
  add({ name: 'purchase-amount-python', description: 'Python str(float): "7.0".', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, { ...purchase, amount: '7.0' })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'amount-format', field: 'amount' }] } });
  add({ name: 'list-from-amount', description: 'Transaction list: from_amount "10" in the hash, "10.00" in the body.', endpoint: 'transaction-list', wire: list, key: KEY, theirHash: hmac(b4hash(LIST, { ...list, from_amount: '10' })), expect: { verdict: 'diagnosed', endpoint: 'transaction-list', mistakes: [{ id: 'amount-format', field: 'from_amount' }] } });
  add({ name: 'purchase-undefined-placeholders', description: 'JavaScript template literal over missing fields: "undefined" for each.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, purchase, { empty: 'undefined' })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'empty-placeholder' }] } });
  add({ name: 'purchase-none-placeholders', description: 'Python f-string over missing fields: "None" for each.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, purchase, { empty: 'None' })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'empty-placeholder' }] } });
  add({ name: 'purchase-null-string', description: 'The logged string shows "null" for every missing field.', endpoint: 'purchase', wire: purchase, theirString: b4hash(PURCHASE, purchase, { empty: 'null' }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'empty-placeholder' }] } });
  const spacedEmail = { ...purchase, email: 'sokha@example.com ' };
  add({ name: 'purchase-email-trimmed', description: 'email sent with a trailing space from the form; the hash code trims.', endpoint: 'purchase', wire: spacedEmail, key: KEY, theirHash: hmac(b4hash(PURCHASE, purchase)), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'trim', field: 'email' }] } });
  add({ name: 'purchase-pipe-separator', description: "implode('|', $values).", endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, purchase, { separator: '|' })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'separator' }] } });
  const query = PURCHASE.filter((f) => purchase[f]).map((f) => `${f}=${encodeURIComponent(purchase[f]!)}`).join('&');
  add({ name: 'purchase-query-string', description: 'http_build_query($params) hashed instead of the bare values.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(query.replace(/%20/g, '+')), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'name-value-pairs' }] } });
  const local = { ...purchase, req_time: '20250728092056' };
  add({ name: 'purchase-req-time-local', description: 'The hash used date("YmdHis") in Asia/Phnom_Penh; the body carries UTC.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, local)), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'time-local', field: 'req_time' }] } });
  add({ name: 'close-req-time-read-twice', description: 'Time read once for the body and once for the hash, a second apart.', endpoint: 'close-transaction', wire: check, key: KEY, theirHash: hmac(b4hash(CHECK, { ...check, req_time: '20250213065546' })), expect: { verdict: 'diagnosed', endpoint: 'close-transaction', mistakes: [{ id: 'time-drift', field: 'req_time' }] } });
  const refundLocal = { ...refund, request_time: '20250213135545' };
  add({ name: 'refund-request-time-local', description: 'Refund hashed with local (UTC+7) request_time.', endpoint: 'refund', wire: refund, key: KEY, theirHash: hmac(b4hash(REFUND, refundLocal)), expect: { verdict: 'diagnosed', endpoint: 'refund', mistakes: [{ id: 'time-local', field: 'request_time' }] } });
  const plusForm = PURCHASE.filter((f) => purchase[f]).map((f) => `${f}=${purchase[f]}`).join('&');
  add({ name: 'purchase-plus-became-space', description: 'A form body sent with raw "+" signs: URL decoding turns them into spaces (pasted as the urlencoded body).', request: plusForm, endpoint: 'purchase', key: KEY, theirHash: hmac(good), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'plus-space' }] } });
  const nfd = { ...purchase, firstname: 'José'.normalize('NFD') };
  add({ name: 'purchase-name-nfd', description: 'firstname "José" hashed in NFC, sent in NFD (macOS input).', endpoint: 'purchase', wire: nfd, key: KEY, theirHash: hmac(b4hash(PURCHASE, { ...purchase, firstname: 'José'.normalize('NFC') })), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'unicode-normalisation', field: 'firstname' }] } });
  add({ name: 'purchase-utf16', description: 'C# Encoding.Unicode.GetBytes(b4hash): UTF-16 bytes hashed.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: createHmac('sha512', KEY).update(Buffer.from(good, 'utf16le')).digest('base64'), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'charset' }] } });
  const phpStyle = '{"invoice":"INV-77","note":"April\\/May"}';
  add({ name: 'payout-custom-fields-php-json', description: 'custom_fields hashed as PHP json_encode ("\\/"), sent as JSON.stringify.', endpoint: 'payout', wire: payoutValues, key: KEY, theirHash: hmac(b4hash(PAYOUT, { ...payoutValues, custom_fields: phpStyle }), { encoding: 'hex' }), expect: { verdict: 'diagnosed', endpoint: 'payout', mistakes: [{ id: 'json-style', field: 'custom_fields' }] } });
  add({ name: 'qr-return-params-python', description: 'return_params hashed as Python json.dumps (", " and ": ").', endpoint: 'generate-qr', wire: qr, key: KEY, theirHash: hmac(b4hash(QR, { ...qr, return_params: '{"order": "1001", "url": "https://merchant.example.com/o/1001"}' })), expect: { verdict: 'diagnosed', endpoint: 'generate-qr', mistakes: [{ id: 'json-style', field: 'return_params' }] } });

  // Catalog variants.
  add({ name: 'subscription-documented-order', description: 'Subscription hashed in the documented 25-field order (no ctid).', endpoint: 'subscription', wire: subscription, key: KEY, theirHash: hmac(b4hash(SUBSCRIPTION_DOC, subscription)), expect: { verdict: 'variant', endpoint: 'subscription', mistakes: [{ id: 'variant', variant: 'documented' }] } });
  const subscriptionShipping = { ...subscription, shipping: '2.00' };
  add({ name: 'subscription-ctid-after-shipping', description: "ctid (and pwt) placed after shipping, as another project's comment has it.", endpoint: 'subscription', wire: subscriptionShipping, key: KEY, theirHash: hmac(b4hash(SUBSCRIPTION_CTID_AFTER_SHIPPING, subscriptionShipping)), expect: { verdict: 'variant', endpoint: 'subscription', mistakes: [{ id: 'variant', variant: 'ctid-after-shipping' }] } });
  add({ name: 'check-prose-order', description: "Check transaction following the prose (no req_time in the hash).", endpoint: 'check-transaction', wire: check, key: KEY, theirHash: hmac(check.merchant_id + check.tran_id), expect: { verdict: 'variant', endpoint: 'check-transaction', mistakes: [{ id: 'variant', variant: 'prose' }] } });
  const plusSum = String(Number('2025') + Number(list.from_amount));
  add({ name: 'list-php-plus', description: 'The official sample\'s "$to_date + $from_amount" copied literally (PHP arithmetic).', endpoint: 'transaction-list', wire: list, key: KEY, theirHash: hmac(list.req_time + list.merchant_id + list.from_date + plusSum + list.to_amount + list.status + list.page + list.pagination), expect: { verdict: 'variant', endpoint: 'transaction-list', mistakes: [{ id: 'variant', variant: 'php-sample-plus' }] } });
  add({ name: 'payout-base64', description: 'Payout signed in Base64 like every other endpoint.', endpoint: 'payout', wire: payoutValues, key: KEY, theirHash: hmac(b4hash(PAYOUT, payoutValues)), expect: { verdict: 'variant', endpoint: 'payout', mistakes: [{ id: 'variant', variant: 'base64' }] } });
  const linkCardAmount = { ...linkCardV3, amount: '1.00' };
  add({ name: 'link-card-v3-oas', description: 'Link card v3 hashed with the 8 fields of the OpenAPI export (amount sent but not hashed).', endpoint: 'link-card-v3', wire: linkCardAmount, key: KEY, theirHash: hmac(b4hash(LINK_CARD_V3_OAS, linkCardAmount)), expect: { verdict: 'variant', endpoint: 'link-card-v3', mistakes: [{ id: 'variant', variant: 'oas-8' }] } });
  add({ name: 'partner-sha512-base64', description: 'Partner API signed the way one prose page says: HMAC-SHA512, Base64.', endpoint: 'partner-register-merchant', wire: partnerValues, key: 'partner-secret-key', theirHash: hmac(b4hash(PARTNER, partnerValues), { key: 'partner-secret-key' }), expect: { verdict: 'variant', endpoint: 'partner-register-merchant', mistakes: [{ id: 'variant', variant: 'prose-sha512-base64' }] } });

  // RSA fields.
  const perChunk = linkRsa.blocks.map((b) => b.toString('base64')).join('');
  const linkValues = { request_time: '20250213065545', merchant_id: 'ec000002', merchant_auth: linkRsa.base64 };
  add({ name: 'payment-link-rsa-per-chunk-hashed', description: 'merchant_auth Base64-encoded per chunk for the hash, once for the body.', endpoint: 'payment-link-create', wire: linkValues, key: KEY, theirHash: hmac(b4hash(REFUND, { ...linkValues, merchant_auth: perChunk })), expect: { verdict: 'diagnosed', endpoint: 'payment-link-create', mistakes: [{ id: 'rsa-per-chunk', field: 'merchant_auth' }] } });
  const perChunkValues = { ...linkValues, merchant_auth: perChunk };
  add({ name: 'payment-link-rsa-per-chunk-sent', description: 'merchant_auth Base64-encoded per chunk and sent that way: the hash is consistent, PayWay cannot decrypt.', request: `${SANDBOX}${PATHS.paymentLink}\n${multipartDump(perChunkValues)}`, key: KEY, theirHash: hmac(b4hash(REFUND, perChunkValues)), expect: { verdict: 'correct', endpoint: 'payment-link-create', mistakes: [], warning: 'each RSA chunk was Base64-encoded separately' } });
  const hexAuth = Buffer.from(refund.merchant_auth, 'base64').toString('hex');
  add({ name: 'refund-rsa-hex-hashed', description: 'merchant_auth hashed as hex, sent as Base64.', endpoint: 'refund', wire: refund, key: KEY, theirHash: hmac(b4hash(REFUND, { ...refund, merchant_auth: hexAuth })), expect: { verdict: 'diagnosed', endpoint: 'refund', mistakes: [{ id: 'rsa-hex', field: 'merchant_auth' }] } });

  // Pasted in other shapes, recognised by path or fields, with two mistakes at once.
  const sortedAmount = hmac(b4hash(sortedAll, { ...purchase, amount: '7' }));
  add({ name: 'purchase-sorted-and-amount', description: 'Two mistakes: sorted keys and amount "7".', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: sortedAmount, expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'order-sorted' }, { id: 'amount-format', field: 'amount' }] } });
  add({ name: 'purchase-raw-items-key-newline', description: 'Two mistakes: raw items and a key with a newline.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(b4hash(PURCHASE, { ...purchase, items: ITEMS_JSON }), { key: KEY + '\n' }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'raw-value', field: 'items' }, { id: 'key-whitespace' }] } });
  add({ name: 'purchase-curl-amount', description: 'Chrome "Copy as cURL (bash)" of a multipart purchase whose hash used amount "7".', request: curlBashMultipart(PATHS.purchase, { ...purchase, hash: hmac(b4hash(PURCHASE, { ...purchase, amount: '7' })) }), key: KEY, expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'amount-format', field: 'amount' }] } });
  add({ name: 'qr-curl-cmd-sorted', description: 'Chrome "Copy as cURL (cmd)" of a QR request with sorted keys.', request: curlCmdJson(PATHS.qr, { ...qr, hash: hmac(b4hash(Object.keys(qr).sort(), qr)) }), key: KEY, expect: { verdict: 'diagnosed', endpoint: 'generate-qr', mistakes: [{ id: 'order-sorted' }] } });
  const tokenValues = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'TOK4004', amount: '12.00', ctid: 'CTID123456', pwt: 'PWT987654321', currency: 'USD' };
  add({ name: 'purchase-with-token-by-fields', description: 'A JSON body to the shared purchase path with ctid and pwt; its hash left out currency.', request: `POST ${PATHS.purchase}\n${JSON.stringify({ ...tokenValues, hash: hmac(b4hash(PURCHASE_WITH_TOKEN.filter((f) => f !== 'currency'), tokenValues)) })}`, key: KEY, expect: { verdict: 'diagnosed', endpoint: 'purchase-with-token', mistakes: [{ id: 'field-missing', field: 'currency' }] } });
  add({ name: 'linked-lines-key-space', description: '"name: value" lines copied from the devtools form view (old link account); the key has a trailing space.', request: Object.entries(linkAccount).map(([n, v]) => `${n}: ${v}`).join('\n'), endpoint: 'link-account', key: KEY, theirHash: hmac(b4hash(LINK_ACCOUNT_OLD, linkAccount), { key: KEY + ' ' }), expect: { verdict: 'diagnosed', endpoint: 'link-account', mistakes: [{ id: 'key-whitespace' }] } });

  // ---- Issue 12: mistakes read in public integrations, each case made from the recipe as that code
  // writes it (typed here by hand, hashed with node:crypto), with the code it comes from named.
  const http = (path: string, headers: Record<string, string>, body: string) =>
    [`POST ${path} HTTP/1.1`, 'Host: checkout-sandbox.payway.com.kh', ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`), '', body].join('\n');
  const fingerprint = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);

  // A misspelt field, sent and hashed in its place: the body's order then equals the hash's, and the
  // rename must lead, not "the order the body sends them".
  const gpt = { req_time: purchase.req_time!, merchant_id: purchase.merchant_id!, tran_id: purchase.tran_id!, amount: purchase.amount!, items: purchase.items!, firstname: 'Sokha', lastname: 'Chan', email: purchase.email!, phone: purchase.phone!, payment_option: 'google_pay', return_url: purchase.return_url!, currency: 'USD', google_play_token: 'gpay-tok-7781' };
  const gptHashed = ['req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'shipping', 'firstname', 'lastname', 'email', 'phone', 'type', 'payment_option', 'return_url', 'cancel_url', 'continue_success_url', 'return_deeplink', 'currency', 'custom_fields', 'return_params', 'payout', 'lifetime', 'additional_params', 'google_play_token', 'skip_success_page'];
  add({ name: 'purchase-google-play-token', source: 'tykealy/payway-ts src/client.ts (buildTransactionPayload sends and hashes google_play_token)', description: 'google_pay_token misspelt google_play_token, in the body and in the hash at its place.', endpoint: 'purchase', wire: gpt, key: KEY, theirHash: hmac(b4hash(gptHashed, gpt)), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'field-renamed', field: 'google_pay_token' }], first: { id: 'field-renamed', field: 'google_pay_token' }, alternative: { id: 'order-form' }, says: 'did you mean google_pay_token' } });

  // Older names for the list's filters, sent and hashed under those names.
  const nodeList = { req_time: '20250213065545', merchant_id: 'ec000002', from_date: '2025-02-11 00:00:00', to_date: '2025-02-13 23:59:59', payment_status: 'APPROVED', page: '1', page_size: '40' };
  const nodeListOrder = ['req_time', 'merchant_id', 'from_date', 'to_date', 'amount', 'payment_type', 'payment_status', 'page', 'page_size'];
  add({ name: 'list-old-filter-names', source: 'abapayway/node src/modules/checkout.ts (getTransactionList hashes amount, payment_type, payment_status, page_size)', description: 'Transaction list with payment_status and page_size for status and pagination, hashed in their places.', request: http('/api/payment-gateway/v1/payments/transaction-list-2', { 'Content-Type': 'application/json', 'User-Agent': 'node-fetch/1.0' }, JSON.stringify({ ...nodeList, hash: hmac(b4hash(nodeListOrder, nodeList)) })), key: KEY, expect: { verdict: 'diagnosed', endpoint: 'transaction-list', mistakes: [{ id: 'field-renamed', field: 'status' }], first: { id: 'field-renamed' }, alternative: { id: 'order-form' }, language: 'node', says: 'did you mean status, pagination' } });

  // The neighbouring endpoint's recipe.
  const cancelAuth = { merchant_auth: preAuth.merchant_auth, request_time: preAuth.request_time, merchant_id: preAuth.merchant_id };
  add({ name: 'pre-auth-cancel-completion-recipe', source: 'tykealy/payway-ts src/client.ts (buildCancelPreAuthPayload hashes merchant_auth + request_time + merchant_id)', description: 'Pre-auth cancel signed with the completion recipe (merchant_auth, request_time, merchant_id).', request: http('/api/merchant-portal/merchant-access/online-transaction/pre-auth-cancellation', { 'Content-Type': 'application/json' }, JSON.stringify({ ...cancelAuth, hash: hmac(b4hash(PRE_AUTH_COMPLETE, cancelAuth)) })), key: KEY, expect: { verdict: 'diagnosed', endpoint: 'pre-auth-cancel', mistakes: [{ id: 'recipe-of', endpoint: 'pre-auth-complete' }], first: { id: 'recipe-of', endpoint: 'pre-auth-complete' }, alternative: { id: 'order-form' } } });
  const v3Pay = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'PAY3001', amount: '15.00', ctid: 'CTID123456', pwt: 'PWT987654321', currency: 'USD', return_url: b64('https://merchant.example.com/payway/v3'), items: b64(ITEMS_JSON), custom_fields: b64('{"order":"1001"}') };
  add({ name: 'payment-v3-old-token-recipe', source: 'abapayway/node src/modules/credentials.ts (payment() posts to the v3 payment with the old purchase-with-token field list)', description: 'v3 payment (chosen by hand: the client posts to a path PayWay does not have) signed with the old Purchase-using-token recipe (req_time, …, ctid, pwt, …, return_url, currency, …).', endpoint: 'payment-v3', wire: v3Pay, key: KEY, theirHash: hmac(b4hash(PURCHASE_WITH_TOKEN, v3Pay)), expect: { verdict: 'diagnosed', endpoint: 'payment-v3', mistakes: [{ id: 'recipe-of', endpoint: 'purchase-with-token' }], first: { id: 'recipe-of', endpoint: 'purchase-with-token' }, warning: 'Did you mean request_time?' } });
  const goRefund = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '17394277693', amount: '1.50' };
  add({ name: 'refund-check-fields-sorted', source: 'khonchanphearaa/go-payway pkg/payway/refund.go and pkg/hash/hash.go (sorted map values; req_time, tran_id, amount instead of request_time, merchant_auth)', description: 'Refund sent with check-transaction fields plus amount, hashed as the values of the sorted keys.', request: http('/api/merchant-portal/merchant-access/online-transaction/refund', { 'Content-Type': 'application/json', 'User-Agent': 'Go-http-client/1.1' }, JSON.stringify({ ...goRefund, hash: hmac(b4hash(Object.keys(goRefund).sort(), goRefund)) })), key: KEY, expect: { verdict: 'diagnosed', endpoint: 'refund', mistakes: [{ id: 'order-sorted-all' }], first: { id: 'order-sorted-all' }, language: 'go', says: 'not of Refund' } });
  const goPurchase = { ...purchase, callback_url: b64('https://merchant.example.com/payway/cb') };
  add({ name: 'purchase-callback-url-hashed', source: 'khonchanphearaa/go-payway pkg/payway/checkout.go (Purchase sends callback_url, a QR API field, and hashes every field it sends)', description: 'callback_url (a field of the QR API, not of Purchase) sent and appended to the string to sign.', endpoint: 'purchase', wire: goPurchase, key: KEY, theirHash: hmac(b4hash([...PURCHASE, 'callback_url'], goPurchase)), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'field-foreign', field: 'callback_url' }], first: { id: 'field-foreign', field: 'callback_url' }, says: 'is not a field of Purchase but of' } });
  add({ name: 'purchase-pre-2020-recipe', source: 'VengTryTan/VkBooking app/PayWayApiCheckout.php (hash_hmac over MERCHANT_ID . $transactionId . $amount)', description: 'Purchase signed the way the pre-2020 PayWay checkout was: merchant_id . tran_id . amount.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(purchase.merchant_id! + purchase.tran_id! + purchase.amount!), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'recipe-legacy' }], first: { id: 'recipe-legacy' } } });
  const joselay = { ...purchase, view_type: 'hosted_view', payment_gate: '0' };
  const joselayOrder = ['req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'shipping', 'firstname', 'lastname', 'email', 'phone', 'type', 'payment_option', 'return_url', 'cancel_url', 'continue_success_url', 'return_deeplink', 'currency', 'custom_fields', 'return_params', 'view_type', 'payment_gate', 'payout', 'lifetime', 'additional_params', 'google_pay_token', 'skip_success_page'];
  add({ name: 'purchase-view-type-payment-gate-in-middle', source: 'Joselay/aba-payway src/client.ts at 3cadf4e (createTransaction hashes viewType and paymentGate between returnParams and payout)', description: 'view_type and payment_gate (sent, never hashed) hashed together after return_params.', endpoint: 'purchase', wire: joselay, key: KEY, theirHash: hmac(b4hash(joselayOrder, joselay)), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'fields-extra-block' }], first: { id: 'fields-extra-block' } } });
  const qrDrift = { ...qr, firstname: 'Dara' };
  add({ name: 'qr-firstname-for-first-name', source: 'reference §1.6 naming drift (Purchase firstname, QR API first_name); abapayway/node src/types/qr.ts', description: 'The QR API sent firstname (the Purchase name) and hashed it where first_name belongs.', endpoint: 'generate-qr', wire: qrDrift, key: KEY, theirHash: hmac(b4hash(QR, { ...qr, first_name: 'Dara' })), expect: { verdict: 'diagnosed', endpoint: 'generate-qr', mistakes: [{ id: 'field-renamed', field: 'first_name' }], first: { id: 'field-renamed', field: 'first_name' } } });

  // Language-level stringification.
  const itemsArray = JSON.parse(ITEMS_JSON) as { name: string; quantity: number; price: number }[];
  const jsItems = itemsArray.map(() => '[object Object]').join(',');
  add({ name: 'purchase-items-object-object', source: 'tykealy/payway-ts src/client.ts (create_payload hashes Object.values(body).map(String))', description: 'items concatenated as the array itself: String() gives "[object Object],[object Object]"; the body carries its Base64 JSON.', request: `fetch("https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/purchase", {\n  "headers": { "content-type": "application/json" },\n  "body": ${JSON.stringify(JSON.stringify({ ...purchase, hash: hmac(b4hash(PURCHASE, { ...purchase, items: jsItems })) }))},\n  "method": "POST"\n});`, key: KEY, expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'stringified', field: 'items' }], first: { id: 'stringified', field: 'items' }, language: 'node', says: 'Your Node.js code' } });
  add({ name: 'purchase-items-php-array', source: 'shah-shreya/payway-test-package README (items passed to the PayWay form as a PHP array)', description: 'items concatenated as a PHP array: "Array" in the hash; the body carries the Base64 JSON.', request: http(PATHS.purchase, { 'Content-Type': 'application/json', 'User-Agent': 'GuzzleHttp/7' }, JSON.stringify({ ...purchase, hash: hmac(b4hash(PURCHASE, { ...purchase, items: 'Array' })) })), key: KEY, expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'stringified', field: 'items' }], language: 'php', says: 'json_encode' } });
  const pyRepr = "[{'name': 'Café Latté > large', 'quantity': 2, 'price': 2.75}, {'name': 'Croissant', 'quantity': 1, 'price': 1.5}]";
  add({ name: 'purchase-items-python-str', source: 'Sourcedevkh/py-payway aba_sdk/utils/hash.py (generate_hash joins str(v) for every value)', description: 'items given as a list: str(items) is its Python repr, not the JSON the body carries.', request: http(PATHS.purchase, { 'Content-Type': 'application/json', 'User-Agent': 'python-requests/2.32.3' }, JSON.stringify({ ...purchase, hash: hmac(b4hash(PURCHASE, { ...purchase, items: pyRepr })) })), key: KEY, expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'stringified', field: 'items' }], language: 'python', says: 'json.dumps' } });
  const pyFlag = { ...purchase, skip_success_page: 'true' };
  const pyFlagBody = JSON.stringify({ ...purchase, hash: hmac(b4hash(PURCHASE, { ...purchase, skip_success_page: 'True' })) }).replace(/}$/, ',"skip_success_page":true}');
  add({ name: 'purchase-flag-python-true', source: 'Sourcedevkh/py-payway aba_sdk/utils/hash.py (str(v) of a bool is "True")', description: 'skip_success_page sent as the JSON literal true, hashed as Python str(True) = "True".', request: http(PATHS.purchase, { 'Content-Type': 'application/json', 'User-Agent': 'python-requests/2.32.3' }, pyFlagBody), key: KEY, expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'stringified', field: 'skip_success_page' }], language: 'python' } });
  void pyFlag;
  const body = JSON.stringify(purchase);
  add({ name: 'purchase-whole-body-json', source: "toblinkz/tobi-test-ssrr static/js/has_request_payload.js (HMAC-SHA512 over JSON.stringify of the request: another gateway's recipe); reference §15 #19 (PayWay's pushback signs JSON)", description: 'The JSON body (without hash) hashed instead of the string to sign.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(body), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'whole-body-json' }] } });

  // Keys with other whitespace or quoting.
  add({ name: 'purchase-key-carriage-return', source: 'reference §15 #12; tykealy/payway-ts src/utils.ts (trims values read from .env)', description: 'The key read from a Windows .env line by line: "\\n" removed, "\\r" kept.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good, { key: KEY + '\r' }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'key-whitespace' }], says: 'carriage return' } });
  add({ name: 'purchase-key-bom', source: 'reference §15 #12 (whitespace in keys); a key file saved as UTF-8 with BOM', description: 'The key read from the first line of a file saved with a byte-order mark.', endpoint: 'purchase', wire: purchase, key: KEY, theirHash: hmac(good, { key: '\ufeff' + KEY }), expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'key-whitespace' }], says: 'byte-order mark' } });
  add({ name: 'check-key-quoted-newline', source: 'tzsk/payu issue #323 (a key quoted in .env); reference §15 #12', description: 'The whole config line value read as the key: quotes and the line break included.', endpoint: 'check-transaction', wire: check, key: KEY, theirHash: hmac(b4hash(CHECK, check), { key: `"${KEY}"\n` }), expect: { verdict: 'diagnosed', endpoint: 'check-transaction', mistakes: [{ id: 'key-quoted' }] } });

  // Refused requests whose hash is right for the key given.
  const wrongKey = 'my-sandbox-api-key-2025';
  const checkBody = (k: string, values: Record<string, string> = check) => JSON.stringify({ ...values, hash: hmac(b4hash(CHECK, values), { key: k }) });
  add({ name: 'check-refused-wrong-key-emulator', source: 'issue #12 (the emulator refused a request signed with another key; the doctor called it correct); reference §15 #11', description: 'Check transaction signed with the key in the environment, not the emulator merchant\'s: the hash is right for that key, the emulator answers 5.', request: http(PATHS.check, { 'Content-Type': 'application/json' }, checkBody(wrongKey)), key: wrongKey, refused: { by: 'emulator', code: '5', message: 'Invalid hash', merchantId: 'ec000002', merchantKeyFingerprint: fingerprint(DEMO_MERCHANT.apiKey) }, now: '2025-02-13T06:57:00Z', expect: { verdict: 'diagnosed', endpoint: 'check-transaction', mistakes: [{ id: 'refused-key-mismatch' }], first: { id: 'refused-key-mismatch' }, says: 'is not the one the emulator holds for merchant ec000002' } });
  add({ name: 'check-refused-key-newline-emulator', source: 'reference §15 #12; tykealy/payway-ts src/utils.ts (trim)', description: 'The key read from a file with its line break; the hash is right for that text, the emulator\'s key has no line break.', request: http(PATHS.check, { 'Content-Type': 'application/json' }, checkBody(DEMO_MERCHANT.apiKey + '\n')), key: DEMO_MERCHANT.apiKey + '\n', refused: { by: 'emulator', code: '5', merchantKeyFingerprint: fingerprint(DEMO_MERCHANT.apiKey) }, now: '2025-02-13T06:57:00Z', expect: { verdict: 'diagnosed', endpoint: 'check-transaction', mistakes: [{ id: 'refused-key-whitespace' }], first: { id: 'refused-key-whitespace' } } });
  const localCheck = { ...check, req_time: '20250213135545' };
  add({ name: 'check-refused-local-time', source: 'tykealy/payway-ts src/client.ts (req_time = date-fns format(date, "yyyyMMddHHmmss"), local time)', description: 'req_time made in local time (UTC+7) in the body and the hash alike: the hash is right, PayWay sees a time 7 hours ahead.', request: http(PATHS.check, { 'Content-Type': 'application/json' }, checkBody(KEY, localCheck)), key: KEY, refused: { by: 'sandbox', code: '5' }, now: '2025-02-13T06:56:10Z', expect: { verdict: 'diagnosed', endpoint: 'check-transaction', mistakes: [{ id: 'refused-time-local', field: 'req_time' }], first: { id: 'refused-time-local' }, says: 'UTC+7' } });
  add({ name: 'check-refused-other-merchant-id', source: 'reference §15 #11 (sandbox and production credentials differ)', description: 'The sandbox merchant id sent with a request the target knows under another merchant.', request: http(PATHS.check, { 'Content-Type': 'application/json' }, checkBody(KEY)), key: KEY, refused: { by: 'emulator', code: '5', merchantId: 'ec000777', merchantKeyFingerprint: fingerprint(KEY) }, now: '2025-02-13T06:57:00Z', expect: { verdict: 'diagnosed', endpoint: 'check-transaction', mistakes: [{ id: 'refused-merchant-other', field: 'merchant_id' }], first: { id: 'refused-merchant-other' } } });
  const pctItems = { ...purchase, items: encodeURIComponent(purchase.items!) };
  add({ name: 'purchase-refused-url-encoded-base64', source: 'reference §15 #13 (Base64 "+" and "=" mangled by form encoding)', description: 'items percent-encoded before it was put in a JSON body: the hash is right for that text, PayWay cannot read it.', request: http(PATHS.purchase, { 'Content-Type': 'application/json' }, JSON.stringify({ ...pctItems, hash: hmac(b4hash(PURCHASE, pctItems)) })), key: KEY, refused: { by: 'sandbox', code: '1' }, now: '2025-07-28T02:21:00Z', expect: { verdict: 'diagnosed', endpoint: 'purchase', mistakes: [{ id: 'refused-url-encoded', field: 'items' }] } });
  const pyQr = { ...qr, amount: '7.0', currency: 'USD' };
  const pyQrBody = JSON.stringify({ ...pyQr, hash: hmac(b4hash(QR, pyQr)) }).replace('"amount":"7.0"', '"amount":7.0');
  add({ name: 'qr-refused-json-float', source: 'Sourcedevkh/py-payway aba_sdk/models/qr.py (hash over str(self.amount), body "amount": self.amount as a float)', description: 'amount hashed as str(7.0) = "7.0" and sent as the JSON number 7.0: PayWay decodes the JSON and hashes "7" (the JSON number rule), so the doctor reproduces the hash.', request: http(PATHS.qr, { 'Content-Type': 'application/json', 'User-Agent': 'python-requests/2.32.3' }, pyQrBody), key: KEY, refused: { by: 'sandbox', code: '1', message: 'Wrong hash' }, now: '2025-02-13T06:57:00Z', expect: { verdict: 'diagnosed', endpoint: 'generate-qr', mistakes: [{ id: 'amount-format', field: 'amount' }], first: { id: 'amount-format' }, language: 'python' } });
  return cases;
}

/** Rewrites tests/doctor/corpus/ from buildCorpus(). */
export function writeCorpus(): number {
  rmSync(CORPUS_DIR, { recursive: true, force: true });
  mkdirSync(CORPUS_DIR, { recursive: true });
  const cases = buildCorpus();
  cases.forEach((c, i) => writeFileSync(join(CORPUS_DIR, `${String(i + 1).padStart(2, '0')}-${c.name}.json`), JSON.stringify(c, null, 2) + '\n'));
  return readdirSync(CORPUS_DIR).length;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  console.log(`wrote ${writeCorpus()} cases to ${CORPUS_DIR}`);
}
